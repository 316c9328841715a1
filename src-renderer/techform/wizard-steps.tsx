import type { Checklist } from './checklist'
import { sectionOf } from './shown-issues'

export type Step = 'work' | 'lines' | 'photos' | 'signature' | 'review'

/** The Close Job wizard's steps, each short enough for a phone screen, and the sections on each. */
export const STEPS: { step: Step; title: string; sections: string[] }[] = [
  { step: 'work', title: 'Work', sections: ['Unscheduled job', 'Work performed'] },
  { step: 'lines', title: 'Lines', sections: ['On the estimate', 'Labor', 'Parts', 'Equipment & pricing'] },
  { step: 'photos', title: 'Photos', sections: ['Photos'] },
  { step: 'signature', title: 'Signature', sections: ['Customer signature'] },
  { step: 'review', title: 'Review', sections: [] },
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
  return (
    <nav className="stepbar" aria-label="Steps">
      <ol>
        {STEPS.map((s, i) => (
          <li key={s.step}>
            <button
              type="button"
              className={s.step === step ? 'stepbar-step on' : 'stepbar-step'}
              aria-current={s.step === step ? 'step' : undefined}
              aria-label={`Step ${i + 1}: ${s.title}${owed[s.step] > 0 ? `, ${owed[s.step]} to do` : ''}`}
              onClick={() => onGo(s.step)}
            >
              <span className={owed[s.step] > 0 ? 'stepbar-dot owes' : 'stepbar-dot'} aria-hidden>
                {owed[s.step] > 0 ? owed[s.step] : '✓'}
              </span>
              {s.title}
            </button>
          </li>
        ))}
      </ol>
    </nav>
  )
}
