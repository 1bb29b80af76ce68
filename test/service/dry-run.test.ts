import { createMemoryStore } from '../../src/index.js'
import { dryRunProperty, dryRunSuite } from './_dry-run-suite.js'

dryRunSuite('memory', () => createMemoryStore())
dryRunProperty('memory', () => createMemoryStore(), 60)
