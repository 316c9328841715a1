import { useEffect, useState } from 'react'
import { api, type Technician } from './api'
import { useTechAction } from './use-tech-action'
import { Icon } from './ui'
import { currentLang, m, type Lang } from './i18n'

const LAST_TECH = 'closeout.lastTechnician'

/** Tap your name, type your PIN on a big keypad. The phone remembers who signed in last. */
export function SignInScreen({
  onSignedIn,
  onLanguage,
}: {
  onSignedIn: (t: Technician) => void
  /** The technician switched the form's language (remembered on this phone). */
  onLanguage: (lang: Lang) => void
}) {
  const w = m()
  const [technicians, setTechnicians] = useState<Technician[] | null>(null)
  const [chosen, setChosen] = useState<Technician | null>(null)
  const [pin, setPin] = useState('')
  const listing = useTechAction(w.officeUnreachable)
  const signingIn = useTechAction(w.couldNotSignIn)
  // One line under the list or the PIN: the office's own words (a wrong PIN, too many tries), or that it is out of reach.
  const error = (signingIn.error ?? listing.error)?.text ?? null
  const { busy } = signingIn
  const clearError = () => (listing.clear(), signingIn.clear())

  useEffect(() => {
    void listing
      .run(() => api.technicians())
      .then((r) => {
        if (!r.ok) return
        const list = r.value.technicians
        setTechnicians(list)
        const last = localStorage.getItem(LAST_TECH)
        const found = list.find((t) => t.id === last)
        if (found) setChosen(found)
      })
  }, [])

  const submit = async (value: string) => {
    if (!chosen || value.length < 4) return
    listing.clear()
    const r = await signingIn.run(() => api.signIn(chosen.id, value))
    if (!r.ok) return setPin('')
    localStorage.setItem(LAST_TECH, r.value.technician.id)
    onSignedIn(r.value.technician)
  }

  const press = (key: string) => {
    clearError()
    if (key === 'del') return setPin((p) => p.slice(0, -1))
    if (key === 'ok') return void submit(pin)
    setPin((p) => (p.length < 12 ? p + key : p))
  }

  return (
    <main className="signin">
      <div className="brand">
        <div className="brand-mark" aria-hidden>
          <Icon name="check" size={28} />
        </div>
        <div>
          <div className="brand-name">Closeout</div>
          <div className="brand-sub">{w.technicianSignIn}</div>
        </div>
        <div className="lang-switch" role="group" aria-label={w.language}>
          {LANGS.map(({ lang, name }) => (
            <button
              key={lang}
              type="button"
              lang={lang}
              className={currentLang() === lang ? 'lang on' : 'lang'}
              aria-pressed={currentLang() === lang}
              onClick={() => onLanguage(lang)}
            >
              {name}
            </button>
          ))}
        </div>
      </div>

      {!chosen ? (
        <div className="signin-body">
          <h1 className="signin-title">{w.whoIsClosing}</h1>
          {technicians === null && !error ? <div className="skeleton-list" aria-busy="true" /> : null}
          <div className="tech-list">
            {technicians?.map((t) => (
              <button key={t.id} type="button" className="tech-btn" onClick={() => setChosen(t)}>
                <span className="avatar" aria-hidden>
                  {initials(t.name)}
                </span>
                <span className="tech-name">{t.name}</span>
                <span className="tech-id">{t.id}</span>
              </button>
            ))}
          </div>
          {error ? (
            <p className="form-error" role="alert">
              {error}
            </p>
          ) : null}
        </div>
      ) : (
        <div className="signin-body">
          <button type="button" className="chosen" onClick={() => (setChosen(null), setPin(''), clearError())}>
            <span className="avatar" aria-hidden>
              {initials(chosen.name)}
            </span>
            <span className="tech-name">{chosen.name}</span>
            <span className="link">{w.notYou}</span>
          </button>
          <h1 className="pin-heading">
            <label className="pin-label" htmlFor="pin">
              {w.enterPin}
            </label>
          </h1>
          <input
            id="pin"
            className="pin-input"
            type="password"
            inputMode="numeric"
            autoComplete="current-password"
            value={pin}
            maxLength={12}
            onChange={(e) => setPin(e.target.value.replace(/\D/g, ''))}
            onKeyDown={(e) => e.key === 'Enter' && void submit(pin)}
          />
          <div className="pin-dots" aria-hidden>
            {Array.from({ length: Math.max(4, pin.length) }, (_, i) => (
              <span key={i} className={i < pin.length ? 'pin-dot on' : 'pin-dot'} />
            ))}
          </div>
          {error ? (
            <p className="form-error" role="alert">
              {error}
            </p>
          ) : (
            <p className="form-hint">{w.pinHint}</p>
          )}
          <div className="keypad">
            {['1', '2', '3', '4', '5', '6', '7', '8', '9', 'del', '0', 'ok'].map((k) => (
              <button
                key={k}
                type="button"
                className={k === 'ok' ? 'key key-ok' : k === 'del' ? 'key key-del' : 'key'}
                disabled={busy || (k === 'ok' && pin.length < 4)}
                aria-label={k === 'del' ? w.deleteKey : k === 'ok' ? w.signIn : k}
                onClick={() => press(k)}
              >
                {k === 'del' ? '⌫' : k === 'ok' ? <Icon name="check" size={26} /> : k}
              </button>
            ))}
          </div>
        </div>
      )}
    </main>
  )
}

/** Each language named in itself, so a technician finds theirs whatever the form speaks now. */
const LANGS: { lang: Lang; name: string }[] = [
  { lang: 'en', name: 'English' },
  { lang: 'es', name: 'Español' },
]

export function initials(name: string): string {
  return name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((w) => w[0]?.toUpperCase() ?? '')
    .join('')
}
