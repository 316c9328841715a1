/**
 * A sync service's conflict copy of a file: Dropbox and Nextcloud `x (… conflicted copy …).ext`,
 * Syncthing `x.sync-conflict-YYYYMMDD-HHMMSS-DEVICE.ext`, Synology `_CaseConflict_`.
 */
export function isConflictCopyName(name: string): boolean {
  return (
    /\(.*conflicted copy.*\)/i.test(name) ||
    /\.sync-conflict-\d{8}-\d{6}/i.test(name) ||
    /_(Case|WhiteSpace|TailCharacter)Conflict_/.test(name)
  )
}
