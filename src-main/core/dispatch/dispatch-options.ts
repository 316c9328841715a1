import { formatMoney } from '../../../src-shared/domain/money'
import type { DispatchOptions } from '../../../src-shared/api/dispatch'
import type { EngineDb } from '../db/engine-db'
import {
  listCustomers,
  listJobTypes,
  listLaborRates,
  listPriceBook,
  listTechnicians,
} from '../setup/catalog-reads.repo'
import { companyCurrency } from '../setup/company-reads.repo'

/**
 * The lists the Dispatch form and the inbox filters pick from, sorted the way people read them
 * (dispatch.options), on the async path of issue #17: the same answer on the SQLite file and
 * on PostgreSQL.
 */
export async function dispatchOptions(edb: EngineDb): Promise<DispatchOptions> {
  const [currency, customers, technicians, jobTypes, priceBook, laborRates] = await Promise.all([
    companyCurrency(edb),
    listCustomers(edb),
    listTechnicians(edb),
    listJobTypes(edb),
    listPriceBook(edb),
    listLaborRates(edb),
  ])
  return {
    currency: currency ?? 'USD',
    customers,
    technicians,
    jobTypes,
    priceBook: priceBook.map((p) => ({
      sku: p.sku,
      description: p.description,
      unitPrice: formatMoney(p.unitPriceCents),
    })),
    laborRoles: laborRates.map((l) => ({
      role: l.role,
      name: l.name ?? l.role,
      rate: formatMoney(l.rateCents),
    })),
  }
}
