import type { PathMessage } from '../../src-shared/schemas/issues'

/**
 * The one error class core throws for expected failures. `code` is kebab-case and shares the
 * vocabulary of the spec's rejection and finding codes; transports turn it into
 * `{ ok: false, error }` and the CLI into one line on stderr with exit 1.
 */
export class CloseoutError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly details: PathMessage[] = [],
  ) {
    super(message)
    this.name = 'CloseoutError'
  }
}
