import type { TechJob } from '../../src-shared/api/lan'
import type { Draft } from './draft'
import { choiceFor, chooseEstimateLine, type EstimateChoice } from './estimate-lines'
import { Section } from './ui'
import { m } from './i18n'
import type { Messages } from './i18n/en'

type Update = (c: (d: Draft) => Draft) => void

const CHOICES: { choice: EstimateChoice; label: (w: Messages) => string }[] = [
  { choice: 'used', label: (w) => w.asEstimated },
  { choice: 'changed', label: (w) => w.change },
  { choice: 'not-used', label: (w) => w.notUsed },
]

/**
 * The estimate's lines, each answered with one tap: "As estimated" puts it on the closeout as the
 * office priced it, "Change" puts it there to edit, "Not used" leaves it off. Nothing estimated is
 * forgotten (the under-billing the office used to catch only at review).
 */
export function EstimateSection({
  draft,
  job,
  update,
  open,
  onOpen,
  onChange,
}: {
  draft: Draft
  job: TechJob
  update: Update
  open: boolean
  onOpen: (open: boolean) => void
  /** "Change" was tapped: open the labor or parts section where the line landed. */
  onChange: (kind: 'labor' | 'part') => void
}) {
  if (job.estimate.length === 0) return null
  const answered = job.estimate.filter((_, i) => choiceFor(draft, i)).length
  const w = m()
  return (
    <Section
      title={w.onTheEstimate}
      name="On the estimate"
      fold={{ open, onToggle: () => onOpen(!open), summary: w.answered(answered, job.estimate.length) }}
    >
      <ul className="estimate-rows">
        {job.estimate.map((line, i) => {
          const chosen = choiceFor(draft, i)?.choice
          const what = line.kind === 'labor' ? `${line.quantity} h` : w.qty(line.quantity)
          const price = line.unitPrice ? ` · $${line.unitPrice}${line.kind === 'labor' ? '/h' : ''}` : ''
          return (
            <li key={i} className="estimate-row" data-testid={`estimate-${i}`} data-choice={chosen ?? 'none'}>
              <div className="estimate-what">
                <span className="line-title">{line.description}</span>
                <span className="line-sku">
                  {what}
                  {price}
                </span>
              </div>
              <div className="estimate-choices" role="group" aria-label={w.usedQuestion(line.description)}>
                {CHOICES.map(({ choice, label }) => (
                  <button
                    key={choice}
                    type="button"
                    className={chosen === choice ? 'choice choice-on' : 'choice'}
                    aria-pressed={chosen === choice}
                    onClick={() => {
                      update((d) => chooseEstimateLine(d, i, line, choice))
                      // Let the technician edit it where it landed.
                      if (choice === 'changed') onChange(line.kind)
                    }}
                  >
                    {label(w)}
                  </button>
                ))}
              </div>
            </li>
          )
        })}
      </ul>
    </Section>
  )
}
