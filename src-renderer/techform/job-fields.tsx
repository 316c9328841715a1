import { useState } from 'react'
import type { TechJobsAnswer } from '../../src-shared/api/lan'
import type { Draft } from './draft'
import { Icon, Section, Toggle } from './ui'

export function NewJobFields({
  draft,
  context,
  update,
}: {
  draft: Draft
  context: TechJobsAnswer
  update: (c: (d: Draft) => Draft) => void
}) {
  const nj = draft.newJob ?? { customerName: '', siteAddress: '', jobType: '' }
  const set = (patch: Partial<typeof nj>) => update((d) => ({ ...d, newJob: { ...nj, ...patch } }))
  return (
    <Section title="Unscheduled job">
      <label className="field">
        <span className="field-label">Customer</span>
        <input
          className="input"
          value={nj.customerName}
          autoComplete="off"
          placeholder="Customer name"
          onChange={(e) => set({ customerName: e.target.value })}
        />
      </label>
      <label className="field">
        <span className="field-label">Site address</span>
        <input
          className="input"
          value={nj.siteAddress}
          autoComplete="off"
          placeholder="Street, city"
          onChange={(e) => set({ siteAddress: e.target.value })}
        />
      </label>
      <label className="field">
        <span className="field-label">Job type</span>
        <select className="input select" value={nj.jobType} onChange={(e) => set({ jobType: e.target.value })}>
          <option value="">Choose…</option>
          {context.jobTypes.map((t) => (
            <option key={t.id} value={t.id}>
              {t.name}
            </option>
          ))}
        </select>
      </label>
    </Section>
  )
}

export function EquipmentSection({
  draft,
  requireSerial,
  update,
  flags,
  open,
  onOpen,
}: {
  draft: Draft
  requireSerial: boolean
  update: (c: (d: Draft) => Draft) => void
  flags?: string[] | undefined
  open: boolean
  onOpen: (open: boolean) => void
}) {
  const [serial, setSerial] = useState('')
  const addSerial = () => {
    if (!serial.trim()) return
    update((d) => ({ ...d, serialNumbers: [...d.serialNumbers, serial.trim()] }))
    setSerial('')
  }
  const summary =
    [
      draft.serialNumbers.length ? draft.serialNumbers.join(', ') : requireSerial ? 'Serial number required' : '',
      draft.warranty ? 'Warranty' : '',
      draft.discount ? `Discount ${draft.discount.percent || '?'}%` : '',
    ]
      .filter(Boolean)
      .join(' · ') || 'Serial, warranty, discount'
  return (
    <Section title="Equipment & pricing" flags={flags} fold={{ open, onToggle: () => onOpen(!open), summary }}>
      <div className="field">
        <div className="inline">
          <input
            className="input"
            value={serial}
            autoCapitalize="characters"
            autoComplete="off"
            placeholder="Serial number"
            aria-label="Serial number"
            onChange={(e) => setSerial(e.target.value)}
            onKeyDown={(e) => e.key === 'Enter' && addSerial()}
          />
          <button type="button" className="btn btn-secondary" onClick={addSerial} disabled={!serial.trim()}>
            Add
          </button>
        </div>
        <div className="chips">
          {draft.serialNumbers.map((s, i) => (
            <span key={`${s}-${i}`} className="chip chip-removable">
              {s}
              <button
                type="button"
                aria-label={`Remove serial ${s}`}
                onClick={() => update((d) => ({ ...d, serialNumbers: d.serialNumbers.filter((_, j) => j !== i) }))}
              >
                <Icon name="x" size={14} />
              </button>
            </span>
          ))}
        </div>
      </div>
      <div className="line-row toggles">
        <Toggle
          compact
          label="Warranty claim"
          checked={draft.warranty}
          onChange={(v) => update((d) => ({ ...d, warranty: v }))}
        />
        <Toggle
          compact
          label="Ask for a discount"
          checked={draft.discount !== null}
          onChange={(v) => update((d) => ({ ...d, discount: v ? { percent: '', reason: '' } : null }))}
        />
      </div>
      {draft.discount ? (
        <div className="discount">
          <label className="field narrow">
            <span className="field-label">Percent</span>
            <input
              className="input"
              inputMode="decimal"
              placeholder="10"
              value={draft.discount.percent}
              onChange={(e) =>
                update((d) => ({
                  ...d,
                  discount: { reason: d.discount?.reason ?? '', percent: e.target.value.replace(',', '.') },
                }))
              }
            />
          </label>
          <label className="field grow">
            <span className="field-label">Reason</span>
            <input
              className="input"
              placeholder="Service plan member"
              value={draft.discount.reason}
              onChange={(e) =>
                update((d) => ({ ...d, discount: { percent: d.discount?.percent ?? '', reason: e.target.value } }))
              }
            />
          </label>
        </div>
      ) : null}
    </Section>
  )
}
