import AxeBuilder from '@axe-core/playwright'
import type { Page } from '@playwright/test'

/**
 * axe on the screen as the user sees it once it stands still. A dialog fades in over ~200 ms
 * (Mantine's transition); axe run in the middle of it measures half-transparent text and reports
 * a contrast failure the settled screen does not have — on a fast or slow machine, by luck.
 * A spinner or a loading shimmer goes round for ever: only animations that end are waited for.
 */
export async function axeOnStillScreen(
  page: Page,
  rules?: string[],
): Promise<Awaited<ReturnType<AxeBuilder['analyze']>>> {
  await page.waitForFunction(() =>
    document.getAnimations().every((a) => a.playState !== 'running' || a.effect?.getTiming().iterations === Infinity),
  )
  const builder = new AxeBuilder({ page })
  return (rules ? builder.withRules(rules) : builder).analyze()
}
