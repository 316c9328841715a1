import { defaultDataDir, defaultSharedDir } from '../core/paths'
import { openOffice, type Office } from '../core/office'
import { readSavedSharedDir } from '../core/settings/settings-store'

export interface GlobalOptions {
  data?: string
  shared?: string
}

/** Resolves --data/--shared, then CLOSEOUT_DATA/CLOSEOUT_SHARED, then the saved setting, then the OS default. */
export async function openFromOptions(options: GlobalOptions): Promise<Office> {
  const dataDir = options.data ?? defaultDataDir()
  let sharedDir = options.shared ?? process.env.CLOSEOUT_SHARED
  if (!sharedDir) {
    // The saved setting lives in the database, so open once with the default and re-open if it differs.
    const office = await openOffice({ dataDir, sharedDir: defaultSharedDir() })
    const saved = readSavedSharedDir(office.sqlite)
    if (!saved || saved === office.sharedDir) return office
    await office.close()
    sharedDir = saved
  }
  return openOffice({ dataDir, sharedDir })
}

/** Runs a command body with an open office and always closes it. */
export async function withOffice<T>(options: GlobalOptions, body: (office: Office) => Promise<T> | T): Promise<T> {
  const office = await openFromOptions(options)
  try {
    return await body(office)
  } finally {
    await office.close()
  }
}
