import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { updateSettings } from '../../../src-main/core/settings/settings-update'
import { exportSetup } from '../../../src-main/core/setup/setup-export'
import { importSetup } from '../../../src-main/core/setup/setup-import'
import { technicianJobs } from '../../../src-main/lan/tech-jobs.query'
import { demoSetup, tempOffice } from '../../support/temp-office'

let cleanups: (() => Promise<void> | void)[] = []
afterEach(async () => {
  for (const c of cleanups) await c()
  cleanups = []
})
async function office() {
  const t = await tempOffice()
  cleanups.push(t.dispose)
  return t.office
}

/** The demo file with Sam Ortiz (T-07) starting labor lines as `role` (undefined: the field left out). */
function withRole(role: string | null | undefined) {
  const doc = demoSetup()
  const technicians = (doc.technicians as Record<string, unknown>[]).map((t) =>
    t.id === 'T-07' && role !== undefined ? { ...t, defaultLaborRole: role } : t,
  )
  return { ...doc, technicians }
}

const samOnPhone = async (o: Awaited<ReturnType<typeof office>>) =>
  (await technicianJobs(o, { id: 'T-07', name: 'Sam Ortiz' })).technician.defaultLaborRole

describe("setup file v1.1 technicians[].defaultLaborRole (the phone's starting labor role)", () => {
  it('reaches the phone, exports back unchanged and reimports the same', async () => {
    const a = await office()
    await importSetup(a, withRole('journeyman'))
    expect(await samOnPhone(a)).toBe('journeyman')
    expect((await technicianJobs(a, { id: 'T-08', name: 'Priya' })).technician.defaultLaborRole).toBeNull()
    const exported = await exportSetup(a)
    expect(exported.technicians?.find((t) => t.id === 'T-07')?.defaultLaborRole).toBe('journeyman')
    const b = await office()
    await importSetup(b, exported)
    expect(await exportSetup(b)).toEqual(exported)
  })

  it('refuses a role the office does not price, naming the path', async () => {
    const a = await office()
    await expect(importSetup(a, withRole('wizard'))).rejects.toMatchObject({
      code: 'invalid-setup',
      message: expect.stringContaining('technicians[0].defaultLaborRole'),
    })
  })

  it('a file without it keeps the role; null clears it; Settings sets it', async () => {
    const a = await office()
    await importSetup(a, withRole('journeyman'))
    await importSetup(a, withRole(undefined))
    expect(await samOnPhone(a)).toBe('journeyman')
    await importSetup(a, withRole(null))
    expect(await samOnPhone(a)).toBeNull()

    const dir = mkdtempSync(join(tmpdir(), 'closeout-locations-'))
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }))
    const locations = join(dir, 'locations.json')
    const { settings } = await updateSettings(
      a,
      {
        section: 'technicians',
        technicians: (await exportSetup(a)).technicians!.map((t) => ({
          id: t.id,
          name: t.name,
          active: t.active,
          ...(t.id === 'T-07' ? { defaultLaborRole: 'journeyman' } : {}),
        })),
      },
      locations,
    )
    expect(settings.technicians.find((t) => t.id === 'T-07')?.defaultLaborRole).toBe('journeyman')
    expect(await samOnPhone(a)).toBe('journeyman')
  })
})
