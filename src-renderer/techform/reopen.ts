import type { TechSentBack } from '../../src-shared/api/lan'
import type { Closeout } from '../../src-shared/schemas/closeout'
import type { Draft, PendingFile } from './draft'
import { uuidV4 } from './uuid'

/**
 * A sent-back closeout reopens as a copy of itself: the technician fixes what the office asked
 * and sends again, without re-entering labor, parts, photos or the customer's signature (the
 * customer is long gone). The copy has its own submission id and `supersedes` the sent-back one.
 */
export function draftFromSentBack(base: Draft, sentBack: TechSentBack): Draft {
  const c: Closeout | null = sentBack.closeout
  if (!c) return { ...base, supersedes: sentBack.submissionId }
  const noSignature = c.exceptions.find((e) => e.kind === 'no-signature')
  const pendingFiles: PendingFile[] = [
    ...c.attachments.map((a) => ({ file: a.file, category: a.category, takenAt: a.takenAt ?? null })),
    ...(c.signature
      ? [{ file: c.signature.file, category: 'signature' as const, takenAt: c.signature.signedAt ?? null }]
      : []),
  ]
  return {
    ...base,
    supersedes: sentBack.submissionId,
    startedAt: c.startedAt ?? base.startedAt,
    tasks: c.workPerformed.tasks.join('\n'),
    notes: c.workPerformed.notes,
    labor: c.labor.map((l) => ({ id: uuidV4(), role: l.role, hours: String(l.hours), overtime: l.overtime })),
    parts: c.parts.map((p) => ({
      id: uuidV4(),
      sku: p.sku ?? null,
      description: p.description,
      quantity: String(p.quantity),
      unitPrice: p.unitPrice ?? '',
    })),
    serialNumbers: [...c.serialNumbers],
    warranty: c.warrantyClaim,
    // The phone asks for a percent; an amount discount (typed in at the office) is the office's to keep.
    discount: c.discount?.percent ? { percent: c.discount.percent, reason: c.discount.reason } : null,
    signerName: c.signature?.signerName ?? '',
    signature: null,
    noSignatureReason: !c.signature && noSignature ? noSignature.reason : null,
    pendingFiles,
  }
}

/** The parts of the form a finding concerns: the section (and wizard step) that owes the fix. */
export type FormSection = 'work' | 'labor' | 'parts' | 'photos' | 'equipment' | 'signature'

const SECTION_OF: Record<string, FormSection> = {
  'missing-photos': 'photos',
  'missing-serial-number': 'equipment',
  'missing-signature': 'signature',
  'signature-exception': 'signature',
  'unpriced-part': 'parts',
  'parts-outside-estimate': 'parts',
  'total-over-nte': 'parts',
  'unpriced-labor': 'labor',
  'overtime-over-limit': 'labor',
  'labor-over-limit': 'labor',
  'discount-over-limit': 'equipment',
  'warranty-claim': 'equipment',
}

/** The office's findings on a sent-back closeout, by the section each one concerns. */
export function flaggedSections(findings: TechSentBack['findings']): Partial<Record<FormSection, string[]>> {
  const out: Partial<Record<FormSection, string[]>> = {}
  for (const f of findings) {
    if (f.severity === 'info') continue
    const section = SECTION_OF[f.code] ?? 'work'
    ;(out[section] ??= []).push(f.message)
  }
  return out
}
