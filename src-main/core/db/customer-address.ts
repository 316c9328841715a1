import { addressLine, type Address } from '../../../src-shared/schemas/setup'
import type { CustomersTable } from './schema'

/**
 * A customer's address as the customers table holds it: the parts (setup file v1.1) and
 * `address`, the one-line form every screen, packet and search shows. Every writer goes through
 * here so the two never disagree.
 */
export type CustomerAddressColumns = Pick<
  CustomersTable,
  'address' | 'address_line1' | 'address_line2' | 'city' | 'region' | 'postal_code' | 'country'
>

export type AddressParts = Omit<CustomerAddressColumns, 'address'>

const NO_PARTS = { line2: '', city: '', region: '', postalCode: '', country: '' }

/** A one-line address is kept as it was written, as line 1; parts are joined for the one-line form. */
export function customerAddressColumns(address: string | Address): CustomerAddressColumns {
  const a = typeof address === 'string' ? { line1: address, ...NO_PARTS } : address
  return {
    address: typeof address === 'string' ? address : addressLine(a),
    address_line1: a.line1,
    address_line2: a.line2,
    city: a.city,
    region: a.region,
    postal_code: a.postalCode,
    country: a.country,
  }
}

/** True when the row holds more than a line 1: the address was given in parts. */
export function hasAddressParts(row: AddressParts): boolean {
  return Boolean(row.address_line2 || row.city || row.region || row.postal_code || row.country)
}

/** The setup file's form: the parts when there are any, else the one line as it was written. */
export function addressForSetup(row: CustomerAddressColumns): string | Address {
  if (!hasAddressParts(row)) return row.address
  return {
    line1: row.address_line1,
    line2: row.address_line2,
    city: row.city,
    region: row.region,
    postalCode: row.postal_code,
    country: row.country,
  }
}
