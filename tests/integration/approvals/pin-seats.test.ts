import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { authenticateUser } from '../../../src-main/core/approvals/approver-auth'
import { openEngineOffices, pgRuns, type EngineOffices } from '../../support/engines'
import { openSeats, outcomeOf } from '../../support/seats'

/**
 * Issue #17: the PIN lock holds across seats. Every seat of a PostgreSQL office counts wrong
 * PINs in the same table; a seat's own queue (one check at a time per user) cannot stop another
 * seat's guesses, so an attempt is counted in the database before the slow scrypt check. Four
 * seats guessing one user's PIN at the same moment get five guesses in all, not five each.
 */
let engines: EngineOffices
const NOW = new Date('2026-12-06T15:00:00.000Z')

beforeAll(async () => {
  engines = await openEngineOffices()
}, 180_000)
afterAll(async () => {
  await engines?.close()
})

describe('wrong PINs from several seats at once (issue #17)', () => {
  it.runIf(pgRuns)('lock the user after five guesses in all, however many seats guess together', async () => {
    const { seats, close } = await openSeats(engines.postgresUrl!, 4)
    try {
      const outcomes = await Promise.all(
        seats.flatMap((seat) => Array.from({ length: 5 }, () => outcomeOf(authenticateUser(seat, 'U-1', '0000', NOW)))),
      )
      const messages = outcomes.map((o) => (o === 'written' ? 'signed in' : o.message))
      const checked = messages.filter((m) => m.startsWith('Wrong PIN for'))
      expect(checked).toHaveLength(5)
      expect(messages.filter((m) => m.includes('after 5 wrong PINs'))).toHaveLength(1)
      expect(messages.filter((m) => m.startsWith('Too many wrong PINs for'))).toHaveLength(15)
      // The right PIN is refused too while the lock lasts, on any seat.
      const right = await outcomeOf(authenticateUser(seats[3]!, 'U-1', '2468', NOW))
      expect(right).toMatchObject({ code: 'pin-locked' })
    } finally {
      await close()
    }
  })

  it.runIf(pgRuns)('still lets the right PIN in when other seats typed it right at the same moment', async () => {
    const { seats, close } = await openSeats(engines.postgresUrl!, 3)
    try {
      const outcomes = await Promise.all(seats.map((seat) => outcomeOf(authenticateUser(seat, 'U-2', '1357', NOW))))
      expect(outcomes).toEqual(['written', 'written', 'written'])
      const left = await seats[0]!.db
        .selectFrom('pin_throttle')
        .selectAll()
        .where('key', 'like', 'user:U-2@%')
        .execute()
      expect(left).toEqual([])
    } finally {
      await close()
    }
  })
})
