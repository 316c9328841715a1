import { Alert } from '@mantine/core'

/** The failure of an action, said under the form it came from (nothing when there is none). */
export function FailureAlert({ text }: { text: string | null | undefined }) {
  return text ? (
    <Alert color="red" variant="light" role="alert">
      {text}
    </Alert>
  ) : null
}

/** The line under a form after its action (see `outcomeLine`): green what was done, or red why not. */
export function OutcomeAlert({ line }: { line: { ok: boolean; text: string } | null | undefined }) {
  return line ? (
    <Alert color={line.ok ? 'green' : 'red'} variant="light" role={line.ok ? 'status' : 'alert'}>
      {line.text}
    </Alert>
  ) : null
}
