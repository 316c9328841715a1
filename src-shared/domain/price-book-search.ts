import type { TechPriceBookItem } from '../../src-shared/api/lan'

/**
 * The form's price-book search over a list already ordered by description: the same answer as
 * the office's SQL (every word, at most 6, must be in the SKU or the description, ignoring
 * ASCII case, as SQLite's LIKE does).
 */
export function searchPriceBookItems(items: readonly TechPriceBookItem[], q: string, limit = 25): TechPriceBookItem[] {
  const words = q.trim().split(/\s+/).filter(Boolean).slice(0, 6).map(asciiLower)
  const out: TechPriceBookItem[] = []
  for (const item of items) {
    const sku = asciiLower(item.sku)
    const description = asciiLower(item.description)
    if (words.every((w) => sku.includes(w) || description.includes(w))) out.push(item)
    if (out.length >= limit) break
  }
  return out
}

const asciiLower = (text: string): string => text.replace(/[A-Z]/g, (c) => c.toLowerCase())
