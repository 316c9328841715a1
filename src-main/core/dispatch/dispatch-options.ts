import { formatMoney } from '../../../src-shared/domain/money'
import type { DispatchOptions } from '../../../src-shared/api/dispatch'
import type { Office } from '../office'
import {
  companyCurrency,
  listCustomers,
  listJobTypes,
  listLaborRates,
  listPriceBook,
  listTechnicians,
} from '../setup/catalog.repo'

/** The lists the Dispatch form and the inbox filters pick from, sorted the way people read them. */
export function dispatchOptions(office: Office): DispatchOptions {
  return {
    currency: companyCurrency(office) ?? 'USD',
    customers: listCustomers(office),
    technicians: listTechnicians(office),
    jobTypes: listJobTypes(office),
    priceBook: listPriceBook(office).map((p) => ({
      sku: p.sku,
      description: p.description,
      unitPrice: formatMoney(p.unitPriceCents),
    })),
    laborRoles: listLaborRates(office).map((l) => ({
      role: l.role,
      name: l.name ?? l.role,
      rate: formatMoney(l.rateCents),
    })),
  }
}
