/**
 * Which of the checklist's blocking reasons to show in red. None before the technician has done
 * anything: a reason about one section appears once they have left that section, and all of them
 * once they press Send (or the "things to do" status). Until then the neutral checklist and the
 * count say what is left, without scolding.
 */
const SECTION_OF: [RegExp, string][] = [
  [/^Labor line/, 'Labor'],
  [/^Part \d/, 'Parts'],
  [/^Discount/, 'Equipment & pricing'],
  [/^Signature/, 'Customer signature'],
  [/^New job/, 'Unscheduled job'],
]

export function sectionOf(message: string): string | null {
  return SECTION_OF.find(([re]) => re.test(message))?.[1] ?? null
}

export function shownIssues(issues: string[], left: ReadonlySet<string>, sendPressed: boolean): string[] {
  if (sendPressed) return issues
  return issues.filter((m) => {
    const section = sectionOf(m)
    return section !== null && left.has(section)
  })
}
