import { CommanderError } from 'commander'
import { CloseoutError } from '../core/errors'
import { buildProgram } from './program'

/** Entry point: maps outcomes to the exit codes of DESIGN.md (0 ok, 1 failure, 2 usage). */
export async function main(argv: string[]): Promise<number> {
  const program = buildProgram()
  program.exitOverride()
  for (const cmd of program.commands) {
    cmd.exitOverride()
    for (const sub of cmd.commands) sub.exitOverride()
  }
  try {
    await program.parseAsync(argv, { from: 'user' })
    return typeof process.exitCode === 'number' ? process.exitCode : 0
  } catch (error) {
    if (error instanceof CommanderError) {
      if (
        error.code === 'commander.helpDisplayed' ||
        error.code === 'commander.version' ||
        error.code === 'commander.help'
      )
        return 0
      return 2
    }
    // CLOSEOUT_DEBUG=1: where it went wrong too, for a bug report.
    if (process.env.CLOSEOUT_DEBUG && error instanceof Error) process.stderr.write(`${error.stack}\n`)
    if (error instanceof CloseoutError) {
      process.stderr.write(`closeout: ${error.message}\n`)
      return 1
    }
    process.stderr.write(`closeout: ${error instanceof Error ? error.message : String(error)}\n`)
    return 1
  }
}

if (require.main === module) {
  // `closeout jobs --json | head` closes the pipe early: that is not an error.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0)
    throw error
  })
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code
    },
    (error: unknown) => {
      process.stderr.write(`closeout: ${String(error)}\n`)
      process.exitCode = 1
    },
  )
}
