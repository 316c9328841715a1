import { describe, expect, it } from 'vitest'
import { isOfficePage } from '../../../src-main/electron/origin'

describe('which pages may call the office API over IPC', () => {
  it('trusts the office page served from app://office', () => {
    expect(isOfficePage('app://office/office/index.html')).toBe(true)
    expect(isOfficePage('app://office/office/index.html#/jobs/J-1042')).toBe(true)
  })

  it('refuses every other page, including look-alikes', () => {
    for (const url of [
      'https://evil.example/',
      'app://evil/office/index.html',
      'app://office.evil/x',
      'file:///etc/passwd',
      'http://127.0.0.1:4780/',
      'app:office',
      '',
      undefined,
      'not a url',
    ]) {
      expect(isOfficePage(url)).toBe(false)
    }
  })
})
