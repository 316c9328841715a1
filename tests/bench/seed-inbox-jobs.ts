import type { SqliteOffice } from '../../src-main/core/office'

/*
 * The inbox benches' office: `count` jobs spread over the demo's customers, technicians and job
 * types, written through the real search triggers (shared by `npm run bench -- ui` and `search`).
 */

const STATUSES = [
  'scheduled',
  'needs-review',
  'needs-approval',
  'invoice-ready',
  'invoiced',
  'invoiced',
  'invoiced',
  'invoiced',
] as const
const NOTES = [
  'Replaced capacitor',
  'Annual maintenance',
  'Water heater swap',
  'Thermostat install',
  'Drain line cleared',
  'Compressor diagnosis',
  'Furnace ignitor replaced',
]

/** `withMuller`: one more customer, "Müller Kältetechnik", so a search without accents has a target. */
export function seedInboxJobs(office: SqliteOffice, count: number, options: { withMuller?: boolean } = {}): void {
  if (options.withMuller)
    office.sqlite
      .prepare(
        `INSERT INTO customers (id, name, address, email, phone, requires_signature) VALUES ('C-MUL', 'Müller Kältetechnik', 'Hauptstraße 5, Berlin', '', '', 0)`,
      )
      .run()
  const customers = office.sqlite.prepare('SELECT id, address FROM customers').all() as {
    id: string
    address: string
  }[]
  const techs = (office.sqlite.prepare('SELECT id FROM technicians').all() as { id: string }[]).map((t) => t.id)
  const types = (office.sqlite.prepare('SELECT id FROM job_types').all() as { id: string }[]).map((t) => t.id)
  const insert = office.sqlite.prepare(
    `INSERT INTO jobs (id, customer_id, site_address, job_type_id, technician_id, scheduled_for, po_number, description, status, origin, invoice_number, total_cents, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'dispatch', ?, ?, ?, ?)`,
  )
  office.sqlite.transaction(() => {
    for (let i = 0; i < count; i++) {
      const c = customers[i % customers.length]!
      const status = STATUSES[i % STATUSES.length]!
      const day = new Date(Date.UTC(2022, 0, 1) + Math.floor(i / 60) * 86_400_000).toISOString()
      insert.run(
        `B-${100000 + i}`,
        c.id,
        c.address,
        types[i % types.length]!,
        techs[i % techs.length]!,
        day,
        i % 5 === 0 ? `PO-${i}` : null,
        NOTES[i % NOTES.length]!,
        status,
        status === 'invoiced' ? `BX-${200000 + i}` : null,
        status === 'scheduled' ? null : 10_000 + ((i * 7919) % 500_000),
        day,
        day,
      )
    }
  })()
}
