import { EmailAddressSchema } from '../../../src-shared/api/mail'
import type { EngineDb } from '../db/engine-db'
import { CloseoutError } from '../errors'

/**
 * Who receives a job's packet: the addresses given for this send, else the customer's "send
 * packets to" list, else the customer's e-mail. Every address is checked before any is used, so
 * a bad one is named instead of being half-sent.
 */
export async function packetRecipients(
  { db }: Pick<EngineDb, 'db'>,
  customerId: string | null,
  override?: readonly string[],
): Promise<string[]> {
  const customer = customerId
    ? await db
        .selectFrom('customers')
        .select(['name', 'email', 'send_packets_to_json'])
        .where('id', '=', customerId)
        .executeTakeFirst()
    : undefined
  const list = override?.length
    ? [...override]
    : customer
      ? (JSON.parse(customer.send_packets_to_json) as string[]).length
        ? (JSON.parse(customer.send_packets_to_json) as string[])
        : customer.email.split(/[;,]/)
      : []
  const addresses = [...new Set(list.map((a) => a.trim()).filter(Boolean))]
  if (addresses.length === 0) {
    throw new CloseoutError(
      'no-recipient',
      customer
        ? `${customer.name} has no billing e-mail: add one (or a "send packets to" address) to the customer, or give an address to send to`
        : 'This job has no customer with an e-mail: give an address to send to',
    )
  }
  addresses.forEach((address, i) => {
    if (!EmailAddressSchema.safeParse(address).success) {
      throw new CloseoutError('bad-address', `"${address}" is not an e-mail address like ap@example.com`, [
        { path: `to[${i}]`, message: 'is not an e-mail address' },
      ])
    }
  })
  return addresses
}
