import { IdSchema } from '../../../src-shared/schemas/primitives'
import type { Kysely } from 'kysely'
import type { Database } from '../db/schema'
import { customerAddressColumns, type CustomerAddressColumns } from '../db/customer-address'
import { pick, parseYesNo, type CsvTable } from './csv-table'
import {
  changedColumns,
  firstSeen,
  pickColumns,
  RowCheck,
  type ImportPlan,
  type PlannedRow,
  type TrxWrite,
} from './import-plan'
import {
  customersIn,
  insertCustomerIn,
  taxIdsIn,
  updateCustomerIn,
  type CustomerRow,
} from '../setup/catalog-writes.repo'

export const CUSTOMER_KEY_COLUMNS = ['contactname', 'customer', 'displayname', 'customerdisplayname', 'name'] as const

/** Where each layout keeps an address's parts; a layout's first matching column wins. */
const ADDRESS_COLUMNS = {
  xero: {
    line1: ['poaddressline1', 'saaddressline1'],
    line2: [
      ['poaddressline2', 'saaddressline2'],
      ['poaddressline3', 'saaddressline3'],
      ['poaddressline4', 'saaddressline4'],
    ],
    city: ['pocity', 'sacity'],
    region: ['poregion', 'saregion'],
    postalCode: ['popostalcode', 'sapostalcode'],
    country: ['pocountry', 'sacountry'],
  },
  quickbooks: {
    line1: ['billingaddressline1', 'street', 'billingstreet'],
    line2: [['billingaddressline2'], ['billingaddressline3']],
    city: ['billingaddresscity', 'city', 'billingcity'],
    region: ['billingaddressstate', 'state', 'billingstate'],
    postalCode: ['billingaddresspostalcode', 'zip', 'billingzip'],
    country: ['billingaddresscountry', 'country', 'billingcountry'],
  },
  template: {
    line1: ['addressline1', 'line1'],
    line2: [['addressline2', 'line2']],
    city: ['city'],
    region: ['region', 'state'],
    postalCode: ['postalcode', 'zip'],
    country: ['country'],
  },
} as const

/**
 * The row's address: the parts when the layout has them (Xero's PO* columns, QuickBooks' billing
 * columns, the template's addressLine1…country), else its one-line column kept as line 1; null
 * when the row gives no address, so the customer keeps theirs.
 */
function rowAddress(
  record: Parameters<typeof pick>[0],
  format: keyof typeof ADDRESS_COLUMNS,
): CustomerAddressColumns | null {
  const c = ADDRESS_COLUMNS[format]
  const parts = {
    line1: pick(record, ...c.line1),
    line2: c.line2
      .map((group) => pick(record, ...group))
      .filter(Boolean)
      .join(', '),
    city: pick(record, ...c.city),
    region: pick(record, ...c.region),
    postalCode: pick(record, ...c.postalCode),
    country: pick(record, ...c.country),
  }
  if (Object.values(parts).some(Boolean)) return customerAddressColumns(parts)
  const oneLine =
    format === 'quickbooks'
      ? pick(record, 'billingaddress', 'billtoaddress')
      : format === 'template'
        ? pick(record, 'address')
        : ''
  return oneLine ? customerAddressColumns(oneLine) : null
}

/**
 * Customers from a QuickBooks Online customer list, a Xero contacts export or the plain
 * template. Accounting exports carry no Closeout id: a row updates the customer with the same
 * accounting name (or name) and otherwise becomes a new C-<n>. Read in `db` (the import's
 * transaction when it commits, so a new number is taken from the rows it writes beside).
 */
export async function planCustomers(db: Kysely<Database>, table: CsvTable): Promise<ImportPlan<TrxWrite>> {
  const h = new Set(table.headers)
  const format = h.has('contactname')
    ? 'xero'
    : h.has('customer') || h.has('displayname') || h.has('customerdisplayname')
      ? 'quickbooks'
      : 'template'
  const all = await customersIn(db)
  const byId = new Map(all.map((c) => [c.id, c]))
  const byName = new Map<string, CustomerRow>()
  for (const c of all) {
    byName.set(c.name.toLowerCase(), c)
    if (c.accounting_name) byName.set(c.accounting_name.toLowerCase(), c)
  }
  const taxes = new Set(await taxIdsIn(db))
  let nextNumber = Math.max(99, ...all.map((c) => Number(/^C-(\d+)$/.exec(c.id)?.[1] ?? 0))) + 1
  const duplicate = firstSeen()

  const rows = table.records.map((record): PlannedRow<TrxWrite> => {
    const check = new RowCheck(record)
    const name =
      format === 'xero'
        ? pick(record, 'contactname')
        : format === 'quickbooks'
          ? pick(record, 'customer', 'displayname', 'customerdisplayname', 'name', 'company')
          : pick(record, 'name')
    if (!name) check.fail(format === 'xero' ? '*ContactName' : 'name', 'the name is empty')
    else if (name.length > 200) check.fail('name', 'the name is longer than 200 characters')
    else duplicate(name, check, 'name')
    const givenId = format === 'template' ? pick(record, 'id') : ''
    if (givenId && !IdSchema.safeParse(givenId).success)
      check.fail('id', `"${givenId}" is not a valid id (letters, digits, ".", "_" or "-")`)
    const existing = givenId ? byId.get(givenId) : byName.get(name.toLowerCase())
    const address = rowAddress(record, format)
    const email = format === 'xero' ? pick(record, 'emailaddress') : pick(record, 'email', 'mainemail', 'emailaddress')
    const phone =
      format === 'xero'
        ? pick(record, 'phonenumber', 'mobilenumber')
        : pick(record, 'phone', 'phonenumbers', 'mainphone', 'mobile')
    if (email && !/^[^@\s]+@[^@\s]+$/.test(email)) check.fail('email', `"${email}" is not an email address`)
    let requiresSignature = existing ? existing.requires_signature === 1 : false
    let taxId = existing?.tax_id ?? null
    if (format === 'template') {
      const sig = parseYesNo(pick(record, 'requiressignature'), requiresSignature)
      if (sig === null) check.fail('requiresSignature', `"${pick(record, 'requiressignature')}" is not yes or no`)
      else requiresSignature = sig
      const tax = pick(record, 'taxid')
      if (tax && !taxes.has(tax)) check.fail('taxId', `there is no tax "${tax}" (set taxes up in Settings first)`)
      else if (tax) taxId = tax
    }
    const id = existing?.id ?? (givenId || (check.errors.length ? '' : `C-${nextNumber}`))
    const wanted: Omit<CustomerRow, 'send_packets_to_json'> = {
      id,
      // An accounting export names the customer its own way: keep Closeout's name, remember theirs.
      name: existing && format !== 'template' ? existing.name : name,
      ...(address ?? (existing ? existingAddress(existing) : customerAddressColumns(''))),
      email: email || existing?.email || '',
      phone: phone || existing?.phone || '',
      requires_signature: requiresSignature ? 1 : 0,
      tax_id: taxId,
      accounting_name: format === 'template' ? (existing?.accounting_name ?? null) : name,
    }
    const summary = [name || '(no name)', wanted.phone, wanted.email].filter(Boolean).join(' · ')
    const changed = changedColumns(existing, wanted)
    if (check.errors.length === 0 && !existing && !givenId) nextNumber++
    if (!existing) return check.result<TrxWrite>(id || null, summary, 'create', (trx) => insertCustomerIn(trx, wanted))
    if (changed.length === 0) return check.result<TrxWrite>(id, summary, 'unchanged')
    return check.result<TrxWrite>(id, summary, 'update', (trx) =>
      updateCustomerIn(trx, id, pickColumns(wanted, changed)),
    )
  })
  return { format, formatLabel: LABELS[format], rows }
}

const LABELS = {
  xero: 'Xero contacts export',
  quickbooks: 'QuickBooks customer list',
  template: 'Closeout customer template',
} as const

function existingAddress(c: CustomerRow): CustomerAddressColumns {
  const { address, address_line1, address_line2, city, region, postal_code, country } = c
  return { address, address_line1, address_line2, city, region, postal_code, country }
}
