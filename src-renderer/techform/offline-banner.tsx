import type { KeptPriceBook } from './offline-data'
import { formatAsOf } from './offline-data'
import { Icon } from './ui'
import { m } from './i18n'

/** Shown on every screen while the office is out of reach: what still works, and what waits. */
export function OfflineBanner({ priceBook }: { priceBook: KeptPriceBook | null }) {
  const w = m()
  return (
    <div className="banner banner-warn" role="status" data-testid="offline-banner">
      <Icon name="alert" size={18} />
      <div>
        <strong>{w.offlineTitle}</strong> {w.offlineWorks}{' '}
        {priceBook ? w.offlineSearch(formatAsOf(priceBook.asOf)) : w.offlineNoBook} {w.offlineWaits}
      </div>
    </div>
  )
}
