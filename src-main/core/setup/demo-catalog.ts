import { readFileSync } from 'node:fs'
import type { CloseoutInput } from '../../../src-shared/schemas/closeout'
import { resourcePath } from '../paths'

/**
 * What the demo company's technicians write on their closeouts: the work per job type, the
 * drawn job-site photos in resources/demo/photos, and times on the demo office's wall clock
 * (Northside Heating & Air is in Chicago). Shared by the demo's history and its live inbox.
 */
export const DEMO_TIME_ZONE = 'America/Chicago'
export const HOUR = 3_600_000

export const DEMO_TECHNICIANS: Record<string, string> = {
  'T-07': 'Sam Ortiz',
  'T-08': 'Priya Natarajan',
  'T-09': 'Marcus Bell',
}

export type DemoPhoto =
  | 'condenser-before.jpg'
  | 'condenser-after.jpg'
  | 'serial-plate.jpg'
  | 'water-heater-before.jpg'
  | 'water-heater-after.jpg'
  | 'furnace-before.jpg'
  | 'furnace-after.jpg'
  | 'filter-after.jpg'
  | 'condenser-panel.jpg'
  | 'furnace-burners.jpg'

export function demoPhotoBytes(name: DemoPhoto): Buffer {
  return readFileSync(resourcePath('demo', 'photos', name))
}

export function demoSignatureBytes(): Buffer {
  return readFileSync(resourcePath('demo', 'signature.png'))
}

/** RFC 3339 with the office's offset at that instant, as a phone in Chicago would stamp it. */
const offsetFormat = new Intl.DateTimeFormat('en-US', { timeZone: DEMO_TIME_ZONE, timeZoneName: 'longOffset' })

export function officeTime(ms: number): string {
  const parts = offsetFormat.formatToParts(new Date(ms))
  const name = parts.find((p) => p.type === 'timeZoneName')?.value ?? 'GMT'
  const offset = name === 'GMT' ? '+00:00' : name.slice(3)
  const sign = offset.startsWith('-') ? -1 : 1
  const minutes = sign * (Number(offset.slice(1, 3)) * 60 + Number(offset.slice(4, 6)))
  const local = new Date(Math.floor(ms / 60_000) * 60_000 + minutes * 60_000).toISOString().slice(0, 19)
  return `${local}${offset}`
}

/** One visit's work: what a technician of that trade writes for a typical job of the type. */
export interface DemoWork {
  tasks: string[]
  notes: string
  labor: CloseoutInput['labor']
  parts: CloseoutInput['parts']
  serialNumbers?: string[]
  photos: { file: DemoPhoto; category: 'before' | 'after' | 'serial-plate' | 'other' }[]
}

const part = (sku: string, description: string, quantity: number | string = 1) => ({ sku, description, quantity })
const hours = (role: string, h: string) => ({ role, hours: h, billable: true, overtime: false })
// A repair's after photo shows the new part in the same old unit; an install's shows the new unit.
const condenserPhotos: DemoWork['photos'] = [
  { file: 'condenser-before.jpg', category: 'before' },
  { file: 'condenser-panel.jpg', category: 'after' },
]
const furnacePhotos: DemoWork['photos'] = [
  { file: 'furnace-before.jpg', category: 'before' },
  { file: 'furnace-burners.jpg', category: 'after' },
]
const filterPhoto: DemoWork['photos'] = [{ file: 'filter-after.jpg', category: 'after' }]
const heaterPhotos: DemoWork['photos'] = [
  { file: 'water-heater-before.jpg', category: 'before' },
  { file: 'water-heater-after.jpg', category: 'after' },
]

export const DEMO_WORK: Record<'repair' | 'maintenance' | 'install' | 'plumbing', DemoWork[]> = {
  repair: [
    {
      tasks: ['Replaced failed run capacitor', 'Checked condenser amperage'],
      notes: 'Capacitor bulged; unit cooling normally after replacement.',
      labor: [hours('journeyman', '1.5')],
      parts: [part('CAP-45-5', '45/5 MFD dual run capacitor')],
      photos: condenserPhotos,
    },
    {
      tasks: ['Replaced hot surface igniter', 'Cleaned flame sensor'],
      notes: 'No heat call; igniter cracked. Three full cycles tested.',
      labor: [hours('journeyman', '1.5')],
      parts: [part('IGN-HSI', 'Hot surface igniter'), part('FLM-SENS', 'Flame sensor')],
      photos: furnacePhotos,
    },
    {
      tasks: ['Replaced pitted contactor'],
      notes: 'Contacts burnt; condenser would not start.',
      labor: [hours('journeyman', '1')],
      parts: [part('CONT-1P30', 'Contactor 1-pole 30A 24V coil')],
      photos: condenserPhotos,
    },
    {
      tasks: ['Replaced condenser fan motor and capacitor'],
      notes: 'Fan motor seized, bearings dry.',
      labor: [hours('journeyman', '2')],
      parts: [part('MTR-COND-1/4', 'Condenser fan motor 1/4 HP'), part('CAP-10', '10 MFD fan capacitor')],
      photos: condenserPhotos,
    },
    {
      tasks: ['Replaced furnace pressure switch', 'Cleared condensate trap'],
      notes: 'Pressure switch not closing; trap was half full.',
      labor: [hours('journeyman', '1')],
      parts: [part('PRESS-SW', 'Furnace pressure switch')],
      photos: furnacePhotos,
    },
  ],
  maintenance: [
    {
      tasks: ['Seasonal furnace maintenance', 'Replaced filters'],
      notes: 'All readings normal. Filters were overdue.',
      labor: [hours('journeyman', '1.5')],
      parts: [part('FLT-16x25', 'Pleated filter 16x25x1 MERV 11', 2)],
      photos: filterPhoto,
    },
    {
      tasks: ['Fall maintenance', 'Cleaned condenser coil', 'Replaced media filters'],
      notes: 'Coil packed with leaves and grass clippings; cleaned and rinsed.',
      labor: [hours('journeyman', '2')],
      parts: [part('FLT-20x25', 'Pleated filter 20x25x4 MERV 13', 2), part('COIL-CLN', 'Coil cleaner, 1 gal')],
      photos: filterPhoto,
    },
  ],
  install: [
    {
      tasks: [
        'Removed old furnace',
        'Installed 80k BTU 96% furnace',
        'Installed Wi-Fi thermostat',
        'Commissioned and tested',
      ],
      notes: 'Old furnace cracked heat exchanger. Gas pressure and temperature rise within spec.',
      labor: [hours('journeyman', '6'), hours('apprentice', '6')],
      parts: [
        part('FURN-80K', '80,000 BTU 96% gas furnace'),
        part('TSTAT-WIFI', 'Wi-Fi smart thermostat'),
        part('FITTING-KIT', 'Fittings and fasteners kit'),
      ],
      serialNumbers: ['2611F80K3307'],
      photos: [
        { file: 'furnace-before.jpg', category: 'before' },
        { file: 'furnace-after.jpg', category: 'after' },
        { file: 'serial-plate.jpg', category: 'serial-plate' },
      ],
    },
    {
      tasks: ['Removed old condenser', 'Set 3-ton condenser on new pad', 'Brazed line set, pressure tested, evacuated'],
      notes: 'Held 500 microns for 15 minutes. Charge verified by subcooling.',
      labor: [hours('journeyman', '8'), hours('apprentice', '6')],
      parts: [
        part('AC-3T', '3 ton 16 SEER2 condenser'),
        part('LINESET-25', 'Line set 3/8 x 3/4, 25 ft'),
        part('PAD-CONC', 'Condenser pad'),
        part('DISC-60A', '60A fused disconnect'),
      ],
      serialNumbers: ['2611K4819X'],
      photos: [
        { file: 'condenser-before.jpg', category: 'before' },
        { file: 'condenser-after.jpg', category: 'after' },
        { file: 'serial-plate.jpg', category: 'serial-plate' },
      ],
    },
  ],
  plumbing: [
    {
      tasks: ['Replaced 40-gallon gas water heater', 'Installed expansion tank and T&P valve'],
      notes: 'Old tank leaking at the base. Haul-away included.',
      labor: [hours('journeyman', '4')],
      parts: [
        part('WH-40G', '40 gal gas water heater'),
        part('EXP-TANK', 'Thermal expansion tank 2 gal'),
        part('TP-VALVE', 'T&P relief valve'),
        part('GAS-FLEX', 'Gas flex connector 24"'),
      ],
      photos: heaterPhotos,
    },
    {
      tasks: ['Replaced pressure reducing valve'],
      notes: 'Static pressure was 112 psi; set to 60 psi.',
      labor: [hours('journeyman', '2.5')],
      parts: [part('PRV-3/4', 'Pressure reducing valve 3/4"')],
      photos: heaterPhotos,
    },
  ],
}

export const DEMO_DEVICE = { app: 'closeout-lan-form', version: '1.0.0' }
