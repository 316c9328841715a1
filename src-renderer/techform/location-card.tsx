import { useState } from 'react'
import type { Draft } from './draft'
import { Section } from './ui'
import { m } from './i18n'

type Update = (c: (d: Draft) => Draft) => void

/**
 * An optional GPS fix on the closeout: only when the technician taps for it (the phone asks for
 * consent the first time), never required, and removable. A refusal or no fix just says so.
 */
export function LocationCard({ draft, update }: { draft: Draft; update: Update }) {
  const [busy, setBusy] = useState(false)
  const [problem, setProblem] = useState<string | null>(null)
  const w = m()
  const locate = () => {
    // Browsers refuse a location to plain-http addresses outright: say that, not "told no".
    if (!window.isSecureContext || !('geolocation' in navigator)) return setProblem(m().locationInsecure)
    setBusy(true)
    setProblem(null)
    navigator.geolocation.getCurrentPosition(
      (p) => {
        setBusy(false)
        const { latitude: lat, longitude: lon, accuracy } = p.coords
        update((d) => ({ ...d, location: { lat, lon, accuracyM: Math.round(accuracy) } }))
      },
      (e) => {
        setBusy(false)
        setProblem(e.code === e.PERMISSION_DENIED ? m().locationDenied : m().locationNoFix)
      },
      { enableHighAccuracy: true, timeout: 15_000, maximumAge: 60_000 },
    )
  }
  return (
    <Section title={w.location}>
      {draft.location ? (
        <div className="line-row" data-testid="location">
          <span>
            {w.locationAdded(
              `${draft.location.lat.toFixed(5)}, ${draft.location.lon.toFixed(5)}`,
              draft.location.accuracyM,
            )}
          </span>
          <button
            type="button"
            className="btn btn-ghost btn-small"
            onClick={() => update((d) => ({ ...d, location: null }))}
          >
            {w.remove}
          </button>
        </div>
      ) : (
        <div className="line-row">
          <p className="form-hint grow">{w.locationHint}</p>
          <button type="button" className="btn btn-ghost btn-small" disabled={busy} onClick={locate}>
            {busy ? w.findingLocation : w.addLocation}
          </button>
        </div>
      )}
      {problem ? (
        <p className="form-hint" role="status">
          {problem}
        </p>
      ) : null}
    </Section>
  )
}
