import { describe, expect, it } from 'vitest'
import { type AccessControl, conversations, createAccessControl, type PolicyStore } from '../../src/index.js'
import { behindAndFlaky, newerAndOlder } from '../_fixtures.js'

// R26: a write whose transaction committed resolves, also when the catch-up after it fails. The
// snapshot then stays behind, whole at its version, and status() says it is stale, and why, until
// a catch-up succeeds. Rejecting would tell the caller that a committed write was not made.

const _open = (store: PolicyStore): Promise<AccessControl> =>
  createAccessControl({ catalogue: conversations, store, tenant: 'acme', pollInterval: 0 })

describe('R26: a committed write resolves when the catch-up after it fails', () => {
  it('R26: every write resolves to its record; status() is stale with the store error; refresh() catches up', async () => {
    // The store answers each commit, then fails the audit read the writer needs to catch up: ac
    // is one entry behind (another service wrote `theirs`), so its own entries leave a gap.
    const { store, ac, state } = await behindAndFlaky()
    state.down = true
    const writes: [string, () => Promise<unknown>, Record<string, unknown>][] = [
      ['setUser', () => ac.setUser({ id: 'ana', roles: ['agent'] }), { id: 'ana', version: 1 }],
      ['grantSeat', () => ac.grantSeat('ana'), { id: 'ana', seat: true, version: 2 }],
      ['revokeSeat', () => ac.revokeSeat('ana'), { id: 'ana', seat: false, version: 3 }],
      ['setUsers', () => ac.setUsers([{ id: 'bo', roles: ['viewer'] }]).then(([bo]) => bo), { id: 'bo', version: 1 }],
      ['createRole', () => ac.createRole({ id: 'r', name: 'R', permissions: [] }), { id: 'r', version: 1 }],
      ['duplicateRole', () => ac.duplicateRole('agent', { id: 'copy', name: 'Copy' }), { id: 'copy', version: 1 }],
      ['updateRole', () => ac.updateRole('r', { name: 'R2' }), { name: 'R2', version: 2 }],
      ['deleteRole', () => ac.deleteRole('r'), { id: 'r', version: 2 }],
      ['setSeatLimit', () => ac.setSeatLimit(5), { limit: 5, version: 1 }],
    ]
    for (const [name, write, record] of writes) {
      const settled = await write().then(
        (value) => ({ value }),
        (err: unknown) => ({ err }),
      )
      expect(settled, name).toEqual({ value: expect.objectContaining(record) })
    }
    expect((await store.audit('acme')).length).toBe(10) // every write committed
    expect(ac.snapshotVersion()).toBe(0) // whole at its version, never a mix
    expect(ac.status()).toMatchObject({ stale: true, error: { code: 'store/unavailable', message: 'gone' } })
    state.down = false
    expect(await ac.refresh()).toBe(10)
    expect(ac.status().stale).toBe(false)
    expect(await ac.user('ana')).toMatchObject({ seat: false, version: 3 })
    expect((await ac.seats()).limit).toBe(5)
  })

  it('R26: a seat write on an instance that cannot compile a newer role resolves; status() is stale with role/unknown-permission', async () => {
    const { shared, newer, older } = await newerAndOlder()
    // grantSeat compiles no role, so it commits; the catch-up then meets the role it cannot compile.
    expect(await older.grantSeat('ana')).toMatchObject({ id: 'ana', seat: true, version: 2 })
    expect((await shared.load('acme')).users).toEqual([{ id: 'ana', roles: ['reader'], seat: true, version: 2 }])
    expect(older.snapshotVersion()).toBe(0)
    expect(older.policy().role('editor')).toBeUndefined()
    expect(older.status()).toMatchObject({ stale: true, error: { code: 'role/unknown-permission' } })
    // A write that compiles the roles is refused inside its transaction, so nothing is written.
    await expect(older.setUser({ id: 'bo', roles: ['reader'] })).rejects.toMatchObject({
      code: 'role/unknown-permission',
    })
    expect((await shared.load('acme')).users.map((u) => u.id)).toEqual(['ana'])
    await Promise.all([newer.close(), older.close()])
  })
})
