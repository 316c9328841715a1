import { call } from '../../app/api'
import { useQuery } from '../../app/use-query'

/** backups.status, reloaded after exports (each export batch is followed by a backup). */
export function useBackupStatus() {
  return useQuery(() => call('backups.status', {}), [], { 'jobs.changed': (e) => e.reason === 'export' })
}
