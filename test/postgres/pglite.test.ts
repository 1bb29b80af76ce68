import * as vitest from 'vitest'
import { createPostgresStore } from '../../src/postgres/index.js'
import { testStore } from '../../src/testing/index.js'
import { usePglite } from './_db.js'

const db = usePglite()

testStore(vitest, 'postgres on PGlite', () => createPostgresStore({ client: db() }))
