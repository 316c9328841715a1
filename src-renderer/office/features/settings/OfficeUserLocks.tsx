import { Text } from '@mantine/core'
import { call } from '../../app/api'
import { useQuery } from '../../app/use-query'
import { LocksPanel } from './LocksPanel'

const placeWords = (place: string) => (place === 'this-pc' ? 'This PC' : `Another PC (${place})`)

/**
 * Office users held back after wrong PINs, each at the place the PINs were typed (this PC, or a
 * second-seat PC's address); an admin lifts a user's locks with their own PIN.
 */
export function OfficeUserLocks() {
  const locks = useQuery(
    () =>
      call('users.locks', {}).then((rows) =>
        rows.map((l) => ({
          id: l.userId,
          name: l.userName ?? l.userId,
          where: placeWords(l.place),
          failures: l.failures,
          lockedUntil: l.lockedUntil,
        })),
      ),
    [],
  )
  return (
    <LocksPanel
      title="Locked office users"
      intro={
        <Text size="sm" c="dimmed">
          Five wrong PINs lock a user only on the PC where they were typed, for 5 minutes, then longer for each further
          wrong PIN (up to an hour). The user can still sign in on any other PC.
        </Text>
      }
      empty={<Text size="sm">No office user is locked out.</Text>}
      headers={['User', 'Where']}
      locks={locks}
      unlock={(userId, confirmPin) => call('users.unlock', { userId, confirmPin })}
      unlockLabel={(l) => `Unlock ${l.name}`}
      pinLabel="Your PIN, to unlock a user"
      pinWidth={220}
    />
  )
}
