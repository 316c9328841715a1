import { Alert } from '@mantine/core'

/** The failure of an action, said under the form it came from (nothing when there is none). */
export function FailureAlert({ text }: { text: string | null | undefined }) {
  return text ? (
    <Alert color="red" variant="light" role="alert">
      {text}
    </Alert>
  ) : null
}
