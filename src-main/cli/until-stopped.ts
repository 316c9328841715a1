/**
 * Resolves when a long-running command should shut down cleanly, whoever asks: SIGINT (Ctrl+C),
 * SIGTERM (a service manager, `kill`), SIGHUP (the terminal closed), or, when started by
 * `npm run`, the end of the process that started us. npm passes SIGTERM on to the shell that
 * runs the script, and the shell exits without passing it on: the command would run on,
 * orphaned, holding the database and the ports. A second signal exits at once.
 */
export function untilStopped(options: { parentWatchMs?: number } = {}): Promise<string> {
  return new Promise((resolve) => {
    const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP']
    let timer: NodeJS.Timeout | undefined
    const onSignal = (signal: NodeJS.Signals) => stop(signal)
    const stop = (why: string) => {
      for (const s of signals) process.removeListener(s, onSignal)
      for (const s of signals) process.once(s, () => process.exit(130))
      if (timer) clearInterval(timer)
      resolve(why)
    }
    for (const s of signals) process.once(s, onSignal)
    const parent = process.ppid
    if (process.env.npm_lifecycle_event && parent > 1) {
      timer = setInterval(() => {
        if (process.ppid !== parent || !alive(parent)) stop('parent exited')
      }, options.parentWatchMs ?? 500)
      timer.unref()
    }
  })
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}
