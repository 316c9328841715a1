import { Alert, Button, Group, Stack, Text } from '@mantine/core'
import { useState } from 'react'
import type { FormSeatInfo } from '../../../../src-shared/api/lan'
import { call } from '../../app/api'
import { formatDateTime } from '../../app/format'
import { useSessionUser } from '../../app/session'
import { outcomeLine, pinFailure, useMutation } from '../../app/use-mutation'
import { PinInput } from '../../components/PinInput'
import { OutcomeAlert } from '../../components/FailureAlert'

/**
 * An office on PostgreSQL has several PCs (seats) on one database, and the phones use one PC's
 * address: this says which PC serves the form and lets an admin move it to the PC they sit at.
 * Nothing shows on the SQLite file, where this PC is the only one.
 */
export function FormSeatPanel({ info, moved }: { info: FormSeatInfo; moved: () => void }) {
  const user = useSessionUser()
  const [pin, setPin] = useState('')
  const [done, setDone] = useState<string | null>(null)
  const mutation = useMutation()
  const pinError = pinFailure(mutation.error)
  if (!info) return null
  const move = async () => {
    setDone(null)
    const r = await mutation.run(() => call('lan.serveFormHere', { confirmPin: pin }), 'move')
    if (!r.ok) return
    setPin('')
    setDone(
      `This PC (${info.thisSeat.name}) serves the phone form now. The PC that served it stops within a few seconds: technicians scan a code below.`,
    )
    moved()
  }
  return (
    <Stack gap="xs" component="section" aria-label="Which PC serves the form">
      {info.here ? (
        <Text size="sm">
          This PC (<b>{info.thisSeat.name}</b>) serves the phone form for every seat of the office
          {info.servedBy ? ` since ${formatDateTime(info.servedBy.since)}` : ''}.
        </Text>
      ) : (
        <Alert variant="light" color="blue" title="Another PC serves the phone form" role="note">
          {info.servedBy ? (
            <>
              The phones use <b>{info.servedBy.name}</b>: the office’s seats share one database, and one PC serves the
              technicians. The codes below are this PC’s and answer only once the form moves here.
            </>
          ) : (
            <>No PC serves the phone form yet: the next seat to start will.</>
          )}
        </Alert>
      )}
      {!info.here && user?.admin ? (
        <Group align="flex-end">
          <PinInput label="Your PIN, to confirm" w={200} value={pin} error={pinError} onChange={setPin} />
          <Button
            variant="light"
            disabled={!/^\d{4,8}$/.test(pin)}
            loading={mutation.busyKey === 'move'}
            onClick={() => void move()}
          >
            Serve the phone form from this PC
          </Button>
        </Group>
      ) : null}
      <OutcomeAlert line={outcomeLine(pinError ? null : mutation.error, done)} />
    </Stack>
  )
}
