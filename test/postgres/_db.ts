import { PGlite } from '@electric-sql/pglite'
import pg from 'pg'
import { afterAll, beforeAll } from 'vitest'
import { createPostgresStore } from '../../src/postgres/index.js'

export { dropTenants } from './_server.js'

/** The real server the lead's .ci/run provides; unset on a plain machine. */
export const SERVER_URL = process.env.SEATGUARD_TEST_DATABASE_URL

/** A tenant prefix unique to this file and run, so parallel files and reruns never collide. */
export const uniquePrefix = (file: string): string =>
  `t-${file}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 7)}-`

/** A fresh PGlite with the seatguard schema. */
export async function pglite(): Promise<PGlite> {
  const db = new PGlite()
  await createPostgresStore({ client: db }).migrate()
  return db
}

/**
 * One migrated PGlite for the enclosing suite (the first instance takes seconds and about
 * 800 MB, so a file shares one): opened before its tests, closed after them.
 */
export function usePglite(): () => PGlite {
  let db: PGlite | undefined
  beforeAll(async () => {
    db = await pglite()
  }, 120_000)
  afterAll(async () => {
    await db?.close()
  })
  return () => {
    if (db === undefined) throw new Error('usePglite(): the database is only open inside the suite that called it')
    return db
  }
}

/** A pool on the real server, with the schema migrated. */
export async function serverPool(max = 10): Promise<pg.Pool> {
  const pool = new pg.Pool({ connectionString: SERVER_URL, max })
  await createPostgresStore({ client: pool }).migrate()
  return pool
}
