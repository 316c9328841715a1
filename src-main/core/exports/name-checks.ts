import type { ExportFinding } from '../../../src-shared/api/exports'
import type { ExportInvoice } from './export-invoice'
import { hasInchMark, iifField, isFormulaLike } from './export-text'
import type { AccountingSystem } from './invoice-source'

type Add = (code: string, severity: ExportFinding['severity'], message: string, fix: string) => void

/**
 * The longest name each system keeps, per name (a QuickBooks "Parent:Child" name per level).
 * QBO: Intuit API reference, Customer.DisplayName 500 and Item.Name 100. Xero: API schema,
 * Contact.Name 255 and Item.Code 30. QuickBooks Desktop: customer 41 (checked with the IIF
 * invoice fields), item 31 (Intuit SDK ItemServiceAdd Name).
 */
export const NAME_LIMITS: Record<AccountingSystem, { customer: number; item: number }> = {
  qbo: { customer: 500, item: 100 },
  xero: { customer: 255, item: 30 },
  iif: { customer: 41, item: 31 },
}

const WORDS: Record<AccountingSystem, { label: string; customer: string; item: string }> = {
  qbo: { label: 'QuickBooks Online', customer: 'customer display name', item: 'product/service name' },
  xero: { label: 'Xero', customer: 'contact name', item: 'item code' },
  iif: { label: 'QuickBooks Desktop', customer: 'customer name', item: 'item name' },
}

/**
 * Names the accounting system would read differently or refuse: a colon in a customer's own
 * name (QuickBooks reads "Acme: Heating" as customer "Acme" with a job), names over the
 * system's length, and inch marks IIF rewrites.
 */
export function checkNames(inv: ExportInvoice, system: AccountingSystem, add: Add): void {
  const words = WORDS[system]
  const customerFix = `Give customer ${inv.customerId ?? ''} an accounting name as in ${words.label} (setup file: customers[id=${inv.customerId ?? ''}].accountingName, or Dispatch > Import > Customers)`
  const customer = inv.customerNames[system] ?? inv.customerName
  const deliberate = inv.customerAccountingNamed?.[system] === true
  if (system !== 'xero' && !deliberate && customer.includes(':')) {
    add(
      'customer-name-colon',
      'block',
      `customer "${customer}" has a colon, which ${words.label} reads as Customer:Job (customer "${customer.split(':')[0]!.trim()}" with a job)`,
      `${customerFix}, without the colon, or "Parent:Job" if it really is a job of a parent customer`,
    )
  }
  const written = (name: string) => (system === 'iif' ? iifField(name) : name)
  const tooLong = (name: string, max: number) =>
    written(name)
      .split(':')
      .some((part) => part.length > max)
  // IIF's customer length is checked with its invoice fields (customer-name-too-long).
  if (system !== 'iif' && tooLong(customer, NAME_LIMITS[system].customer)) {
    add(
      'name-too-long',
      'block',
      `${words.customer} "${customer}" is ${customer.length} characters; ${words.label} allows ${NAME_LIMITS[system].customer}`,
      customerFix,
    )
  }
  const items = new Set(inv.lines.map((l) => l.names[system]).filter((n): n is string => n !== undefined))
  for (const item of items) {
    if (!tooLong(item, NAME_LIMITS[system].item)) continue
    add(
      'name-too-long',
      'block',
      `${words.item} "${item}" is ${written(item).length} characters; ${words.label} allows ${NAME_LIMITS[system].item}${item.includes(':') ? ' per level' : ''}`,
      `Use the item's shorter name in ${words.label}: Settings > Accounting names (price book, labor, taxes) or Exports > Export settings > Accounting names`,
    )
  }
  if (system === 'iif' && inv.lines.some((l) => hasInchMark(l.description))) {
    add(
      'text-transliterated',
      'warning',
      'inch marks in line descriptions are written as "in" (16"x25" as 16inx25in): IIF cannot carry a double quote, and a single one would read as feet',
      'Nothing to do; to choose the wording yourself, write "in" in the description',
    )
  }
}

/**
 * Import CSVs keep the exact text (a leading quote would become part of a name), but a cell that
 * starts like a formula runs as one if someone opens the file in a spreadsheet first.
 */
export function checkFormulaText(inv: ExportInvoice, system: 'qbo' | 'xero', add: Add): void {
  const texts = [
    inv.customerNames[system] ?? inv.customerName,
    inv.poNumber ?? '',
    ...inv.lines.flatMap((l) => [l.description, l.names[system] ?? '']),
  ]
  const risky = [...new Set(texts.filter(isFormulaLike))]
  if (risky.length === 0) return
  add(
    'formula-like-text',
    'warning',
    `${risky.map((t) => `"${t}"`).join(', ')} start(s) with =, +, -, @ or a tab: written exactly as is for ${WORDS[system].label}, but a spreadsheet would run it as a formula`,
    'Import the file without opening it in Excel first; to be safe, change the text in the job or Settings so it starts with a letter or digit',
  )
}
