import { describe, expect, it } from 'vitest'
import { searchPriceBookItems as searchKept } from '../../../src-shared/domain/price-book-search'
import type { TechPriceBookItem } from '../../../src-shared/api/lan'

const item = (sku: string, description: string): TechPriceBookItem => ({
  sku,
  description,
  unitPrice: '1.00',
  unitPriceCents: 100,
  taxable: true,
})
const book = [
  item('CAP-45-5', '45/5 MFD dual run capacitor'),
  item('CAP-35-5', '35/5 MFD dual run capacitor'),
  item('FLT-16x25', 'Pleated filter 16x25x1'),
]

describe("searching the phone's kept price book (offline)", () => {
  it('matches like the office: every word, in the SKU or the description, any case', () => {
    expect(searchKept(book, 'capacitor 45').map((i) => i.sku)).toEqual(['CAP-45-5'])
    expect(searchKept(book, 'cap').map((i) => i.sku)).toEqual(['CAP-45-5', 'CAP-35-5'])
    expect(searchKept(book, 'flt-16X25').map((i) => i.sku)).toEqual(['FLT-16x25'])
    expect(searchKept(book, 'capacitor filter')).toEqual([])
  })

  it('stops at the limit', () => {
    const many = Array.from({ length: 40 }, (_, i) => item(`P-${i}`, 'Copper fitting'))
    expect(searchKept(many, 'copper')).toHaveLength(25)
  })
})
