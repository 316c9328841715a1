import { randomUUID } from 'node:crypto'
import { existsSync, readFileSync, renameSync } from 'node:fs'
import { hostname } from 'node:os'
import { join } from 'node:path'
import { z } from 'zod'
import { writeFileAtomic } from './fs/atomic'

/**
 * Which PC this is among the seats of one office (issue #17): on PostgreSQL several Closeouts
 * share one database, and a bundle's claim, a live update and the technician form's seat name
 * the seat that holds or sent them. The id is made once per data folder and kept in `seat.json`
 * there (each PC has its own data folder); the name is the computer's, for people to read.
 */
export interface Seat {
  readonly id: string
  readonly name: string
}

export const SEAT_FILE = 'seat.json'

const SeatFileSchema = z.object({
  version: z.literal(1),
  id: z.string().regex(/^[0-9a-f-]{36}$/, 'is not a seat id'),
  name: z.string().min(1).max(200),
  /** Where this PC reaches the shared folder, chosen in Settings > Folders while the office is on PostgreSQL. */
  sharedDir: z.string().min(1).optional(),
})

/** This data folder's seat: read from seat.json, made on first use. A damaged file is set aside, never deleted. */
export function readSeat(dataDir: string, computerName: string = hostname()): Seat {
  const file = join(dataDir, SEAT_FILE)
  if (existsSync(file)) {
    try {
      const stored = SeatFileSchema.parse(JSON.parse(readFileSync(file, 'utf8')))
      return { id: stored.id, name: stored.name }
    } catch (error) {
      const aside = `${file}.unreadable-${Date.now()}`
      renameSync(file, aside)
      console.error(
        `[closeout] ${SEAT_FILE} is not a seat file Closeout wrote (${(error as Error).message.split('\n')[0]}); set aside as ${aside}, this PC gets a new seat id`,
      )
    }
  }
  const seat: Seat = { id: randomUUID(), name: computerName.slice(0, 200) || 'this PC' }
  writeFileAtomic(file, `${JSON.stringify({ version: 1, ...seat }, null, 2)}\n`)
  return seat
}

/**
 * The shared folder saved for this PC's next start while the office is on PostgreSQL (the
 * database is every seat's, so each PC keeps its own in its seat file): null when none is. Only
 * reads: a missing or damaged file is readSeat's to deal with.
 */
export function seatSharedDir(dataDir: string): string | null {
  try {
    const stored = SeatFileSchema.parse(JSON.parse(readFileSync(join(dataDir, SEAT_FILE), 'utf8')))
    return stored.sharedDir ?? null
  } catch {
    return null
  }
}

/** Saves where this PC reaches the shared folder, in its seat file (Settings > Folders on PostgreSQL). */
export function saveSeatSharedDir(dataDir: string, sharedDir: string): void {
  const seat = readSeat(dataDir)
  writeFileAtomic(join(dataDir, SEAT_FILE), `${JSON.stringify({ version: 1, ...seat, sharedDir }, null, 2)}\n`)
}
