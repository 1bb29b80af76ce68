#!/usr/bin/env node
// The `seatguard` bin (package.json "bin"). Built to dist/cli.js as ESM; see docs/cli.md.
import { nodeIo } from './_io.js'
import { main } from './main.js'

process.exitCode = main(process.argv.slice(2), nodeIo)
