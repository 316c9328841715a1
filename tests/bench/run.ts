/**
 * `npm run bench [-- NAME...]`: runs the named benchmarks (all when none is named) and prints
 * their figures. Each benchmark module exports `run(): Promise<void>` and prints its own lines.
 */
const BENCHES: Record<string, () => Promise<{ run: () => Promise<void> }>> = {
  setup: () => import('./setup.bench'),
  'techform-size': () => import('./techform-size.bench'),
  'techform-closeout': () => import('./techform-closeout.bench'),
  ingest: () => import('./ingest.bench'),
  rules: () => import('./rules.bench'),
  metrics: () => import('./metrics.bench'),
  exports: () => import('./exports.bench'),
  ui: () => import('./ui.bench'),
  demo: () => import('./demo.bench'),
  backup: () => import('./backup.bench'),
  payments: () => import('./payments.bench'),
  send: () => import('./send.bench'),
  search: () => import('./search.bench'),
}

async function main(): Promise<void> {
  const names = process.argv.slice(2).filter((a) => !a.startsWith('-'))
  const unknown = names.filter((n) => !(n in BENCHES))
  if (unknown.length) {
    console.error(`Unknown benchmark ${unknown.join(', ')}; choose from: ${Object.keys(BENCHES).join(', ')}`)
    process.exit(2)
  }
  for (const name of names.length ? names : Object.keys(BENCHES)) {
    console.log(`\n## ${name}`)
    const mod = await BENCHES[name]!()
    await mod.run()
  }
}

void main()
