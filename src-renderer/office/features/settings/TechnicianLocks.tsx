import { Text } from '@mantine/core'
import { call } from '../../app/api'
import { useQuery } from '../../app/use-query'
import { LocksPanel } from './LocksPanel'

/** Technicians held back on a phone after wrong PINs; an admin lifts a lock with their own PIN. */
export function TechnicianLocks() {
  const locks = useQuery(
    () =>
      call('lan.technicianLocks', {}).then((rows) =>
        rows.map((l) => ({
          id: l.technicianId,
          name: l.technicianName ?? l.technicianId,
          where: (
            <Text span ff="monospace" size="sm">
              {l.address}
            </Text>
          ),
          failures: l.failures,
          lockedUntil: l.lockedUntil,
        })),
      ),
    [],
  )
  return (
    <LocksPanel
      title="Locked technicians"
      empty={
        <Text size="sm" c="dimmed">
          No technician is locked out of the phone form.
        </Text>
      }
      headers={['Technician', 'Phone address']}
      locks={locks}
      unlock={(technicianId, confirmPin) => call('lan.unlockTechnician', { technicianId, confirmPin })}
      unlockLabel={() => 'Unlock'}
      pinLabel="Your PIN, to unlock"
      pinWidth={200}
    />
  )
}
