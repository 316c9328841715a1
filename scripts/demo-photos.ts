import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { chromium } from 'playwright-core'
import { chromiumLaunchOptions } from '../playwright.config'

/**
 * `npx tsx scripts/demo-photos.ts`: draws the demo's job-site photos (800x600 JPEG) and the
 * customer signature (PNG) in Chromium's canvas into resources/demo/. They are drawn, not
 * photographed, so the repository holds no one's house; noise and a vignette keep them from
 * looking like clip art. Run it again only to change a picture; the files are committed.
 */
const OUT = join(__dirname, '..', 'resources', 'demo')

// Runs inside the page: one function per picture, each drawing onto an 800x600 context.
const DRAW = String.raw`
const W = 800, H = 600
let seed = 11
const rnd = () => ((seed = (seed * 16807) % 2147483647) / 2147483647)
function finish(g, grain) {
  const img = g.getImageData(0, 0, W, H), d = img.data
  for (let i = 0; i < d.length; i += 4) { const n = (rnd() - 0.5) * grain; d[i] += n; d[i + 1] += n; d[i + 2] += n }
  g.putImageData(img, 0, 0)
  const v = g.createRadialGradient(W / 2, H / 2, H * 0.35, W / 2, H / 2, W * 0.7)
  v.addColorStop(0, 'rgba(0,0,0,0)'); v.addColorStop(1, 'rgba(0,0,0,0.45)')
  g.fillStyle = v; g.fillRect(0, 0, W, H)
}
function lin(g, x0, y0, x1, y1, stops) { const gr = g.createLinearGradient(x0, y0, x1, y1); stops.forEach(([o, c]) => gr.addColorStop(o, c)); return gr }
function brickWall(g, h, tint) {
  g.fillStyle = tint; g.fillRect(0, 0, W, h)
  for (let y = 0; y < h; y += 26) for (let x = (y / 26) % 2 ? -30 : 0; x < W; x += 60) {
    g.fillStyle = 'rgba(' + (120 + rnd() * 40 | 0) + ',' + (50 + rnd() * 20 | 0) + ',' + (40 + rnd() * 15 | 0) + ',1)'
    g.fillRect(x + 2, y + 2, 56, 22)
  }
}
function condenser(g, clean) {
  brickWall(g, 330, '#8a7d72')
  g.fillStyle = clean ? '#6f8f4e' : '#5f6f3e'; g.fillRect(0, 330, W, 270)
  for (let i = 0; i < 900; i++) { g.fillStyle = 'rgba(40,' + (70 + rnd() * 60 | 0) + ',30,0.6)'; g.fillRect(rnd() * W, 330 + rnd() * 270, 2, 6 + rnd() * 6) }
  g.fillStyle = clean ? '#bdbab3' : '#9a968c'; g.beginPath(); g.moveTo(170, 470); g.lineTo(650, 470); g.lineTo(700, 560); g.lineTo(120, 560); g.fill()
  g.fillStyle = lin(g, 200, 0, 600, 0, clean ? [[0, '#d9dcdf'], [0.5, '#f2f3f4'], [1, '#c4c8cc']] : [[0, '#a9a59a'], [0.5, '#c3beb0'], [1, '#8f8a7f']])
  g.fillRect(215, 150, 370, 340)
  g.strokeStyle = clean ? '#8c9297' : '#6d675b'; g.lineWidth = 2
  for (let x = 225; x < 580; x += 7) { g.beginPath(); g.moveTo(x, 230); g.lineTo(x, 480); g.stroke() }
  g.fillStyle = clean ? '#2d3033' : '#3b3a35'; g.beginPath(); g.ellipse(400, 165, 170, 28, 0, 0, Math.PI * 2); g.fill()
  g.strokeStyle = clean ? '#5b6166' : '#55524a'; g.lineWidth = 3
  for (let r = 30; r < 170; r += 18) { g.beginPath(); g.ellipse(400, 165, r, r * 0.16, 0, 0, Math.PI * 2); g.stroke() }
  g.fillStyle = '#1e2124'; g.fillRect(585, 300, 30, 80)
  g.strokeStyle = '#2a2a2a'; g.lineWidth = 10; g.beginPath(); g.moveTo(600, 380); g.bezierCurveTo(660, 380, 660, 250, 760, 240); g.stroke()
  g.strokeStyle = '#111'; g.lineWidth = 16; g.beginPath(); g.moveTo(600, 420); g.bezierCurveTo(680, 430, 690, 300, 800, 300); g.stroke()
  if (!clean) {
    for (let i = 0; i < 40; i++) { g.fillStyle = 'rgba(120,70,30,' + (0.2 + rnd() * 0.4) + ')'; g.fillRect(220 + rnd() * 360, 230 + rnd() * 250, 3 + rnd() * 6, 10 + rnd() * 40) }
    for (let i = 0; i < 60; i++) { g.fillStyle = ['#8a5a2b', '#a06a2c', '#6b4a22'][i % 3]; g.beginPath(); g.ellipse(150 + rnd() * 520, 470 + rnd() * 90, 9, 4, rnd() * 3, 0, 7); g.fill() }
    g.fillStyle = 'rgba(30,25,20,0.35)'; g.fillRect(225, 230, 355, 250)
  } else {
    g.fillStyle = '#1f4f8f'; g.fillRect(250, 190, 120, 26); g.fillStyle = '#fff'; g.font = 'bold 16px sans-serif'; g.fillText('NORTHWIND', 262, 209)
  }
}
function waterHeater(g, fresh) {
  g.fillStyle = lin(g, 0, 0, 0, 420, [[0, '#8d8a84'], [1, '#6e6b66']]); g.fillRect(0, 0, W, 420)
  g.fillStyle = fresh ? '#8f8d88' : '#77736c'; g.fillRect(0, 420, W, 180)
  g.strokeStyle = 'rgba(0,0,0,0.2)'; for (let x = 0; x < W; x += 100) { g.beginPath(); g.moveTo(x, 420); g.lineTo(x - 60, 600); g.stroke() }
  const body = fresh ? [[0, '#c9ccd0'], [0.45, '#f4f5f6'], [1, '#a9adb2']] : [[0, '#8e8b80'], [0.45, '#bdb7a8'], [1, '#77736a']]
  g.fillStyle = lin(g, 300, 0, 500, 0, body); g.fillRect(300, 110, 200, 360)
  g.beginPath(); g.ellipse(400, 110, 100, 18, 0, 0, 7); g.fillStyle = fresh ? '#e1e3e5' : '#a29d90'; g.fill()
  g.fillStyle = '#9aa0a6'; g.fillRect(385, 20, 30, 80)
  g.fillStyle = '#b87333'; g.fillRect(340, 0, 12, 100); g.fillRect(448, 0, 12, 100)
  g.fillStyle = '#222'; g.fillRect(370, 360, 60, 40); g.fillStyle = '#c0392b'; g.beginPath(); g.arc(400, 380, 12, 0, 7); g.fill()
  g.fillStyle = '#f1c40f'; g.fillRect(430, 420, 90, 10)
  g.fillStyle = fresh ? '#1f4f8f' : '#5a4a3a'; g.fillRect(320, 180, 160, 50)
  g.fillStyle = '#fff'; g.font = 'bold 15px sans-serif'; g.fillText(fresh ? '40 GAL  NAT GAS' : 'GAS  40', 340, 210)
  if (fresh) {
    g.fillStyle = lin(g, 540, 0, 620, 0, [[0, '#2b66b1'], [0.5, '#5b95dd'], [1, '#1f4f8f']]); g.beginPath(); g.ellipse(580, 170, 38, 55, 0, 0, 7); g.fill()
    g.fillStyle = '#b87333'; g.fillRect(452, 120, 110, 10)
    g.fillStyle = '#d8d8d8'; g.fillRect(495, 260, 12, 220)
  } else {
    for (let i = 0; i < 70; i++) { g.fillStyle = 'rgba(130,60,20,' + (0.25 + rnd() * 0.5) + ')'; g.beginPath(); g.arc(300 + rnd() * 200, 430 + rnd() * 40, 3 + rnd() * 12, 0, 7); g.fill() }
    g.fillStyle = 'rgba(60,80,100,0.45)'; g.beginPath(); g.ellipse(420, 520, 230, 50, 0, 0, 7); g.fill()
    g.fillStyle = 'rgba(255,255,255,0.25)'; g.beginPath(); g.ellipse(380, 510, 80, 12, 0, 0, 7); g.fill()
  }
}
function furnace(g, fresh) {
  g.fillStyle = '#7d7a73'; g.fillRect(0, 0, W, 460); g.fillStyle = '#5e5b55'; g.fillRect(0, 460, W, 140)
  g.fillStyle = '#a7a39a'; g.fillRect(0, 0, W, 40)
  g.fillStyle = '#c2c5c8'; g.fillRect(300, 40, 200, 90)
  g.fillStyle = lin(g, 270, 0, 530, 0, fresh ? [[0, '#3a3f45'], [0.5, '#59616a'], [1, '#30353a']] : [[0, '#b8b09c'], [0.5, '#d3cbb6'], [1, '#9f9784']])
  g.fillRect(270, 130, 260, 380)
  g.strokeStyle = 'rgba(0,0,0,0.5)'; g.lineWidth = 3; g.strokeRect(285, 150, 230, 160); g.strokeRect(285, 320, 230, 170)
  for (let y = 170; y < 300; y += 12) { g.fillStyle = 'rgba(0,0,0,0.35)'; g.fillRect(300, y, 80, 5) }
  g.fillStyle = fresh ? '#e9ecef' : '#f5f0e1'; g.fillRect(420, 335, 80, 40)
  g.fillStyle = '#333'; g.font = '11px sans-serif'; g.fillText(fresh ? '96% AFUE' : 'WARNING', 430, 360)
  g.fillStyle = '#dfe3e6'; g.fillRect(380, 0, 40, 130); g.fillRect(200, 200, 70, 18)
  g.fillStyle = '#f1c40f'; g.fillRect(530, 420, 120, 10)
  if (fresh) {
    g.fillStyle = '#e8e8e8'; g.fillRect(440, 40, 22, 90); g.fillRect(470, 40, 22, 90)
    g.fillStyle = '#1f4f8f'; g.fillRect(300, 470, 200, 22); g.fillStyle = '#fff'; g.font = 'bold 14px sans-serif'; g.fillText('NORTHWIND 80K', 345, 486)
  } else {
    for (let i = 0; i < 50; i++) { g.fillStyle = 'rgba(110,70,30,' + (0.2 + rnd() * 0.4) + ')'; g.fillRect(275 + rnd() * 250, 140 + rnd() * 360, 4 + rnd() * 8, 4 + rnd() * 20) }
  }
}
function plate(g) {
  g.fillStyle = '#5d6166'; g.fillRect(0, 0, W, H)
  for (let y = 0; y < H; y += 3) { g.fillStyle = 'rgba(255,255,255,' + (rnd() * 0.05) + ')'; g.fillRect(0, y, W, 1) }
  g.save(); g.translate(400, 300); g.rotate(-0.035)
  g.fillStyle = lin(g, -330, 0, 330, 0, [[0, '#b9bcbf'], [0.5, '#e4e6e8'], [1, '#aeb2b6']]); g.fillRect(-330, -230, 660, 460)
  for (let y = -230; y < 230; y += 2) { g.fillStyle = 'rgba(0,0,0,' + (rnd() * 0.04) + ')'; g.fillRect(-330, y, 660, 1) }
  g.fillStyle = '#1f4f8f'; g.fillRect(-330, -230, 660, 62)
  g.fillStyle = '#fff'; g.font = 'bold 30px sans-serif'; g.fillText('NORTHWIND COMFORT SYSTEMS', -300, -187)
  g.fillStyle = '#1b1b1b'
  const rows = [['MODEL NO.', '4TTR4036L1000AA'], ['SERIAL NO.', '2611K4819X'], ['VOLTS', '208/230   PH 1   HZ 60'], ['MIN. CIRCUIT AMPACITY', '19.0'], ['MAX. FUSE / BREAKER', '30 A'], ['COMPRESSOR  RLA', '14.1   LRA 73'], ['REFRIGERANT', 'R-410A   7 LBS 4 OZ'], ['DESIGN PRESSURE', 'HI 600  LO 300 PSIG'], ['MFD.', '10/2026   MADE IN USA']]
  rows.forEach(([k, v], i) => { g.font = 'bold 19px sans-serif'; g.fillText(k, -300, -130 + i * 38); g.font = 'bold 24px monospace'; g.fillText(v, -40, -130 + i * 38) })
  g.strokeStyle = 'rgba(0,0,0,0.35)'; g.lineWidth = 1; for (let i = 0; i < 9; i++) { g.beginPath(); g.moveTo(-310, -120 + i * 38); g.lineTo(310, -120 + i * 38); g.stroke() }
  for (const [x, y] of [[-312, -212], [312, -212], [-312, 212], [312, 212]]) { g.fillStyle = '#7b7f83'; g.beginPath(); g.arc(x, y, 9, 0, 7); g.fill(); g.strokeStyle = '#3a3d40'; g.lineWidth = 2; g.beginPath(); g.moveTo(x - 6, y); g.lineTo(x + 6, y); g.stroke() }
  g.restore()
  const glare = g.createRadialGradient(560, 160, 10, 560, 160, 260); glare.addColorStop(0, 'rgba(255,255,255,0.35)'); glare.addColorStop(1, 'rgba(255,255,255,0)')
  g.fillStyle = glare; g.fillRect(0, 0, W, H)
}
function filter(g) {
  g.fillStyle = '#6b6862'; g.fillRect(0, 0, W, H)
  g.fillStyle = lin(g, 0, 0, 0, H, [[0, '#8a8983'], [1, '#5c5a55']]); g.fillRect(120, 60, 560, 480)
  g.fillStyle = '#f3f1ea'; g.fillRect(170, 110, 460, 380)
  for (let x = 170; x < 630; x += 14) { g.fillStyle = 'rgba(0,0,0,0.12)'; g.fillRect(x, 110, 6, 380) }
  g.strokeStyle = '#d9d3c3'; g.lineWidth = 18; g.strokeRect(170, 110, 460, 380)
  g.fillStyle = '#1b1b1b'; g.font = 'bold 22px sans-serif'; g.fillText('20 x 25 x 4   MERV 13', 270, 150)
  g.font = 'bold 20px sans-serif'; g.fillText('AIR FLOW  \u2192', 330, 470)
}
function panel(g) {
  g.fillStyle = lin(g, 0, 0, W, H, [[0, '#8c9094'], [1, '#5f6367']]); g.fillRect(0, 0, W, H)
  for (let i = 0; i < 12; i++) { g.fillStyle = '#4a4d50'; g.beginPath(); g.arc(40 + (i % 6) * 144, i < 6 ? 30 : 570, 7, 0, 7); g.fill() }
  g.fillStyle = lin(g, 160, 0, 360, 0, [[0, '#9ea3a8'], [0.5, '#e9ecee'], [1, '#8d9297']]); g.fillRect(170, 170, 190, 300)
  g.beginPath(); g.ellipse(265, 170, 95, 22, 0, 0, 7); g.fillStyle = '#d5d9dc'; g.fill()
  g.fillStyle = '#1b1b1b'; g.font = 'bold 17px sans-serif'; g.fillText('45/5 MFD', 215, 300); g.font = '14px sans-serif'; g.fillText('440 VAC  50/60 Hz', 205, 325); g.fillText('\u00b15%', 248, 348)
  for (const [x, t] of [[215, 'HERM'], [262, 'C'], [305, 'FAN']]) { g.fillStyle = '#c9a227'; g.fillRect(x, 150, 22, 16); g.fillStyle = '#222'; g.font = 'bold 11px sans-serif'; g.fillText(t, x - 2, 145) }
  g.fillStyle = '#24272a'; g.fillRect(470, 190, 170, 190); g.fillStyle = '#3b3f43'; g.fillRect(490, 210, 130, 60)
  g.fillStyle = '#e0e0e0'; g.font = 'bold 13px sans-serif'; g.fillText('24V COIL  40A', 505, 245)
  for (const x of [490, 590]) { g.fillStyle = '#c0c4c8'; g.fillRect(x, 300, 32, 26); g.fillRect(x, 170, 32, 24) }
  const wire = (c, pts) => { g.strokeStyle = c; g.lineWidth = 9; g.lineCap = 'round'; g.beginPath(); g.moveTo(pts[0], pts[1]); g.bezierCurveTo(pts[2], pts[3], pts[4], pts[5], pts[6], pts[7]); g.stroke() }
  wire('#111', [226, 158, 240, 60, 480, 80, 505, 182]); wire('#b3261e', [273, 158, 300, 40, 560, 60, 605, 182]); wire('#d4a017', [316, 158, 380, 120, 420, 420, 505, 312])
  wire('#6b3e1f', [505, 330, 480, 480, 300, 560, 120, 600]); wire('#1f5fae', [605, 330, 700, 450, 760, 500, 800, 520])
}
function burners(g) {
  g.fillStyle = '#2a2825'; g.fillRect(0, 0, W, H)
  g.fillStyle = lin(g, 0, 0, 0, H, [[0, '#4d4944'], [1, '#211f1c']]); g.fillRect(60, 60, 680, 480)
  for (let i = 0; i < 4; i++) {
    const y = 170 + i * 80
    g.fillStyle = lin(g, 0, y - 22, 0, y + 22, [[0, '#6f6a63'], [0.5, '#b8b2a8'], [1, '#5a554f']]); g.fillRect(250, y - 22, 420, 44)
    for (let k = 0; k < 9; k++) { g.fillStyle = 'rgba(90,160,255,0.75)'; g.beginPath(); g.ellipse(680 + k * 2, y - 8 + k * 2, 26, 6, 0, 0, 7); g.fill() }
    g.fillStyle = '#8a6d2f'; g.fillRect(215, y - 8, 40, 16)
  }
  g.fillStyle = lin(g, 195, 0, 225, 0, [[0, '#6b5a2a'], [0.5, '#c9a227'], [1, '#5d4e24']]); g.fillRect(195, 130, 30, 330)
  g.fillStyle = '#111'; g.fillRect(80, 250, 115, 110); g.fillStyle = '#e8e8e8'; g.beginPath(); g.arc(137, 305, 24, 0, 7); g.fill()
  g.fillStyle = '#111'; g.font = 'bold 13px sans-serif'; g.fillText('ON', 127, 310)
  g.fillStyle = '#d9d4c7'; g.fillRect(655, 108, 70, 14)
  const glow = g.createRadialGradient(735, 115, 2, 735, 115, 40); glow.addColorStop(0, 'rgba(255,190,90,1)'); glow.addColorStop(1, 'rgba(255,120,20,0)')
  g.fillStyle = glow; g.fillRect(690, 70, 90, 90); g.fillStyle = '#ffb347'; g.fillRect(722, 104, 30, 20)
  g.strokeStyle = '#8a8a8a'; g.lineWidth = 4; g.beginPath(); g.moveTo(655, 115); g.bezierCurveTo(560, 100, 420, 60, 300, 40); g.stroke()
}
function signature(g) {
  g.fillStyle = '#fff'; g.fillRect(0, 0, 600, 200)
  g.strokeStyle = '#d0d4d9'; g.lineWidth = 1; g.beginPath(); g.moveTo(30, 160); g.lineTo(570, 160); g.stroke()
  g.strokeStyle = '#1a2a6c'; g.lineWidth = 3.2; g.lineCap = 'round'; g.lineJoin = 'round'
  const path = (pts) => { g.beginPath(); g.moveTo(pts[0], pts[1]); for (let i = 2; i < pts.length; i += 6) g.bezierCurveTo(pts[i], pts[i + 1], pts[i + 2], pts[i + 3], pts[i + 4], pts[i + 5]); g.stroke() }
  path([60, 120, 70, 40, 120, 30, 110, 80, 100, 120, 80, 150, 70, 130, 60, 110, 110, 100, 140, 118])
  path([140, 118, 150, 95, 170, 95, 165, 120, 160, 140, 185, 130, 195, 110, 200, 95, 205, 135, 225, 120])
  path([225, 120, 240, 90, 255, 60, 250, 50, 240, 45, 235, 120, 245, 135, 270, 120, 280, 100, 290, 95])
  path([320, 125, 330, 60, 345, 40, 350, 70, 352, 100, 348, 130, 360, 120, 380, 100, 395, 95, 400, 118])
  path([400, 118, 410, 135, 430, 120, 440, 100, 450, 90, 455, 130, 470, 125, 490, 110, 505, 100, 520, 96])
  path([300, 150, 360, 142, 430, 140, 500, 138, 540, 136, 555, 130])
}
window.drawAll = () => {
  const out = {}
  const make = (name, fn, type, w = W, h = H) => { const c = document.createElement('canvas'); c.width = w; c.height = h; const g = c.getContext('2d'); fn(g); out[name] = type === 'png' ? c.toDataURL('image/png') : c.toDataURL('image/jpeg', 0.6) }
  make('condenser-before.jpg', (g) => { condenser(g, false); finish(g, 16) })
  make('condenser-after.jpg', (g) => { condenser(g, true); finish(g, 14) })
  make('serial-plate.jpg', (g) => { plate(g); finish(g, 14) })
  make('water-heater-before.jpg', (g) => { waterHeater(g, false); finish(g, 16) })
  make('water-heater-after.jpg', (g) => { waterHeater(g, true); finish(g, 14) })
  make('furnace-before.jpg', (g) => { furnace(g, false); finish(g, 16) })
  make('furnace-after.jpg', (g) => { furnace(g, true); finish(g, 14) })
  make('filter-after.jpg', (g) => { filter(g); finish(g, 18) })
  make('condenser-panel.jpg', (g) => { panel(g); finish(g, 14) })
  make('furnace-burners.jpg', (g) => { burners(g); finish(g, 14) })
  make('signature.png', signature, 'png', 600, 200)
  return out
}
`

async function main(): Promise<void> {
  const browser = await chromium.launch({ ...chromiumLaunchOptions, headless: true })
  try {
    const page = await browser.newPage()
    await page.setContent(`<script>${DRAW}</script>`)
    const images = await page.evaluate(() =>
      (globalThis as unknown as { drawAll: () => Record<string, string> }).drawAll(),
    )
    mkdirSync(join(OUT, 'photos'), { recursive: true })
    for (const [name, url] of Object.entries(images)) {
      const bytes = Buffer.from(url.slice(url.indexOf(',') + 1), 'base64')
      const target = name === 'signature.png' ? join(OUT, name) : join(OUT, 'photos', name)
      writeFileSync(target, bytes)
      console.log(`${target} ${(bytes.length / 1024).toFixed(0)} KB`)
    }
  } finally {
    await browser.close()
  }
}

main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
