import { useEffect, useState } from 'react'
import type { TechJob, TechPriceBookItem } from '../../src-shared/api/lan'
import { api } from './api'
import type { Draft, DraftPart } from './draft'
import { searchPriceBookItems } from '../../src-shared/domain/price-book-search'
import { formatAsOf, type KeptPriceBook } from './offline-data'
import { uuidV4 } from './uuid'
import { Icon, Section, Stepper, Toggle } from './ui'
import { m } from './i18n'
import { ScanSheet } from './scan-sheet'

type Update = (c: (d: Draft) => Draft) => void

export function LaborSection({
  draft,
  roles,
  addRole,
  update,
  flags,
  open,
  onOpen,
}: {
  draft: Draft
  roles: { role: string; name: string }[]
  /** The role an added line starts with (estimate-lines.ts addedLaborRole). */
  addRole: string
  update: Update
  flags?: string[] | undefined
  open: boolean
  /** Opens (true) or folds (false) the section. */
  onOpen: (open: boolean) => void
}) {
  const set = (id: string, patch: Partial<Draft['labor'][number]>) =>
    update((d) => ({ ...d, labor: d.labor.map((l) => (l.id === id ? { ...l, ...patch } : l)) }))
  const w = m()
  const roleName = (role: string) => roles.find((r) => r.role === role)?.name ?? role
  const summary =
    draft.labor.length === 0
      ? w.none
      : draft.labor
          .map((l) => `${roleName(l.role)} · ${l.hours.trim() || '?'} h${l.overtime ? ` ${w.overtimeShort}` : ''}`)
          .join(', ')
  const addLabor = () => {
    update((d) => ({ ...d, labor: [...d.labor, { id: uuidV4(), role: addRole, hours: '', overtime: false }] }))
    onOpen(true)
  }
  return (
    <Section
      title={w.labor}
      name="Labor"
      flags={flags}
      id="labor"
      fold={{
        open,
        onToggle: () => onOpen(!open),
        summary,
        action: (
          <button type="button" className="btn btn-ghost btn-small" onClick={addLabor}>
            <Icon name="plus" size={16} /> {w.addLabor}
          </button>
        ),
      }}
    >
      {draft.labor.map((l, i) => (
        <div key={l.id} className="line" data-testid={`labor-${i}`} data-line-id={l.id}>
          <div className="line-head">
            <select
              className="input select"
              aria-label={w.roleLine(i + 1)}
              value={l.role}
              onChange={(e) => set(l.id, { role: e.target.value })}
            >
              {roles.map((r) => (
                <option key={r.role} value={r.role}>
                  {r.name}
                </option>
              ))}
            </select>
            <button
              type="button"
              className="icon-btn subtle"
              aria-label={w.removeLaborLine(i + 1)}
              onClick={() => update((d) => ({ ...d, labor: d.labor.filter((x) => x.id !== l.id) }))}
            >
              <Icon name="trash" size={18} />
            </button>
          </div>
          <div className="line-row">
            <Stepper
              label={w.hoursLine(i + 1)}
              value={l.hours}
              step={0.5}
              unit="h"
              onChange={(v) => set(l.id, { hours: v })}
            />
            <Toggle compact label={w.overtime} checked={l.overtime} onChange={(v) => set(l.id, { overtime: v })} />
          </div>
        </div>
      ))}
    </Section>
  )
}

export function PartsSection({
  draft,
  job,
  priceBook,
  update,
  flags,
  open,
  onOpen,
}: {
  draft: Draft
  job: TechJob | null
  priceBook: KeptPriceBook | null
  update: Update
  flags?: string[] | undefined
  open: boolean
  onOpen: (open: boolean) => void
}) {
  const [picking, setPicking] = useState(false)
  const w = m()
  const set = (id: string, patch: Partial<DraftPart>) =>
    update((d) => ({ ...d, parts: d.parts.map((p) => (p.id === id ? { ...p, ...patch } : p)) }))
  const add = (part: Omit<DraftPart, 'id'>) => {
    update((d) => ({ ...d, parts: [...d.parts, { ...part, id: uuidV4() }] }))
    setPicking(false)
    onOpen(true)
  }
  const section = (
    <Section
      title={w.parts}
      name="Parts"
      id="parts"
      flags={flags}
      fold={{
        open,
        onToggle: () => onOpen(!open),
        summary: draft.parts.length ? w.used(draft.parts.length) : w.noneYet,
        action: (
          <button type="button" className="btn btn-ghost btn-small" onClick={() => setPicking(true)}>
            <Icon name="search" size={16} /> {w.addPart}
          </button>
        ),
      }}
    >
      {draft.parts.map((p, i) => (
        <div key={p.id} className="line" data-testid={`part-${i}`} data-line-id={p.id}>
          <div className="line-head">
            <div className="line-title">
              <span>{p.description || w.newPart}</span>
              {p.sku ? <span className="line-sku">{p.sku}</span> : null}
            </div>
            <button
              type="button"
              className="icon-btn subtle"
              aria-label={w.removePart(i + 1)}
              onClick={() => update((d) => ({ ...d, parts: d.parts.filter((x) => x.id !== p.id) }))}
            >
              <Icon name="trash" size={18} />
            </button>
          </div>
          {!p.sku ? (
            <label className="field">
              <span className="field-label">{w.description}</span>
              <input
                className="input"
                value={p.description}
                onChange={(e) => set(p.id, { description: e.target.value })}
              />
            </label>
          ) : null}
          <div className="line-row">
            <Stepper
              label={w.quantityPart(i + 1)}
              value={p.quantity}
              step={1}
              onChange={(v) => set(p.id, { quantity: v })}
            />
            <label className="price">
              <span className="price-sign">$</span>
              <input
                className="input"
                inputMode="decimal"
                aria-label={w.unitPricePart(i + 1)}
                placeholder={w.price}
                value={p.unitPrice}
                readOnly={p.sku !== null}
                onChange={(e) => set(p.id, { unitPrice: e.target.value.replace(',', '.') })}
              />
            </label>
          </div>
        </div>
      ))}
    </Section>
  )
  // The sheet is outside the section: it opens over the page while the section is folded.
  return (
    <>
      {section}
      {picking ? (
        <PartPicker job={job} priceBook={priceBook} used={draft.parts} onPick={add} onClose={() => setPicking(false)} />
      ) : null}
    </>
  )
}

/**
 * A full-screen sheet: the job's estimate first, then the price book as you type, or a new part.
 * The search runs on the phone's kept copy when it has one (instant, and the same with no
 * signal); only a phone without a copy asks the office.
 */
function PartPicker({
  job,
  priceBook,
  used,
  onPick,
  onClose,
}: {
  job: TechJob | null
  priceBook: KeptPriceBook | null
  used: DraftPart[]
  onPick: (p: Omit<DraftPart, 'id'>) => void
  onClose: () => void
}) {
  const [q, setQ] = useState('')
  const [scanning, setScanning] = useState(false)
  const [scanned, setScanned] = useState<string | null>(null)
  const [items, setItems] = useState<TechPriceBookItem[]>([])
  const [searching, setSearching] = useState(false)
  useEffect(() => {
    if (!q.trim()) return setItems([])
    if (priceBook) return setItems(searchPriceBookItems(priceBook.items, q))
    setSearching(true)
    const t = setTimeout(() => {
      api
        .priceBook(q)
        .then((r) => setItems(r.items))
        .catch(() => setItems([]))
        .finally(() => setSearching(false))
    }, 200)
    return () => clearTimeout(t)
  }, [q, priceBook])
  const w = m()
  const usedSkus = new Set(used.map((p) => p.sku))
  const estimated = (job?.estimate ?? []).filter((e) => e.kind === 'part' && e.sku && !usedSkus.has(e.sku))
  return (
    <div className="sheet" role="dialog" aria-modal="true" aria-label={w.addAPart}>
      <div className="sheet-head">
        <button type="button" className="icon-btn" aria-label={w.close} onClick={onClose}>
          <Icon name="x" />
        </button>
        <input
          className="input search"
          autoFocus
          placeholder={w.searchPlaceholder}
          value={q}
          onChange={(e) => setQ(e.target.value)}
          aria-label={w.searchPriceBook}
        />
        <button type="button" className="icon-btn" aria-label={w.scanPart} onClick={() => setScanning(true)}>
          <Icon name="scan" />
        </button>
      </div>
      {scanning ? (
        <ScanSheet
          title={w.scanPart}
          onClose={() => setScanning(false)}
          onCode={(code) => {
            setScanning(false)
            // The scanned SKU (or UPC) straight onto the closeout when the price book has it.
            const wanted = code.trim().toUpperCase()
            const hit = (priceBook?.items ?? []).find((it) => it.sku.toUpperCase() === wanted)
            if (hit)
              return onPick({ sku: hit.sku, description: hit.description, quantity: '1', unitPrice: hit.unitPrice })
            setQ(code.trim())
            setScanned(code.trim())
          }}
        />
      ) : null}
      <div className="sheet-body">
        {!q.trim() && estimated.length > 0 ? <h3 className="sheet-title">{w.onThisEstimate}</h3> : null}
        <ul className="pick-list">
          {!q.trim()
            ? estimated.map((e) => (
                <PickRow
                  key={e.sku}
                  title={e.description}
                  sku={e.sku ?? ''}
                  price={e.unitPrice}
                  onPick={() =>
                    onPick({
                      sku: e.sku,
                      description: e.description,
                      quantity: e.quantity,
                      unitPrice: e.unitPrice ?? '',
                    })
                  }
                />
              ))
            : items.map((it) => (
                <PickRow
                  key={it.sku}
                  title={it.description}
                  sku={it.sku}
                  price={it.unitPrice}
                  onPick={() =>
                    onPick({ sku: it.sku, description: it.description, quantity: '1', unitPrice: it.unitPrice })
                  }
                />
              ))}
        </ul>
        {scanned && scanned === q.trim() && !items.some((it) => it.sku.toUpperCase() === scanned.toUpperCase()) ? (
          <p className="form-hint" role="status">
            {w.scanNoMatch(scanned)}
          </p>
        ) : null}
        {q.trim() && !searching && items.length === 0 ? <p className="form-hint">{w.nothingMatches}</p> : null}
        {priceBook ? (
          <p className="form-hint" data-testid="picker-as-of">
            {w.priceBookAsOf(formatAsOf(priceBook.asOf))}
          </p>
        ) : null}
        {q.trim() ? (
          <button
            type="button"
            className="btn btn-ghost btn-block"
            onClick={() => onPick({ sku: null, description: q.trim(), quantity: '1', unitPrice: '' })}
          >
            <Icon name="plus" /> {w.addAsNewPart(q.trim())}
          </button>
        ) : null}
      </div>
    </div>
  )
}

function PickRow({
  title,
  sku,
  price,
  onPick,
}: {
  title: string
  sku: string
  price: string | null
  onPick: () => void
}) {
  return (
    <li>
      <button type="button" className="pick-row" onClick={onPick}>
        <span className="pick-main">
          <span className="pick-title">{title}</span>
          <span className="line-sku">{sku}</span>
        </span>
        <span className="pick-price">{price ? `$${price}` : '—'}</span>
      </button>
    </li>
  )
}
