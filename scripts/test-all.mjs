#!/usr/bin/env node
// `npm test`: typecheck, lint, schema check, build, unit + integration (vitest), e2e (Playwright
// in the system Chromium). Ends with one plain "N passed, N failed" line for the whole run.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs'
import findBrowserModule from './find-browser.cjs'
const { findBrowser, NO_BROWSER } = findBrowserModule

const results = { passed: 0, failed: 0, skipped: 0 }
const steps = []
const bin = (name) => `node_modules/.bin/${name}`

function step(name, cmd, args, env = {}) {
  const started = Date.now()
  process.stdout.write(`\n=== ${name}: ${cmd} ${args.join(' ')}\n`)
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } })
  const seconds = ((Date.now() - started) / 1000).toFixed(1)
  steps.push({ name, ok: r.status === 0, seconds })
  return r.status === 0
}

function check(name, cmd, args) {
  if (step(name, cmd, args)) results.passed++
  else results.failed++
}

mkdirSync('test-results', { recursive: true })
check('typecheck', 'npm', ['run', '-s', 'typecheck'])
check('lint', bin('eslint'), ['--max-warnings', '0', '.'])
check('format', bin('prettier'), ['--check', '--log-level', 'warn', '.'])
check('schemas are current', bin('tsx'), ['scripts/gen-schemas.ts', '--check'])
const built = step('build', bin('electron-vite'), ['build'])
if (built) results.passed++
else results.failed++

rmSync('test-results/vitest.json', { force: true })
const vitestOk = step('unit + integration', bin('vitest'), [
  'run',
  '--reporter=default',
  '--reporter=json',
  '--outputFile=test-results/vitest.json',
])
if (existsSync('test-results/vitest.json')) {
  const v = JSON.parse(readFileSync('test-results/vitest.json', 'utf8'))
  results.passed += v.numPassedTests
  results.failed += v.numFailedTests + (v.numRuntimeErrors ?? 0)
  results.skipped += (v.numPendingTests ?? 0) + (v.numTodoTests ?? 0)
  if (!vitestOk && v.numFailedTests === 0) results.failed++ // a suite failed to load
} else results.failed++

if (built) {
  rmSync('test-results/playwright.json', { force: true })
  const browser = findBrowser()
  if (!browser) {
    process.stdout.write(`\n=== e2e: skipped\n${NO_BROWSER}\n`)
    steps.push({ name: 'e2e (no Chromium on this machine)', ok: false, seconds: '0.0' })
    results.failed++
  } else runE2e(browser)
}

function runE2e(browser) {
  const e2eOk = step('e2e', bin('playwright'), ['test', '--reporter=list,json'], {
    PLAYWRIGHT_JSON_OUTPUT_NAME: 'test-results/playwright.json',
    CHROMIUM_PATH: browser,
  })
  if (existsSync('test-results/playwright.json')) {
    const p = JSON.parse(readFileSync('test-results/playwright.json', 'utf8'))
    results.passed += p.stats.expected + (p.stats.flaky ?? 0)
    results.failed += p.stats.unexpected
    results.skipped += p.stats.skipped
    if (!e2eOk && p.stats.unexpected === 0) results.failed++
  } else results.failed++
}

process.stdout.write('\n=== summary\n')
for (const s of steps) process.stdout.write(`${s.ok ? 'ok  ' : 'FAIL'} ${s.name} (${s.seconds} s)\n`)
process.stdout.write(`${results.passed} passed, ${results.failed} failed, ${results.skipped} skipped\n`)
process.exitCode = results.failed === 0 ? 0 : 1
