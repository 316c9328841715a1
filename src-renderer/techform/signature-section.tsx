import { useEffect, useRef } from 'react'
import SignaturePad from 'signature_pad'
import { idbDel, idbSet } from './idb-store'
import { localTimestamp, type Draft } from './draft'
import { useBlobUrl } from './photos-section'
import { signatureKey } from './reopen-files'
import { Section, Toggle } from './ui'
import { m } from './i18n'

/** The customer signs with a finger; or the technician says why nobody could. */
export function SignatureSection({
  draft,
  required,
  update,
  flags,
}: {
  draft: Draft
  required: boolean
  update: (c: (d: Draft) => Draft) => void
  flags?: string[] | undefined
}) {
  const canvasRef = useRef<HTMLCanvasElement | null>(null)
  const padRef = useRef<SignaturePad | null>(null)
  const saved = useBlobUrl(draft.signature?.blobKey ?? null)
  const cannotSign = draft.noSignatureReason !== null
  const blobKey = signatureKey(draft.submissionId)

  useEffect(() => {
    const canvas = canvasRef.current
    if (!canvas || cannotSign) return
    // Sized in device pixels so the strokes stay sharp on a phone's dense screen.
    const ratio = Math.max(window.devicePixelRatio || 1, 1)
    canvas.width = canvas.offsetWidth * ratio
    canvas.height = canvas.offsetHeight * ratio
    canvas.getContext('2d')?.scale(ratio, ratio)
    const pad = new SignaturePad(canvas, {
      minWidth: 1,
      maxWidth: 2.6,
      penColor: '#0f1f33',
      backgroundColor: 'rgba(255,255,255,0)',
    })
    padRef.current = pad
    pad.addEventListener('endStroke', () => {
      canvas.toBlob((blob) => {
        if (!blob) return
        void idbSet(blobKey, blob).then(() =>
          update((d) => ({ ...d, signature: { blobKey, signedAt: localTimestamp() }, noSignatureReason: null })),
        )
      }, 'image/png')
    })
    return () => {
      pad.off()
      padRef.current = null
    }
  }, [cannotSign, blobKey, update])

  useEffect(() => {
    if (saved && padRef.current?.isEmpty())
      void padRef.current.fromDataURL(saved, {
        ratio: 1,
        width: canvasRef.current?.offsetWidth ?? 300,
        height: canvasRef.current?.offsetHeight ?? 160,
      })
  }, [saved])

  const w = m()
  const clear = () => {
    padRef.current?.clear()
    void idbDel(blobKey)
    update((d) => ({ ...d, signature: null }))
  }

  return (
    <Section
      title={w.customerSignature}
      name="Customer signature"
      flags={flags}
      hint={required ? w.required : w.optional}
    >
      {!cannotSign ? (
        <>
          <label className="field">
            <span className="field-label">{w.signerName}</span>
            <input
              className="input"
              value={draft.signerName}
              autoComplete="off"
              placeholder={w.fullName}
              onChange={(e) => update((d) => ({ ...d, signerName: e.target.value }))}
            />
          </label>
          <div className="sigpad">
            <canvas ref={canvasRef} data-testid="signature-pad" aria-label={w.signatureArea} />
            {!draft.signature ? <span className="sigpad-hint">{w.signHere}</span> : null}
            <div className="sigpad-line" aria-hidden />
          </div>
          {draft.signature ? (
            <button type="button" className="btn btn-ghost btn-small" onClick={clear}>
              {w.clearSignature}
            </button>
          ) : null}
        </>
      ) : null}
      <Toggle
        label={w.cannotSign}
        description={w.cannotSignWhy}
        checked={cannotSign}
        onChange={(on) => {
          if (on) void idbDel(blobKey)
          update((d) => ({ ...d, noSignatureReason: on ? '' : null, signature: on ? null : d.signature }))
        }}
      />
      {cannotSign ? (
        <label className="field">
          <span className="field-label">{w.reason}</span>
          <textarea
            className="input"
            rows={2}
            placeholder={w.noSignaturePlaceholder}
            value={draft.noSignatureReason ?? ''}
            onChange={(e) => update((d) => ({ ...d, noSignatureReason: e.target.value }))}
          />
        </label>
      ) : null}
    </Section>
  )
}
