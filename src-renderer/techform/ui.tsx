import type { ReactNode } from 'react'
import type { StatusView } from './send-queue'
import { m } from './i18n'

/** Small building blocks of the form: big targets, one look. */

/** A section that folds to its header and a one-line summary (the Lines step keeps one open at a time). */
export interface Fold {
  open: boolean
  onToggle: () => void
  /** What the folded section holds, in a few words ("Journeyman technician · 1.5 h"). */
  summary?: ReactNode
  /** A button kept in the header, usable while folded ("Add part"). */
  action?: ReactNode
}

export function Section({
  title,
  hint,
  children,
  id,
  flags,
  fold,
  name,
}: {
  title: string
  /** The section's English name, which the checklist's messages use (shown-issues.ts); the title may be Spanish. */
  name?: string
  hint?: ReactNode
  children: ReactNode
  id?: string
  /** What the office found here on a sent-back closeout: the section is highlighted with it. */
  flags?: string[] | undefined
  fold?: Fold
}) {
  const flagged = flags !== undefined && flags.length > 0
  return (
    <section
      className={`${flagged ? 'card card-flagged' : 'card'}${fold ? (fold.open ? ' fold fold-open' : ' fold') : ''}`}
      id={id}
      aria-label={title}
      data-section={name ?? title}
      data-flagged={flagged || undefined}
    >
      {fold ? (
        <header className="card-head fold-head">
          <h2 className="fold-h2">
            <button type="button" className="fold-toggle" aria-expanded={fold.open} onClick={fold.onToggle}>
              <span className="fold-chevron" aria-hidden>
                <Icon name="chevron" size={16} />
              </span>
              <span className="fold-title">{title}</span>
              {fold.summary ? <span className="fold-summary">{fold.summary}</span> : null}
            </button>
          </h2>
          {fold.action}
        </header>
      ) : (
        <header className="card-head">
          <h2>{title}</h2>
          {hint ? <span className="card-hint">{hint}</span> : null}
        </header>
      )}
      {flagged ? (
        <ul className="flags" data-testid="flags">
          {flags.map((f) => (
            <li key={f}>{m().officeFlagged(f)}</li>
          ))}
        </ul>
      ) : null}
      {/* Folded content stays in the page (hidden): its fields keep their values and labels. */}
      {fold && !fold.open ? <div hidden>{children}</div> : children}
    </section>
  )
}

export function Stepper({
  value,
  onChange,
  step,
  label,
  unit,
}: {
  value: string
  onChange: (v: string) => void
  step: number
  label: string
  unit?: string
}) {
  const n = Number(value)
  const bump = (d: number) => {
    const next = Math.max(0, Math.round(((Number.isFinite(n) ? n : 0) + d) * 1000) / 1000)
    onChange(String(next))
  }
  return (
    <div className="stepper" role="group" aria-label={label}>
      <button type="button" className="step-btn" aria-label={m().less(label)} onClick={() => bump(-step)}>
        −
      </button>
      <label className="step-field">
        <input
          inputMode="decimal"
          aria-label={label}
          value={value}
          placeholder="0"
          onChange={(e) => onChange(e.target.value.replace(',', '.'))}
        />
        {unit ? <span className="step-unit">{unit}</span> : null}
      </label>
      <button type="button" className="step-btn" aria-label={m().more(label)} onClick={() => bump(step)}>
        +
      </button>
    </div>
  )
}

export function Toggle({
  checked,
  onChange,
  label,
  description,
  compact,
}: {
  checked: boolean
  onChange: (v: boolean) => void
  label: string
  description?: string
  /** Beside another control on one row, not a row of its own. */
  compact?: boolean
}) {
  return (
    <label className={compact ? 'toggle-row toggle-compact' : 'toggle-row'}>
      <span className="toggle-text">
        <span className="toggle-label">{label}</span>
        {description ? <span className="toggle-desc">{description}</span> : null}
      </span>
      <input
        type="checkbox"
        role="switch"
        className="switch"
        checked={checked}
        onChange={(e) => onChange(e.target.checked)}
      />
    </label>
  )
}

export function StatusPill({ status }: { status: StatusView }) {
  return (
    <span className={`pill pill-${status.tone}`} data-testid="status">
      {status.tone === 'progress' ? <span className="spinner" aria-hidden /> : <span className="dot" aria-hidden />}
      {status.label}
    </span>
  )
}

const PATHS: Record<string, string> = {
  back: 'M15 18l-6-6 6-6',
  plus: 'M12 5v14M5 12h14',
  camera: 'M4 8h3l2-3h6l2 3h3v11H4zM12 17a4 4 0 100-8 4 4 0 000 8z',
  check: 'M5 12.5l4.5 4.5L19 7',
  x: 'M6 6l12 12M18 6L6 18',
  pin: 'M12 21s-7-6.2-7-11.5A7 7 0 0119 9.5C19 14.8 12 21 12 21zM12 12a2.5 2.5 0 100-5 2.5 2.5 0 000 5z',
  clock: 'M12 21a9 9 0 100-18 9 9 0 000 18zM12 7v5l3 2',
  search: 'M11 18a7 7 0 100-14 7 7 0 000 14zM20 20l-4-4',
  trash: 'M5 7h14M10 7V5h4v2M7 7l1 13h8l1-13',
  alert: 'M12 4l9 16H3zM12 10v4M12 17v.5',
  out: 'M15 12H4M11 8l4 4-4 4M14 4h5v16h-5',
  chevron: 'M9 6l6 6-6 6',
  scan: 'M4 8V5h3M17 5h3v3M20 16v3h-3M7 19H4v-3M7 9v6M10 9v6M13 9v6M16 9v6',
}

export function Icon({ name, size = 20 }: { name: keyof typeof PATHS; size?: number }) {
  return (
    <svg
      width={size}
      height={size}
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth={2}
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden
    >
      <path d={PATHS[name]} />
    </svg>
  )
}
