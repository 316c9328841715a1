import { parseMoney } from '../../../src-shared/domain/money'
import { SkuSchema } from '../../../src-shared/schemas/primitives'
import type { Kysely } from 'kysely'
import type { Database } from '../db/schema'
import { cleanPrice, parseYesNo, pick, type CsvTable } from './csv-table'
import {
  changedColumns,
  firstSeen,
  pickColumns,
  RowCheck,
  type ImportPlan,
  type PlannedRow,
  type TrxWrite,
} from './import-plan'
import { mappingNamesIn, setMappingNameIn } from '../settings/accounting-mappings.repo'
import {
  insertPriceBookItemIn,
  priceBookItemsIn,
  updatePriceBookItemIn,
  type PriceBookRow,
} from '../setup/catalog-writes.repo'

export const PRICE_BOOK_KEY_COLUMNS = ['itemcode', 'productservicename', 'productservice', 'sku'] as const

const QBO_SELLABLE = ['', 'service', 'non-inventory', 'noninventory', 'inventory']

/**
 * Price-book items from a QuickBooks Online products and services export, a Xero items
 * export or the plain template. The accounting system's item name is kept as the item's
 * mapping, so exports later use the exact name the accounting system knows. Read in `db` (the
 * import's transaction when it commits).
 */
export async function planPriceBook(db: Kysely<Database>, table: CsvTable): Promise<ImportPlan<TrxWrite>> {
  const h = new Set(table.headers)
  const format = h.has('itemcode')
    ? 'xero'
    : h.has('productservicename') || h.has('productservice')
      ? 'quickbooks'
      : 'template'
  const system = format === 'xero' ? 'xero' : 'qbo'
  const existingItems = new Map((await priceBookItemsIn(db)).map((i) => [i.sku, i]))
  const mappedNames = await mappingNamesIn(db, 'item', system)
  const duplicate = firstSeen()

  const rows = table.records.map((record): PlannedRow<TrxWrite> => {
    const check = new RowCheck(record)
    const accountingName =
      format === 'xero'
        ? pick(record, 'itemcode')
        : format === 'quickbooks'
          ? pick(record, 'productservicename', 'productservice')
          : ''
    const sku =
      format === 'xero'
        ? accountingName
        : format === 'quickbooks'
          ? pick(record, 'sku') || accountingName
          : pick(record, 'sku')
    const skuColumn =
      format === 'xero' ? '*ItemCode' : format === 'quickbooks' && !pick(record, 'sku') ? 'Product/Service Name' : 'sku'
    if (!sku) check.fail(skuColumn, 'the SKU is empty')
    else {
      const valid = SkuSchema.safeParse(sku)
      if (!valid.success) check.fail(skuColumn, `"${sku}" ${valid.error.issues[0]?.message ?? 'is not a valid SKU'}`)
      else duplicate(sku, check, skuColumn)
    }
    if (format === 'quickbooks') {
      const type = pick(record, 'type').toLowerCase()
      if (!QBO_SELLABLE.includes(type))
        check.fail('Type', `a QuickBooks "${pick(record, 'type')}" is not an item Closeout can price`)
    }
    const description =
      format === 'xero'
        ? pick(record, 'salesdescription', 'itemname', 'itemcode')
        : format === 'quickbooks'
          ? pick(record, 'salesdescription', 'description', 'productservicename', 'productservice')
          : pick(record, 'description')
    if (!description) check.fail('description', 'the description is empty')
    else if (description.length > 500) check.fail('description', 'the description is longer than 500 characters')
    const priceText =
      format === 'xero'
        ? pick(record, 'salesunitprice')
        : format === 'quickbooks'
          ? pick(record, 'salespricerate', 'salesprice', 'price', 'rate')
          : pick(record, 'unitprice')
    const priceColumn =
      format === 'xero' ? 'SalesUnitPrice' : format === 'quickbooks' ? 'Sales Price / Rate' : 'unitPrice'
    let cents = 0
    if (!priceText) check.fail(priceColumn, 'the price is empty')
    else {
      const price = cleanPrice(priceText)
      if ('error' in price) check.fail(priceColumn, price.error)
      else cents = parseMoney(price.value)
    }
    let taxable: boolean | null = true
    if (format === 'xero') taxable = !/exempt|no tax|zero|none/i.test(pick(record, 'salestaxrate'))
    else {
      const taxColumn = format === 'quickbooks' ? 'Taxable' : 'taxable'
      taxable = parseYesNo(pick(record, 'taxable'), existingItems.get(sku)?.taxable !== 0)
      if (taxable === null) check.fail(taxColumn, `"${pick(record, 'taxable')}" is not yes or no`)
    }
    const wanted: PriceBookRow = { sku, description, unit_price_cents: cents, taxable: taxable ? 1 : 0 }
    const existing = existingItems.get(sku)
    const mappingChanged = accountingName !== '' && mappedNames.get(sku) !== accountingName
    const changed = changedColumns(existing, wanted)
    const summary = [description || '(no description)', priceText].filter(Boolean).join(' · ')
    const write: TrxWrite = async (trx) => {
      if (!existing) await insertPriceBookItemIn(trx, wanted)
      else if (changed.length) await updatePriceBookItemIn(trx, sku, pickColumns(wanted, changed))
      if (mappingChanged) await setMappingNameIn(trx, 'item', sku, system, accountingName)
    }
    if (!existing) return check.result(sku || null, summary, 'create', write)
    return check.result(sku, summary, changed.length || mappingChanged ? 'update' : 'unchanged', write)
  })
  return { format, formatLabel: LABELS[format], rows }
}

const LABELS = {
  xero: 'Xero items export',
  quickbooks: 'QuickBooks products and services',
  template: 'Closeout price book template',
} as const
