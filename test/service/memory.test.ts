import * as vitest from 'vitest'
import { createMemoryStore } from '../../src/index.js'
import { testStore } from '../../src/testing/index.js'

testStore(vitest, 'memory', () => createMemoryStore())
