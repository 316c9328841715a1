import { en, type Messages } from './i18n/en'

/**
 * The technician form speaks English or Spanish: the phone's language by default, a switch on
 * the sign-in screen, remembered on the phone. English is in the first load; Spanish is fetched
 * only when chosen (i18n/es.ts, its own chunk).
 */
export type Lang = 'en' | 'es'
export const LANG_KEY = 'closeout.lang'

let current: Messages = en
let lang: Lang = 'en'

/** The words in the form's current language. */
export const m = (): Messages => current
export const currentLang = (): Lang => lang

/** The language chosen on this phone, else the phone's own (navigator.language). */
export function preferredLang(): Lang {
  const kept = localStorage.getItem(LANG_KEY)
  if (kept === 'en' || kept === 'es') return kept
  return navigator.language.toLowerCase().startsWith('es') ? 'es' : 'en'
}

/** Loads a language's catalog (Spanish on demand) and makes it current. */
export async function loadLanguage(next: Lang): Promise<void> {
  current = next === 'es' ? (await import('./i18n/es')).es : en
  lang = next
  document.documentElement.lang = next
}

export async function chooseLanguage(next: Lang): Promise<void> {
  localStorage.setItem(LANG_KEY, next)
  await loadLanguage(next)
}

/**
 * The phone's own checklist items and field problems are made in English (checklist.ts,
 * draft.ts: the wizard reads them to know which step owes what); this says them in the current
 * language. The office's rule messages come from the office and stay as the office wrote them.
 */
const SAID: [RegExp, (x: RegExpExecArray, w: Messages) => string][] = [
  [/^Labor line (\d+): enter the hours, like 1\.5$/, (x, w) => w.laborHours(Number(x[1]))],
  [/^Part (\d+): describe the part$/, (x, w) => w.partDescribe(Number(x[1]))],
  [/^Part (\d+): enter the quantity$/, (x, w) => w.partQuantity(Number(x[1]))],
  [/^Part (\d+): the price must look like 38\.00$/, (x, w) => w.partPrice(Number(x[1]))],
  [/^Discount: enter a percent, like 10$/, (_, w) => w.discountPercentProblem],
  [/^Discount: give the reason$/, (_, w) => w.discountReason],
  [/^Signature: type the signer's name$/, (_, w) => w.signerProblem],
  [/^New job: enter the customer's name$/, (_, w) => w.newJobCustomer],
  [/^New job: enter the site address$/, (_, w) => w.newJobAddress],
  [/^New job: choose the job type$/, (_, w) => w.newJobType],
  [/^Say what was done: a task, a note, labor or a part$/, (_, w) => w.sayWhatWasDone],
  [/^Serial number$/, (_, w) => w.serialItem],
  [/^Customer signature \(or a reason\)$/, (_, w) => w.signatureItem],
  [
    /^(\d+) (before|after|serial-plate|other) photos?(?: \((\d+) so far\))?$/,
    (x, w) => w.photoItem(Number(x[1]), category(x[2] ?? '', w), Number(x[3] ?? 0)),
  ],
]

const category = (c: string, w: Messages): string =>
  c === 'before' ? w.catBefore : c === 'after' ? w.catAfter : c === 'serial-plate' ? w.catSerialPlate : w.catOther

export function say(text: string): string {
  if (lang === 'en') return text
  for (const [re, f] of SAID) {
    const x = re.exec(text)
    if (x) return f(x, current)
  }
  return text
}
