/**
 * A small barcode reader for phones without BarcodeDetector: Code 128 (what part labels and
 * serial plates carry: "CAP-45-5", "4819XK2231") and EAN-13 / UPC-A (retail parts), read along
 * horizontal lines of a picture, either way up. Pure functions of the pixels: no DOM, testable.
 * (QR codes need the browser's BarcodeDetector.)
 */
export interface Pixels {
  data: Uint8ClampedArray
  width: number
  height: number
}

export interface Decoded {
  format: 'code_128' | 'ean_13' | 'upc_a'
  text: string
}

/** Code 128 bar/space widths in modules for values 0-106 (ISO/IEC 15417); 106 is STOP. */
export const CODE128 = [
  '212222',
  '222122',
  '222221',
  '121223',
  '121322',
  '131222',
  '122213',
  '122312',
  '132212',
  '221213',
  '221312',
  '231212',
  '112232',
  '122132',
  '122231',
  '113222',
  '123122',
  '123221',
  '223211',
  '221132',
  '221231',
  '213212',
  '223112',
  '312131',
  '311222',
  '321122',
  '321221',
  '312212',
  '322112',
  '322211',
  '212123',
  '212321',
  '232121',
  '111323',
  '131123',
  '131321',
  '112313',
  '132113',
  '132311',
  '211313',
  '231113',
  '231311',
  '112133',
  '112331',
  '132131',
  '113123',
  '113321',
  '133121',
  '313121',
  '211331',
  '231131',
  '213113',
  '213311',
  '213131',
  '311123',
  '311321',
  '331121',
  '312113',
  '312311',
  '332111',
  '314111',
  '221411',
  '431111',
  '111224',
  '111422',
  '121124',
  '121421',
  '141122',
  '141221',
  '112214',
  '112412',
  '122114',
  '122411',
  '142112',
  '142211',
  '241211',
  '221114',
  '413111',
  '241112',
  '134111',
  '111242',
  '121142',
  '121241',
  '114212',
  '124112',
  '124211',
  '411212',
  '421112',
  '421211',
  '212141',
  '214121',
  '412121',
  '111143',
  '111341',
  '131141',
  '114113',
  '114311',
  '411113',
  '411311',
  '113141',
  '114131',
  '311141',
  '411131',
  '211412',
  '211214',
  '211232',
  '2331112',
]

const CODE128_INDEX = new Map(CODE128.map((p, i) => [p.slice(0, 6), i]))

/** EAN left-hand odd (L) patterns as widths space-bar-space-bar; G is L reversed; R as L. */
const EAN_L = ['3211', '2221', '2122', '1411', '1132', '1231', '1114', '1312', '1213', '3112']
const EAN_PARITY = ['LLLLLL', 'LLGLGG', 'LLGGLG', 'LLGGGL', 'LGLLGG', 'LGGLLG', 'LGGGLL', 'LGLGLG', 'LGLGGL', 'LGGLGL']

/** Widths of `runs` in whole modules, `modules` of them in all. */
function quantise(runs: number[], modules: number): string {
  const total = runs.reduce((a, b) => a + b, 0)
  return runs.map((r) => Math.max(1, Math.min(4, Math.round((r * modules) / total)))).join('')
}

function code128(runs: number[]): string | null {
  for (let i = 0; i + 6 <= runs.length; i += 2) {
    const start = CODE128_INDEX.get(quantise(runs.slice(i, i + 6), 11))
    if (start === undefined || start < 103 || start > 105) continue
    const values: number[] = [start]
    let j = i + 6
    let stopped = false
    while (j + 6 <= runs.length) {
      const seven = runs.slice(j, j + 7)
      if (seven.length === 7 && quantise(seven, 13) === '2331112') {
        stopped = true
        break
      }
      const v = CODE128_INDEX.get(quantise(runs.slice(j, j + 6), 11))
      if (v === undefined || v > 105) break
      values.push(v)
      j += 6
    }
    if (!stopped || values.length < 3) continue
    const check = values.pop()!
    const sum = values.reduce((acc, v, k) => acc + v * (k === 0 ? 1 : k), 0)
    if (sum % 103 !== check) continue
    const text = code128Text(values)
    if (text) return text
  }
  return null
}

function code128Text(values: number[]): string | null {
  let set: 'A' | 'B' | 'C' = values[0] === 103 ? 'A' : values[0] === 104 ? 'B' : 'C'
  let out = ''
  for (const v of values.slice(1)) {
    if (set === 'C') {
      if (v < 100) out += String(v).padStart(2, '0')
      else if (v === 100) set = 'B'
      else if (v === 101) set = 'A'
      continue
    }
    if (v === 99) set = 'C'
    else if (v === 100 && set === 'A') set = 'B'
    else if (v === 101 && set === 'B') set = 'A'
    else if (v < 96) out += set === 'B' ? String.fromCharCode(v + 32) : String.fromCharCode(v < 64 ? v + 32 : v - 64)
  }
  return out.length > 0 ? out : null
}

function ean13(runs: number[]): string | null {
  // Runs start on a bar: guard 3, six digits of 4, middle 5, six digits of 4, guard 3 = 59 runs.
  for (let i = 0; i + 59 <= runs.length; i += 2) {
    if (quantise(runs.slice(i, i + 3), 3) !== '111') continue
    const before = runs[i - 1]
    const unit = (runs[i]! + runs[i + 1]! + runs[i + 2]!) / 3
    if (before !== undefined && before < unit * 3) continue // a quiet zone before the guard
    let digits = ''
    let parity = ''
    let ok = true
    for (let d = 0; d < 12 && ok; d++) {
      const at = i + 3 + d * 4 + (d >= 6 ? 5 : 0)
      const w = quantise(runs.slice(at, at + 4), 7)
      if (d < 6) {
        // Left half: runs are space-bar-space-bar; L as is, G reversed.
        const l = EAN_L.indexOf(w)
        const g = EAN_L.indexOf([...w].reverse().join(''))
        if (l >= 0) {
          digits += l
          parity += 'L'
        } else if (g >= 0) {
          digits += g
          parity += 'G'
        } else ok = false
      } else {
        const r = EAN_L.indexOf(w)
        if (r >= 0) digits += r
        else ok = false
      }
    }
    if (!ok) continue
    const first = EAN_PARITY.indexOf(parity)
    if (first < 0) continue
    const code = `${first}${digits}`
    const sum = [...code.slice(0, 12)].reduce((a, c, k) => a + Number(c) * (k % 2 ? 3 : 1), 0)
    if ((10 - (sum % 10)) % 10 !== Number(code[12])) continue
    return code
  }
  return null
}

/** Bar and space widths along row y, from the first dark pixel on. */
function rowRuns(p: Pixels, y: number): number[] {
  const lum = new Float32Array(p.width)
  let min = 255
  let max = 0
  for (let x = 0; x < p.width; x++) {
    const o = (y * p.width + x) * 4
    const v = 0.299 * p.data[o]! + 0.587 * p.data[o + 1]! + 0.114 * p.data[o + 2]!
    lum[x] = v
    if (v < min) min = v
    if (v > max) max = v
  }
  if (max - min < 40) return []
  const threshold = (min + max) / 2
  const runs: number[] = []
  let dark = false
  let run = 0
  for (let x = 0; x < p.width; x++) {
    const d = lum[x]! < threshold
    if (d === dark) run++
    else {
      runs.push(run)
      run = 1
      dark = d
    }
  }
  runs.push(run)
  // runs[0] is the space before the first bar (maybe 0); from runs[1] on: bar, space, bar...
  return runs
}

/** The first barcode found along 15 rows of the picture, read left to right or right to left. */
export function decodePixels(p: Pixels): Decoded | null {
  for (let k = 0; k < 15; k++) {
    // Middle rows first: that is where a photo's barcode usually is.
    const offset = Math.ceil(k / 2) * (k % 2 ? 1 : -1)
    const y = Math.floor(p.height / 2 + (offset * p.height) / 32)
    if (y < 0 || y >= p.height) continue
    const all = rowRuns(p, y)
    if (all.length < 20) continue
    const bars = all.slice(1)
    for (const runs of [bars, [...bars].reverse().slice(1)]) {
      const c = code128(runs)
      if (c) return { format: 'code_128', text: c }
      const e = ean13(runs)
      if (e) return e.startsWith('0') ? { format: 'upc_a', text: e.slice(1) } : { format: 'ean_13', text: e }
    }
  }
  return null
}

/** Code 128 (set B) widths for `text`, quiet zones included: for tests and fixtures. */
export function encodeCode128(text: string): number[] {
  const values = [104, ...[...text].map((c) => c.charCodeAt(0) - 32)]
  const check = values.reduce((acc, v, k) => acc + v * (k === 0 ? 1 : k), 0) % 103
  const widths = [...values, check].flatMap((v) => [...CODE128[v]!].map(Number))
  return [10, ...widths, ...[...CODE128[106]!].map(Number), 10]
}
