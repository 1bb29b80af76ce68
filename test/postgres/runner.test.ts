import { describe, expect, it } from 'vitest'
import { createPostgresStore } from '../../src/postgres/index.js'
import { uniquePrefix, usePglite } from './_db.js'

// How each kind of client keeps the deadline of a call, and what a call past it leaves behind.

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
const prefix = uniquePrefix('runner')

describe('PGlite: a call past its deadline', () => {
  const db = usePglite()

  it('R26/R27: a write rejected at the BEGIN deadline never runs its work and leaves nothing', async () => {
    const tenant = `${prefix}begin`
    const store = createPostgresStore({ client: db(), autoMigrate: false, deadline: 50 })
    // The application holds PGlite in a transaction of its own past the store's deadline.
    let release: () => void = () => undefined
    const held = db().transaction(() => new Promise<void>((resolve) => (release = resolve)))
    let ran = false
    const write = store.transaction(tenant, async (tx) => {
      ran = true
      await tx.putUser({ id: 'ana', roles: [], seat: false, version: 1 })
      await tx.append({
        at: new Date().toISOString(),
        actor: null,
        action: 'user.set',
        target: 'ana',
        before: null,
        after: { id: 'ana', roles: [], seat: false, version: 1 },
      })
    })
    await expect(write).rejects.toMatchObject({ code: 'store/unavailable', context: { operation: 'BEGIN' } })
    release()
    await held
    await sleep(50)
    expect(ran).toBe(false)
    const { rows } = await db().query('SELECT count(*)::int AS n FROM seatguard_audit WHERE tenant = $1', [tenant])
    expect(rows).toEqual([{ n: 0 }])
    expect((await store.load(tenant)).version).toBe(0)
  })
})
