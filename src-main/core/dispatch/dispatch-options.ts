import { formatMoney } from '../../../src-shared/domain/money'
import type { DispatchOptions } from '../../../src-shared/api/dispatch'
import type { Office } from '../office'

/** The lists the Dispatch form and the inbox filters pick from, sorted the way people read them. */
export function dispatchOptions(office: Office): DispatchOptions {
  const { sqlite } = office
  const company = sqlite.prepare('SELECT currency FROM company WHERE id = 1').get() as { currency: string } | undefined
  return {
    currency: company?.currency ?? 'USD',
    customers: sqlite
      .prepare('SELECT id, name, address FROM customers ORDER BY name COLLATE NOCASE, id')
      .all() as DispatchOptions['customers'],
    technicians: (
      sqlite.prepare('SELECT id, name, active FROM technicians ORDER BY name COLLATE NOCASE, id').all() as {
        id: string
        name: string
        active: number
      }[]
    ).map((t) => ({ id: t.id, name: t.name, active: t.active === 1 })),
    jobTypes: sqlite
      .prepare('SELECT id, name FROM job_types ORDER BY name COLLATE NOCASE, id')
      .all() as DispatchOptions['jobTypes'],
    priceBook: (
      sqlite.prepare('SELECT sku, description, unit_price_cents FROM price_book ORDER BY sku').all() as {
        sku: string
        description: string
        unit_price_cents: number
      }[]
    ).map((p) => ({ sku: p.sku, description: p.description, unitPrice: formatMoney(p.unit_price_cents) })),
    laborRoles: (
      sqlite.prepare('SELECT role, name, rate_cents FROM labor_rates ORDER BY role').all() as {
        role: string
        name: string | null
        rate_cents: number
      }[]
    ).map((l) => ({ role: l.role, name: l.name ?? l.role, rate: formatMoney(l.rate_cents) })),
  }
}
