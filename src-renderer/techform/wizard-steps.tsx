import type { Checklist } from './checklist'
import { sectionOf } from './shown-issues'
import { m } from './i18n'
import type { Messages } from './i18n/en'

export type Step = 'work' | 'lines' | 'photos' | 'signature' | 'review'

/** The Close Job wizard's steps, each short enough for a phone screen, and the sections on each. */
/** `sections` are the sections' English names (the checklist's own keys); `title` is in the form's language. */
export const STEPS: { step: Step; title: (w: Messages) => string; sections: string[] }[] = [
  { step: 'work', title: (w) => w.stepWork, sections: ['Unscheduled job', 'Work performed'] },
  { step: 'lines', title: (w) => w.stepLines, sections: ['On the estimate', 'Labor', 'Parts', 'Equipment & pricing'] },
  { step: 'photos', title: (w) => w.stepPhotos, sections: ['Photos'] },
  { step: 'signature', title: (w) => w.stepSignature, sections: ['Customer signature'] },
  { step: 'review', title: (w) => w.stepReview, sections: [] },
]

const stepOfSection = (section: string | null): Step =>
  STEPS.find((s) => section !== null && s.sections.includes(section))?.step ?? 'review'

function stepOfItem(label: string): Step {
  if (/photo/i.test(label)) return 'photos'
  if (/signature/i.test(label)) return 'signature'
  if (/serial/i.test(label)) return 'lines'
  return 'review'
}

/** The step whose sections a blocking reason is about. */
export const stepOfIssue = (m: string): Step => (/^Say what was done/.test(m) ? 'work' : stepOfSection(sectionOf(m)))

/** How many things each step still owes: its unticked checklist items and its blocking reasons. */
export function owedBySteps(checklist: Checklist): Record<Step, number> {
  const owed: Record<Step, number> = { work: 0, lines: 0, photos: 0, signature: 0, review: 0 }
  for (const item of checklist.items) if (!item.done) owed[stepOfItem(item.label)]++
  for (const m of checklist.issues) owed[stepOfIssue(m)]++
  return owed
}

export function StepBar({ step, owed, onGo }: { step: Step; owed: Record<Step, number>; onGo: (s: Step) => void }) {
  const w = m()
  return (
    <nav className="stepbar" aria-label={w.steps}>
      <ol>
        {STEPS.map((s, i) => (
          <li key={s.step}>
            <button
              type="button"
              className={s.step === step ? 'stepbar-step on' : 'stepbar-step'}
              aria-current={s.step === step ? 'step' : undefined}
              aria-label={w.stepLabel(i + 1, s.title(w), owed[s.step])}
              onClick={() => onGo(s.step)}
            >
              <span className={owed[s.step] > 0 ? 'stepbar-dot owes' : 'stepbar-dot'} aria-hidden>
                {owed[s.step] > 0 ? owed[s.step] : '✓'}
              </span>
              {s.title(w)}
            </button>
          </li>
        ))}
      </ol>
    </nav>
  )
}
