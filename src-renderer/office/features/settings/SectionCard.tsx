import { Alert, Button, Group, Paper, Stack, Text, Title } from '@mantine/core'
import type { ReactNode } from 'react'

/** Every Settings section looks the same: title, one line of why, the fields, one Save button. */
export function SectionCard({
  title,
  description,
  children,
  onSave,
  busy,
  message,
  saveLabel = 'Save',
}: {
  title: string
  description: string
  children: ReactNode
  onSave?: () => void
  busy?: boolean
  message?: { ok: boolean; text: string } | null
  saveLabel?: string
}) {
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
          {children}
          {message ? (
            <Alert color={message.ok ? 'green' : 'red'} variant="light" role={message.ok ? 'status' : 'alert'}>
              {message.text}
            </Alert>
          ) : null}
          {onSave ? (
            <Group justify="flex-end">
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
