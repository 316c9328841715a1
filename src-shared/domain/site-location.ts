/**
 * The optional GPS fix a technician adds to a closeout (closeout/v1 `location`), in the words and
 * link the office screen and the packet share.
 */
export interface SiteLocation {
  lat: number
  lon: number
  /** Metres, as the phone reported it; null when the phone gave none. */
  accuracyM: number | null
}

/** "41.88526, -87.78447": five decimals, about a metre, what a phone's fix is good for. */
export const coordinates = (l: SiteLocation): string => `${l.lat.toFixed(5)}, ${l.lon.toFixed(5)}`

/** "±12 m", or null when the phone did not say. */
export const accuracyWords = (l: SiteLocation): string | null =>
  l.accuracyM === null ? null : `±${Math.round(l.accuracyM)} m`

/** The fix on OpenStreetMap, with a marker (no account, no key, opens in any browser). */
export const mapLink = (l: SiteLocation): string =>
  `https://www.openstreetmap.org/?mlat=${l.lat.toFixed(5)}&mlon=${l.lon.toFixed(5)}#map=18/${l.lat.toFixed(5)}/${l.lon.toFixed(5)}`

/** The location of a parsed closeout document, in the shape above. */
export const siteLocationOf = (
  doc: { location?: { lat: number; lon: number; accuracyM?: number | undefined } | undefined } | null,
): SiteLocation | null =>
  doc?.location ? { lat: doc.location.lat, lon: doc.location.lon, accuracyM: doc.location.accuracyM ?? null } : null
