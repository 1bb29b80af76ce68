import type pg from 'pg'

/**
 * Helpers for code that talks to the real server outside a test runner too (bench/faults.ts
 * imports them): nothing here imports vitest.
 */

/** Deletes every row of the tenants whose names start with `prefix`. */
export async function dropTenants(
  db: { query(text: string, params?: unknown[]): Promise<unknown> },
  prefix: string,
): Promise<void> {
  const like = `${prefix.replace(/[\\%_]/g, '\\$&')}%`
  for (const table of [
    'seatguard_audit',
    'seatguard_users',
    'seatguard_roles',
    'seatguard_retired_roles',
    'seatguard_tenants',
  ]) {
    await db.query(`DELETE FROM ${table} WHERE tenant LIKE $1`, [like])
  }
}

/** Counts every statement any connection of the pool runs, where the driver runs it; `texts` keeps them. */
export function countStatements(pool: pg.Pool): { readonly count: () => number; readonly texts: string[] } {
  let statements = 0
  const texts: string[] = []
  pool.on('connect', (client) => {
    const query = client.query.bind(client) as (...args: unknown[]) => unknown
    ;(client as { query: unknown }).query = (...args: unknown[]) => {
      statements++
      if (typeof args[0] === 'string') texts.push(args[0])
      return query(...args)
    }
  })
  return { count: () => statements, texts }
}
