import type { TechJob } from '../../src-shared/api/lan'
import type { Draft } from './draft'
import { choiceFor, chooseEstimateLine, type EstimateChoice } from './estimate-lines'
import { Section } from './ui'

type Update = (c: (d: Draft) => Draft) => void

const CHOICES: { choice: EstimateChoice; label: string }[] = [
  { choice: 'used', label: 'As estimated' },
  { choice: 'changed', label: 'Change' },
  { choice: 'not-used', label: 'Not used' },
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
  return (
    <Section
      title="On the estimate"
      fold={{ open, onToggle: () => onOpen(!open), summary: `${answered} of ${job.estimate.length} answered` }}
    >
      <ul className="estimate-rows">
        {job.estimate.map((line, i) => {
          const chosen = choiceFor(draft, i)?.choice
          const what = line.kind === 'labor' ? `${line.quantity} h` : `Qty ${line.quantity}`
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
              <div className="estimate-choices" role="group" aria-label={`${line.description}: used?`}>
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
                    {label}
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
