import type { Page } from 'playwright-core'

/**
 * In-page timings for the inbox search benchmark (`npm run bench -- ui`). Both run inside the
 * page, so Playwright's round trips are not counted, and both stop at the frame after the
 * matching count and rows are in the DOM.
 */

/**
 * The whole term arrives in one input event (a paste, or the last keystroke): from that event to
 * the frame that shows the new count and rows. Whatever the input does before asking (a typing
 * pause, coalescing) is inside the figure.
 */
export function pasteSearch(page: Page, term: string, everything: string): Promise<number> {
  return page.evaluate(
    ({ term, everything }) =>
      new Promise<number>((resolve) => {
        const input = document.querySelector<HTMLInputElement>('input[aria-label="Search jobs"]')!
        const count = document.querySelector('[data-testid="inbox-count"]')!
        const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!
        const t0 = performance.now()
        const observer = new MutationObserver(() => {
          const now = document.querySelector('[data-testid="inbox-count"]')
          if (now && !now.textContent?.startsWith(everything) && document.querySelector('tr[data-job-id]')) {
            observer.disconnect()
            requestAnimationFrame(() => resolve(performance.now() - t0))
          }
        })
        observer.observe(count.parentElement!.parentElement!, { subtree: true, childList: true, characterData: true })
        setValue.call(input, term)
        input.dispatchEvent(new Event('input', { bubbles: true }))
      }),
    { term, everything },
  )
}

/**
 * The term typed a key at a time, `gapMs` apart, so earlier prefixes ("c", "ca"...) are still
 * being answered when later keys land: from the LAST keystroke to the frame that shows the rows
 * of the whole term (the footer names the search its rows answer, so an earlier prefix's rows
 * never count).
 */
export function typeSearch(page: Page, term: string, gapMs: number): Promise<number> {
  return page.evaluate(
    ({ term, gapMs }) =>
      new Promise<number>((resolve) => {
        const input = document.querySelector<HTMLInputElement>('input[aria-label="Search jobs"]')!
        const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!
        let t0 = 0
        const observer = new MutationObserver(() => {
          const footer = document.querySelector('[data-testid="inbox-count"]')
          if (t0 > 0 && footer?.getAttribute('data-search') === term && document.querySelector('tr[data-job-id]')) {
            observer.disconnect()
            requestAnimationFrame(() => resolve(performance.now() - t0))
          }
        })
        observer.observe(document.body, {
          subtree: true,
          childList: true,
          characterData: true,
          attributes: true,
          attributeFilter: ['data-search'],
        })
        // Keys are scheduled up front, as a typist keeps typing whatever the screen does. (Inline
        // arrows: tsx names declared functions with a helper the page does not have.)
        for (let typed = 1; typed <= term.length; typed++) {
          setTimeout(
            () => {
              if (typed === term.length) t0 = performance.now()
              setValue.call(input, term.slice(0, typed))
              input.dispatchEvent(new Event('input', { bubbles: true }))
            },
            (typed - 1) * gapMs,
          )
        }
      }),
    { term, gapMs },
  )
}
