#!/usr/bin/env node
// The `seatguard` bin (package.json "bin"). Built to dist/cli.js as ESM; see docs/cli.md.
import { nodeIo } from './_io.js'
import { main } from './main.js'

// `seatguard catalogue | head` closes the pipe early: that is not an error worth a stack trace.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code !== 'EPIPE') throw err
  process.exit(process.exitCode ?? 0)
})

// main never rejects: every failure is an exit code and a message on stderr.
void main(process.argv.slice(2), nodeIo).then((code) => {
  process.exitCode = code
})
