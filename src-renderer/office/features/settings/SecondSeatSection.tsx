import { Alert, Anchor, Group, NumberInput, Stack, Switch, Text } from '@mantine/core'
import { useState } from 'react'
import type { SettingsView } from '../../../../src-shared/api/settings'
import { call } from '../../app/api'
import { useQuery } from '../../app/use-query'
import { SectionCard } from './SectionCard'
import { SignedInSessions } from './SignedInSessions'
import { useSectionSave } from './use-section-save'

/** The second seat: other PCs in the office open the office UI in a browser (off by default). */
export function SecondSeatSection({
  settings,
  onSaved,
}: {
  settings: SettingsView
  onSaved: (v: SettingsView) => void
}) {
  const [enabled, setEnabled] = useState(settings.secondSeat.enabled)
  const [port, setPort] = useState<number>(settings.secondSeat.port)
  const info = useQuery(() => call('lan.seatInfo', {}), [settings.secondSeat.enabled, settings.secondSeat.port])
  const { busy, message, fieldErrors, save, confirm } = useSectionSave((v) => {
    onSaved(v)
    info.reload()
  })
  const seat = info.data
  return (
    <Stack gap="md">
      <SectionCard
        title="Second seat"
        description="Lets other PCs in the office open Closeout in a browser at this PC's network address. Everyone signs in with their own PIN. Off unless you need it: it is plain HTTP on the office network."
        onSave={() => void save({ section: 'secondSeat', enabled, port })}
        admin={confirm}
        busy={busy}
        message={message}
      >
        <Switch
          label="Open the office UI to other PCs on this network"
          checked={enabled}
          onChange={(e) => setEnabled(e.currentTarget.checked)}
        />
        <NumberInput
          label="Port"
          description="Its own port, never the phone form's."
          min={1024}
          max={65535}
          w={260}
          value={port}
          onChange={(v) => setPort(typeof v === 'number' ? v : Number(v) || 4790)}
          error={fieldErrors.port}
        />
        {seat?.running ? (
          <Alert color="blue" variant="light" title="Other PCs in the office open">
            <Group gap="md">
              {seat.urls.map((url) => (
                <Anchor
                  key={url}
                  href={url}
                  target="_blank"
                  rel="noreferrer"
                  ff="monospace"
                  c="dark.8"
                  underline="always"
                  aria-label="Second seat address"
                >
                  {url}
                </Anchor>
              ))}
            </Group>
          </Alert>
        ) : seat?.problem ? (
          <Alert color="red" variant="light" role="alert">
            On, but not listening: {seat.problem}
          </Alert>
        ) : (
          <Text size="sm" c="dimmed">
            Off: nothing listens for the office UI on the network.
          </Text>
        )}
      </SectionCard>
      <SignedInSessions />
    </Stack>
  )
}
