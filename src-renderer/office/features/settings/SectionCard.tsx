import { Alert, Button, Group, Paper, Stack, Text, Title } from '@mantine/core'
import { useSessionUser } from '../../app/session'
import type { ReactNode } from 'react'
import { PinInput } from '../../components/PinInput'
import { OutcomeAlert } from '../../components/FailureAlert'

/** Every Settings section looks the same: title, one line of why, the fields, one Save button. */
export function SectionCard({
  title,
  description,
  children,
  onSave,
  busy,
  message,
  saveLabel = 'Save',
  admin,
}: {
  title: string
  description: string
  children: ReactNode
  onSave?: () => void
  busy?: boolean
  message?: { ok: boolean; text: string } | null
  saveLabel?: string
  /** An admin-only section: others see it read-only; an admin confirms the save with their PIN. */
  admin?: { pin: string; setPin: (pin: string) => void; error?: string | null | undefined }
}) {
  const user = useSessionUser()
  const readOnly = admin !== undefined && !user?.admin
  return (
    <Paper withBorder shadow="xs" p="lg" component="section" aria-label={title}>
      <form
        onSubmit={(e) => {
          e.preventDefault()
          onSave?.()
        }}
      >
        <Stack gap="md">
          <Stack gap={2}>
            <Title order={2} fz="lg">
              {title}
            </Title>
            <Text size="sm" c="dimmed">
              {description}
            </Text>
          </Stack>
          {readOnly ? (
            <Alert color="gray" variant="light">
              Only an admin can change this section.
            </Alert>
          ) : null}
          <fieldset disabled={readOnly} style={{ border: 0, padding: 0, margin: 0, minWidth: 0 }}>
            <Stack gap="md">{children}</Stack>
          </fieldset>
          <OutcomeAlert line={message} />
          {onSave && !readOnly ? (
            <Group justify="flex-end" align="flex-end">
              {admin ? (
                <PinInput
                  label="Your PIN, to confirm"
                  w={180}
                  value={admin.pin}
                  error={admin.error ?? undefined}
                  onChange={admin.setPin}
                />
              ) : null}
              <Button type="submit" loading={busy ?? false}>
                {saveLabel}
              </Button>
            </Group>
          ) : null}
        </Stack>
      </form>
    </Paper>
  )
}
