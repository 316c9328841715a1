#!/usr/bin/env node
// `closeout` when installed: runs the TypeScript CLI through tsx (a runtime dependency).
'use strict'
const { join } = require('node:path')
require('tsx/cjs')
const { main } = require(join(__dirname, '..', 'src-main', 'cli', 'main.ts'))
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(0)
  throw error
})
main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code
  },
  (error) => {
    process.stderr.write(`closeout: ${String(error)}\n`)
    process.exitCode = 1
  },
)
