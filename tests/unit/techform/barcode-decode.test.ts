import { describe, expect, it } from 'vitest'
import { CODE128, decodePixels, encodeCode128, type Pixels } from '../../../src-renderer/techform/scan/decode'

/** A picture of bars: `widths` alternate space, bar, space... (quiet zones at both ends). */
function picture(widths: number[], module: number, opts: { flip?: boolean; height?: number } = {}): Pixels {
  const row: number[] = []
  widths.forEach((w, i) => {
    for (let k = 0; k < w * module; k++) row.push(i % 2 === 1 ? 30 : 235)
  })
  if (opts.flip) row.reverse()
  const width = row.length
  const height = opts.height ?? 40
  const data = new Uint8ClampedArray(width * height * 4)
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const o = (y * width + x) * 4
      data[o] = data[o + 1] = data[o + 2] = row[x]!
      data[o + 3] = 255
    }
  return { data, width, height }
}

/** EAN-13 widths (quiet zones included) for a 13-digit code. */
function ean13Widths(code: string): number[] {
  const L = ['3211', '2221', '2122', '1411', '1132', '1231', '1114', '1312', '1213', '3112']
  const parity = ['LLLLLL', 'LLGLGG', 'LLGGLG', 'LLGGGL', 'LGLLGG', 'LGGLLG', 'LGGGLL', 'LGLGLG', 'LGLGGL', 'LGGLGL'][
    Number(code[0])
  ]!
  const left = [...code.slice(1, 7)].flatMap((d, i) =>
    [...(parity[i] === 'L' ? L[Number(d)]! : [...L[Number(d)]!].reverse().join(''))].map(Number),
  )
  const right = [...code.slice(7)].flatMap((d) => [...L[Number(d)]!].map(Number))
  return [11, 1, 1, 1, ...left, 1, 1, 1, 1, 1, ...right, 1, 1, 1, 11]
}

describe('the small barcode reader (phones without BarcodeDetector)', () => {
  it('has the 107 Code 128 patterns of 11 modules (the stop 13), all different', () => {
    expect(CODE128).toHaveLength(107)
    expect(new Set(CODE128).size).toBe(107)
    for (const p of CODE128.slice(0, 106)) expect([...p].reduce((a, c) => a + Number(c), 0)).toBe(11)
    expect([...CODE128[106]!].reduce((a, c) => a + Number(c), 0)).toBe(13)
  })

  it('reads a part label and a serial plate in Code 128, either way up, at any size', () => {
    for (const text of ['CAP-45-5', '4819XK2231', 'PRESS-SW'])
      for (const module of [2, 3, 5])
        for (const flip of [false, true])
          expect(decodePixels(picture(encodeCode128(text), module, { flip })), `${text} x${module}`).toEqual({
            format: 'code_128',
            text,
          })
  })

  it('reads EAN-13 and UPC-A, and checks the check digit', () => {
    expect(decodePixels(picture(ean13Widths('4006381333931'), 3))).toEqual({ format: 'ean_13', text: '4006381333931' })
    // A UPC-A is an EAN-13 starting with 0: it reads as its 12 digits.
    expect(decodePixels(picture(ean13Widths('0036000291452'), 2))).toEqual({ format: 'upc_a', text: '036000291452' })
    expect(decodePixels(picture(ean13Widths('4006381333932'), 3))).toBeNull()
  })

  it('finds nothing in a picture without a barcode', () => {
    expect(decodePixels(picture([40, 3, 2, 7, 40], 3))).toBeNull()
    expect(decodePixels(picture([100], 1))).toBeNull()
  })
})
