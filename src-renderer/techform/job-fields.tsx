import { useState } from 'react'
import type { TechJobsAnswer } from '../../src-shared/api/lan'
import type { Draft } from './draft'
import { Icon, Section, Toggle } from './ui'
import { m } from './i18n'
import { ScanSheet } from './scan-sheet'

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
  const w = m()
  return (
    <Section title={w.unscheduledJob} name="Unscheduled job">
      <label className="field">
        <span className="field-label">{w.customer}</span>
        <input
          className="input"
          value={nj.customerName}
          autoComplete="off"
          placeholder={w.customerName}
          onChange={(e) => set({ customerName: e.target.value })}
        />
      </label>
      <label className="field">
        <span className="field-label">{w.siteAddress}</span>
        <input
          className="input"
          value={nj.siteAddress}
          autoComplete="off"
          placeholder={w.streetCity}
          onChange={(e) => set({ siteAddress: e.target.value })}
        />
      </label>
      <label className="field">
        <span className="field-label">{w.jobType}</span>
        <select className="input select" value={nj.jobType} onChange={(e) => set({ jobType: e.target.value })}>
          <option value="">{w.choose}</option>
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
  const [scanning, setScanning] = useState(false)
  const addSerial = () => {
    if (!serial.trim()) return
    update((d) => ({ ...d, serialNumbers: [...d.serialNumbers, serial.trim()] }))
    setSerial('')
  }
  const w = m()
  const summary =
    [
      draft.serialNumbers.length ? draft.serialNumbers.join(', ') : requireSerial ? w.serialRequired : '',
      draft.warranty ? w.warranty : '',
      draft.discount ? w.discountPercent(draft.discount.percent || '?') : '',
    ]
      .filter(Boolean)
      .join(' · ') || w.serialWarrantyDiscount
  return (
    <Section
      title={w.equipment}
      name="Equipment & pricing"
      flags={flags}
      fold={{ open, onToggle: () => onOpen(!open), summary }}
    >
      <div className="field">
        <div className="inline">
          <input
            className="input"
            value={serial}
            autoCapitalize="characters"
            autoComplete="off"
            placeholder={w.serialNumber}
            aria-label={w.serialNumber}
            onChange={(e) => setSerial(e.target.value)}
            onKeyDown={(e) => e.key === 'Enter' && addSerial()}
          />
          <button type="button" className="btn btn-secondary" onClick={addSerial} disabled={!serial.trim()}>
            {w.add}
          </button>
          <button
            type="button"
            className="icon-btn scan-btn"
            aria-label={w.scanSerial}
            onClick={() => setScanning(true)}
          >
            <Icon name="scan" />
          </button>
        </div>
        {scanning ? (
          <ScanSheet
            title={w.scanSerial}
            onClose={() => setScanning(false)}
            onCode={(code) => {
              setScanning(false)
              const s = code.trim()
              if (s) update((d) => ({ ...d, serialNumbers: [...d.serialNumbers, s] }))
            }}
          />
        ) : null}
        <div className="chips">
          {draft.serialNumbers.map((s, i) => (
            <span key={`${s}-${i}`} className="chip chip-removable">
              {s}
              <button
                type="button"
                aria-label={w.removeSerial(s)}
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
          label={w.warrantyClaim}
          checked={draft.warranty}
          onChange={(v) => update((d) => ({ ...d, warranty: v }))}
        />
        <Toggle
          compact
          label={w.askDiscount}
          checked={draft.discount !== null}
          onChange={(v) => update((d) => ({ ...d, discount: v ? { percent: '', reason: '' } : null }))}
        />
      </div>
      {draft.discount ? (
        <div className="discount">
          <label className="field narrow">
            <span className="field-label">{w.percent}</span>
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
            <span className="field-label">{w.reason}</span>
            <input
              className="input"
              placeholder={w.discountReasonPlaceholder}
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
