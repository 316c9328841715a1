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
}: {
  draft: Draft
  requireSerial: boolean
  update: (c: (d: Draft) => Draft) => void
  flags?: string[] | undefined
}) {
  const [serial, setSerial] = useState('')
  const addSerial = () => {
    if (!serial.trim()) return
    update((d) => ({ ...d, serialNumbers: [...d.serialNumbers, serial.trim()] }))
    setSerial('')
  }
  return (
    <Section title="Equipment & pricing" flags={flags} hint={requireSerial ? 'Serial number required' : undefined}>
      <div className="field">
        <span className="field-label">Serial numbers</span>
        <div className="inline">
          <input
            className="input"
            value={serial}
            autoCapitalize="characters"
            autoComplete="off"
            placeholder="e.g. 4819XK2231"
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
      <Toggle
        label="Warranty claim"
        description="The part or labor is covered by a warranty"
        checked={draft.warranty}
        onChange={(v) => update((d) => ({ ...d, warranty: v }))}
      />
      <Toggle
        label="Ask for a discount"
        checked={draft.discount !== null}
        onChange={(v) => update((d) => ({ ...d, discount: v ? { percent: '', reason: '' } : null }))}
      />
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
