import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const dist = fileURLToPath(new URL('../../dist/', import.meta.url))

// Each package entry bundles its own copy of SeatguardError; an error thrown by
// seatguard/postgres must still be `instanceof SeatguardError` from 'seatguard' (SPEC §3).
describe.skipIf(!existsSync(`${dist}postgres.js`))('built entries', () => {
  it('an error from seatguard/postgres is instanceof the root SeatguardError (ESM and CJS)', async () => {
    const root = await import(`${dist}index.js`)
    const postgres = await import(`${dist}postgres.js`)
    const rootCjs = await import(`${dist}index.cjs`)
    let thrown: unknown
    try {
      postgres.createPostgresStore({ client: {} })
    } catch (err) {
      thrown = err
    }
    expect((thrown as { code?: string }).code).toBe('data/invalid')
    expect(thrown instanceof root.SeatguardError).toBe(true)
    expect(thrown instanceof rootCjs.SeatguardError).toBe(true)
    expect(thrown instanceof root.ForbiddenError).toBe(false)
    expect(new Error('plain') instanceof root.SeatguardError).toBe(false)
  })
})
