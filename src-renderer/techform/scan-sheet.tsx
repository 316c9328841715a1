import { useEffect, useRef, useState } from 'react'
import { m } from './i18n'
import { Icon } from './ui'

type Scanner = typeof import('./scan/scanner')

/**
 * Scan: a sheet with the camera (where the phone lets the page use it: https or localhost) and,
 * always, "Take a photo of the barcode". The reader is fetched when the sheet opens, never before.
 */
export function ScanSheet({
  title,
  onCode,
  onClose,
}: {
  title: string
  onCode: (code: string) => void
  onClose: () => void
}) {
  const w = m()
  const video = useRef<HTMLVideoElement | null>(null)
  const [scanner, setScanner] = useState<Scanner | null>(null)
  const [problem, setProblem] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const [live, setLive] = useState(false)
  // The camera starts once per sheet: a new onCode from a re-render must not restart it.
  const done = useRef(onCode)
  useEffect(() => {
    done.current = onCode
  }, [])

  useEffect(() => {
    let stopped = false
    let stream: MediaStream | null = null
    let timer: ReturnType<typeof setTimeout> | null = null
    void import('./scan/scanner').then(async (s) => {
      if (stopped) return
      setScanner(s)
      if (!navigator.mediaDevices?.getUserMedia) return
      try {
        stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' }, audio: false })
      } catch {
        return // no camera, or the phone said no: the photo button still works
      }
      const v = video.current
      if (stopped || !v) return stream.getTracks().forEach((t) => t.stop())
      v.srcObject = stream
      await v.play().catch(() => undefined)
      setLive(true)
      const tick = async () => {
        if (stopped) return
        const code = await s.scanFrame(v).catch(() => null)
        if (stopped) return
        if (code) return done.current(code)
        timer = setTimeout(() => void tick(), 300)
      }
      void tick()
    })
    return () => {
      stopped = true
      if (timer) clearTimeout(timer)
      stream?.getTracks().forEach((t) => t.stop())
    }
  }, [])

  const photo = async (file: File | undefined) => {
    if (!file) return
    setBusy(true)
    setProblem(null)
    try {
      const s = scanner ?? (await import('./scan/scanner'))
      const code = await s.scanPhoto(file)
      if (code) done.current(code)
      else setProblem(w.scanNothing)
    } catch {
      setProblem(w.scanNothing)
    } finally {
      setBusy(false)
    }
  }

  return (
    <div className="sheet scan-sheet" role="dialog" aria-modal="true" aria-label={title}>
      <div className="sheet-head">
        <button type="button" className="icon-btn" aria-label={w.close} onClick={onClose}>
          <Icon name="x" />
        </button>
        <h2 className="sheet-heading">{title}</h2>
      </div>
      <div className="sheet-body">
        <div className={live ? 'scan-view live' : 'scan-view'}>
          <video ref={video} muted playsInline aria-hidden />
          {live ? <p className="scan-aim">{w.scanning}</p> : null}
        </div>
        <label className="btn btn-secondary btn-block scan-photo">
          <input
            type="file"
            accept="image/*"
            capture="environment"
            data-testid="scan-photo"
            aria-label={w.scanPhoto}
            onChange={(e) => {
              void photo(e.target.files?.[0])
              e.target.value = ''
            }}
          />
          {busy ? <span className="spinner" aria-hidden /> : <Icon name="camera" />} {w.scanPhoto}
        </label>
        {problem ? (
          <p className="form-error" role="alert">
            {problem}
          </p>
        ) : null}
      </div>
    </div>
  )
}
