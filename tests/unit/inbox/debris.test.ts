import { describe, expect, it } from 'vitest'
import { isDebrisName, isDebrisPath } from '../../../src-main/core/inbox/debris'

describe('debris filter (spec section 4.5)', () => {
  it.each([
    '.DS_Store',
    '._photo.jpg',
    '.stfolder',
    '.stversions',
    '.tmp-0b0f3c1e',
    '~$budget.xlsx',
    'upload.tmp',
    'x.partial',
    'y.crdownload',
    'Thumbs.db',
    'desktop.ini',
    'photo.jpg.icloud',
    '@eaDir',
    "manifest (Bob's conflicted copy 2026-11-25).json",
    'manifest.sync-conflict-20261125-101010-ABCDEFG.json',
    '~syncthing~photo.jpg.tmp',
  ])('ignores %s', (name) => {
    expect(isDebrisName(name)).toBe(true)
  })

  it.each([
    '0b0f3c1e-5f7a-4a57-9d1a-3c2b8f0e9a10',
    'closeout.json',
    'manifest.json',
    'photos',
    'before-1.jpg',
    'notes.txt',
  ])('keeps %s', (name) => {
    expect(isDebrisName(name)).toBe(false)
  })

  it('leaves a conflict copy of a whole bundle folder to the id rules (section 4.6)', () => {
    expect(isDebrisName("0b0f3c1e-5f7a-4a57-9d1a-3c2b8f0e9a10 (Sam's conflicted copy 2026-11-25)", 'folder')).toBe(
      false,
    )
    expect(isDebrisName("0b0f3c1e-5f7a-4a57-9d1a-3c2b8f0e9a10 (Sam's conflicted copy 2026-11-25)", 'file')).toBe(true)
  })

  it('applies to every segment of a path', () => {
    expect(isDebrisPath('photos/.DS_Store')).toBe(true)
    expect(isDebrisPath('@eaDir/photo.jpg')).toBe(true)
    expect(isDebrisPath('photos/before-1.jpg')).toBe(false)
  })
})
