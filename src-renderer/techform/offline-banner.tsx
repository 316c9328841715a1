import type { KeptPriceBook } from './offline-data'
import { formatAsOf } from './offline-data'
import { Icon } from './ui'

/** Shown on every screen while the office is out of reach: what still works, and what waits. */
export function OfflineBanner({ priceBook }: { priceBook: KeptPriceBook | null }) {
  return (
    <div className="banner banner-warn" role="status" data-testid="offline-banner">
      <Icon name="alert" size={18} />
      <div>
        <strong>Offline: the office PC is out of reach.</strong> You can still close jobs, take photos and{' '}
        {priceBook
          ? `search the price book (as of ${formatAsOf(priceBook.asOf)}).`
          : 'add parts (no price book on this phone yet).'}{' '}
        Closeouts wait on this phone and send by themselves when the office is back.
      </div>
    </div>
  )
}
