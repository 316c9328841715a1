import { Alert, Anchor, Badge, Group, Image, Paper, SimpleGrid, Stack, Text } from '@mantine/core'
import { call } from '../../app/api'
import { useQuery } from '../../app/use-query'
import { Loading } from '../../components/QueryState'
import { SectionCard } from './SectionCard'
import { TechnicianLocks } from './TechnicianLocks'
import { FormSeatPanel } from './FormSeatPanel'

/** Where technicians open the form on their phones: address, port and a QR code to scan. */
export function LanSection() {
  const info = useQuery(() => call('lan.info', {}), [])
  const formSeat = useQuery(() => call('lan.formSeat', {}), [])
  return (
    <SectionCard
      title="Phone form"
      description="Technicians on the office Wi-Fi scan the code, then sign in with their technician PIN."
    >
      {info.error ? (
        <Alert color="red" variant="light">
          {info.error.message}
        </Alert>
      ) : !info.data ? (
        <Loading label="Finding this computer’s addresses…" />
      ) : (
        <Stack>
          {formSeat.data ? (
            <FormSeatPanel
              info={formSeat.data}
              moved={() => {
                formSeat.reload()
                // This PC starts listening at its next look (a few seconds).
                setTimeout(() => info.reload(), 12_000)
              }}
            />
          ) : null}
          <Group gap="sm">
            <Badge color={info.data.running ? 'green' : 'gray'} variant="light">
              {info.data.running ? 'Running' : 'Not running'}
            </Badge>
            <Text size="sm" c="dimmed">
              Port {info.data.port}
              {info.data.host !== '0.0.0.0' ? ` on ${info.data.host}` : ''} · {info.data.pinHelp}
            </Text>
          </Group>
          {info.data.addresses.length === 0 ? (
            <Text size="sm" c="dimmed">
              This computer has no network address phones can reach. Connect it to the office network.
            </Text>
          ) : (
            <SimpleGrid cols={3}>
              {info.data.addresses.map((a) => (
                <Paper key={a.url} withBorder p="md" ta="center">
                  <Image src={a.qrDataUrl} alt={`QR code for ${a.url}`} w={160} h={160} mx="auto" />
                  <Anchor href={a.url} target="_blank" rel="noreferrer" size="sm" ff="monospace">
                    {a.url}
                  </Anchor>
                  <Text size="xs" c="dimmed">
                    {a.interface}
                  </Text>
                </Paper>
              ))}
            </SimpleGrid>
          )}
          {formSeat.data && !formSeat.data.here ? (
            <Text size="sm" c="dimmed" data-testid="locks-elsewhere">
              Technicians locked out of the phone form after wrong PINs are listed, and unlocked, on the PC that serves
              it{formSeat.data.servedBy ? ` (${formSeat.data.servedBy.name})` : ''}: that PC keeps them.
            </Text>
          ) : (
            <TechnicianLocks />
          )}
        </Stack>
      )}
    </SectionCard>
  )
}
