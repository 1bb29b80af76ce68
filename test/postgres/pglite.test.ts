import type { PGlite } from '@electric-sql/pglite'
import { afterAll, beforeAll } from 'vitest'
import { createPostgresStore } from '../../src/postgres/index.js'
import { testStore } from '../../src/testing/index.js'
import { pglite } from './_db.js'

let db: PGlite
beforeAll(async () => {
  db = await pglite()
}, 120_000)
afterAll(async () => {
  await db?.close()
})

testStore('postgres on PGlite', () => createPostgresStore({ client: db }))
