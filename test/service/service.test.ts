import { describe, expect, it } from 'vitest'
import {
  type AuditEntry,
  conversations,
  createAccessControl,
  createMemoryStore,
  type PolicyStore,
  type StoreEvent,
  type StoreTransaction,
} from '../../src/index.js'
import { ASSIGN, deaf, newerAndOlder, openService } from '../_fixtures.js'

/** A transaction with only the required methods, as an adapter written before retiredRoleVersion offers. */
const strip = (tx: StoreTransaction): StoreTransaction => ({
  roles: () => tx.roles(),
  user: (id) => tx.user(id),
  usersWithRole: (id) => tx.usersWithRole(id),
  seatsHeld: () => tx.seatsHeld(),
  putRole: (r) => tx.putRole(r),
  removeRole: (id) => tx.removeRole(id),
  putUser: (u) => tx.putUser(u),
  append: (e) => tx.append(e),
})

/** The memory store as an adapter written before StoreTransaction.retiredRoleVersion: it does not offer it. */
function withoutRetired(store: PolicyStore, deafToo = false): PolicyStore {
  return { ...(deafToo ? deaf(store) : store), transaction: (t, w) => store.transaction(t, (tx) => w(strip(tx))) }
}

describe('createAccessControl', () => {
  it('refuses bad options with data/invalid', async () => {
    const store = createMemoryStore()
    for (const bad of [
      { tenant: '' },
      { tenant: 'x'.repeat(257) },
      { pollInterval: -5 },
      { store: {} },
      { catalogue: {} },
    ]) {
      await expect(
        createAccessControl({ catalogue: conversations, store, tenant: 'acme', ...bad } as never),
      ).rejects.toMatchObject({ code: bad.catalogue ? 'catalogue/invalid' : 'data/invalid' })
    }
  })

  it('refuses a pollInterval setInterval cannot hold (Node would poll every millisecond instead)', async () => {
    const shared = createMemoryStore()
    let polls = 0
    const counting: PolicyStore = {
      ...deaf(shared),
      audit: async (t, q) => {
        polls++
        return shared.audit(t, q)
      },
    }
    for (const pollInterval of [Number.POSITIVE_INFINITY, 2 ** 31]) {
      await expect(openService(counting, { pollInterval })).rejects.toMatchObject({ code: 'data/invalid' })
    }
    const slow = await openService(counting, { pollInterval: 2 ** 31 - 1 })
    await new Promise((resolve) => setTimeout(resolve, 30))
    await slow.close()
    expect(polls).toBe(0)
  })

  it('after close() refuses every call with store/unavailable and writes nothing; a write already under way completes', async () => {
    const store = createMemoryStore()
    const ac = await openService(store, { pollInterval: 0 })
    await ac.setUser({ id: 'ana', roles: ['agent'], seat: true })
    const underWay = ac.setUser({ id: 'ben', roles: ['viewer'] })
    await ac.close()
    await expect(underWay).resolves.toMatchObject({ id: 'ben', version: 1 })
    await ac.close() // closing twice is fine
    const entries = (await store.audit('acme')).length
    const closed = { code: 'store/unavailable', message: expect.stringMatching(/closed/) }
    await expect(ac.setUser({ id: 'cy', roles: ['agent'] })).rejects.toMatchObject(closed)
    await expect(ac.grantSeat('ben')).rejects.toMatchObject(closed)
    await expect(ac.createRole({ id: 'x', name: 'X', permissions: [] })).rejects.toMatchObject(closed)
    await expect(ac.can('ana', ASSIGN)).rejects.toMatchObject(closed) // no answer from a snapshot that no longer follows the store
    await expect(ac.users()).rejects.toMatchObject(closed)
    await expect(ac.audit()).rejects.toMatchObject(closed)
    await expect(ac.refresh()).rejects.toMatchObject(closed)
    expect(() => ac.policy()).toThrow(expect.objectContaining(closed))
    const state = await store.load('acme')
    expect(state.users.map((u) => u.id).sort()).toEqual(['ana', 'ben'])
    expect(await store.audit('acme')).toHaveLength(entries)
  })

  it('polls a store without a change feed, so another service catches up without refresh()', async () => {
    const shared = createMemoryStore()
    const writer = await openService(shared, { pollInterval: 0 })
    const reader = await openService(deaf(shared), { pollInterval: 20 })
    await writer.setUser({ id: 'ana', roles: ['agent'], seat: true })
    expect(await reader.can('ana', ASSIGN)).toBe(false) // not yet: no feed
    await new Promise((resolve) => setTimeout(resolve, 120))
    expect(await reader.can('ana', ASSIGN)).toBe(true)
    await Promise.all([writer.close(), reader.close()])
  })

  it('with polling off, a deaf service learns only through refresh()', async () => {
    const shared = createMemoryStore()
    const writer = await openService(shared, { pollInterval: 0 })
    const reader = await openService(deaf(shared), { pollInterval: 0 })
    await writer.setUser({ id: 'ana', roles: ['agent'], seat: true })
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(reader.snapshotVersion()).toBe(0)
    expect(await reader.refresh()).toBe(1)
    expect(await reader.can('ana', ASSIGN)).toBe(true)
  })

  it("catches up on a store's resync event", async () => {
    const shared = createMemoryStore()
    let emit: (e: StoreEvent) => void = () => undefined
    const feed: PolicyStore = {
      ...deaf(shared),
      watch: async (listener) => {
        emit = listener
        return async () => undefined
      },
    }
    const writer = await openService(shared, { pollInterval: 0 })
    const reader = await openService(feed, { pollInterval: 0 })
    await writer.setUser({ id: 'ana', roles: ['viewer'] })
    expect(reader.snapshotVersion()).toBe(0)
    emit({ type: 'resync' })
    await expect.poll(() => reader.snapshotVersion()).toBe(1)
    emit({ type: 'change', tenant: 'other-tenant', version: 99 }) // not ours: ignored
    await writer.setUser({ id: 'bo', roles: ['viewer'] })
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(reader.snapshotVersion()).toBe(1)
    emit({ type: 'change', tenant: 'acme', version: 2 })
    await expect.poll(() => reader.snapshotVersion()).toBe(2)
  })

  it('reloads the tenant whole when the audit log it reads has a gap', async () => {
    const shared = createMemoryStore()
    let hide = false
    const gappy: PolicyStore = {
      ...deaf(shared),
      // Drops the first entry after the snapshot: replaying would skip a change.
      audit: async (t, q) => {
        const entries = await shared.audit(t, q)
        return hide ? entries.slice(1) : entries
      },
    }
    const writer = await openService(shared, { pollInterval: 0 })
    const reader = await openService(gappy, { pollInterval: 0 })
    await writer.setUser({ id: 'ana', roles: ['agent'] })
    await writer.setUser({ id: 'bo', roles: ['viewer'] })
    hide = true
    expect(await reader.refresh()).toBe(2)
    expect((await reader.users()).map((u) => u.id)).toEqual(['ana', 'bo'])
  })

  it('R26: a store that commits but never shows the write: the write resolves, and status() says the snapshot is stale and why', async () => {
    const shared = createMemoryStore()
    const blind: PolicyStore = {
      ...deaf(shared),
      audit: async () => [] as AuditEntry[],
      load: async () => ({ version: 0, roles: [], users: [] }),
    }
    const ac = await openService(blind, { pollInterval: 0 })
    await ac.setUser({ id: 'ana', roles: ['viewer'] }) // its own entries move the snapshot
    await shared.transaction('acme', async (tx) => {
      const user = { id: 'bo', roles: ['viewer'], seat: false, version: 1 }
      await tx.putUser(user)
      await tx.append({
        at: new Date().toISOString(),
        actor: null,
        action: 'user.set',
        target: 'bo',
        before: null,
        after: user,
      })
    })
    // seq 3 follows a gap (seq 2 was never seen): the service cannot show it and says so in status().
    expect(await ac.setUser({ id: 'cy', roles: ['viewer'] })).toMatchObject({ id: 'cy', version: 1 })
    expect(ac.snapshotVersion()).toBe(1)
    const { stale, error } = ac.status()
    expect(stale).toBe(true)
    expect(error).toMatchObject({ code: 'data/invalid' })
    expect((error as Error).message).toMatch(/committed the write \(seq 3\) but does not return it/)
  })

  it('refuses a malformed audit query with data/invalid', async () => {
    const ac = await openService(createMemoryStore(), { pollInterval: 0 })
    await expect(ac.audit({ after: -1 })).rejects.toMatchObject({ code: 'data/invalid' })
    await expect(ac.audit({ limit: 1.5 })).rejects.toMatchObject({ code: 'data/invalid' })
    await expect(ac.audit({ after: 'x' as unknown as number })).rejects.toMatchObject({ code: 'data/invalid' })
  })

  it('stops following the feed when the first load fails', async () => {
    const shared = createMemoryStore()
    let watching = 0
    const broken: PolicyStore = {
      ...deaf(shared),
      load: async () => {
        throw new Error('database down')
      },
      watch: async () => {
        watching++
        return async () => void watching--
      },
    }
    await expect(openService(broken)).rejects.toThrow('database down')
    expect(watching).toBe(0)
  })

  it('R16/R17: a no-op write resolves with the stored record even when that record moved on before the snapshot caught up', async () => {
    const shared = createMemoryStore()
    const writer = await openService(shared, { pollInterval: 0 })
    let interfere = false
    // After the no-op commits, another writer changes the same user before this service pulls.
    const racy: PolicyStore = {
      ...deaf(shared),
      transaction: async (t, work) => {
        const result = await shared.transaction(t, work)
        if (interfere) {
          interfere = false
          await writer.revokeSeat('ana')
        }
        return result
      },
    }
    const ac = await openService(racy, { pollInterval: 0 }) // snapshot at version 0, hears nothing
    await writer.setUser({ id: 'ana', roles: ['agent'], seat: true })
    interfere = true
    const same = await ac.grantSeat('ana') // ana holds a seat: nothing to write
    expect(same).toEqual({ id: 'ana', roles: ['agent'], seat: true, version: 1 })
    expect(ac.snapshotVersion()).toBe(2) // and the snapshot is at least as new as the write
    expect((await ac.audit()).map((e) => e.action)).toEqual(['user.set', 'seat.revoked'])
  })

  it('R16: an expectedVersion read before a role was deleted and created again is stale: store/conflict, the new role is not overwritten', async () => {
    const store = createMemoryStore()
    const first = await openService(store, { pollInterval: 0 })
    const second = await openService(store, { pollInterval: 0 })
    const read = await first.createRole({ id: 'x', name: 'Old', permissions: [] })
    expect(read.version).toBe(1)
    await second.deleteRole('x', { expectedVersion: 1 })
    const created = await second.createRole({ id: 'x', name: 'New', permissions: [ASSIGN] }, { expectedVersion: 0 })
    expect(created).toEqual({ id: 'x', name: 'New', permissions: [ASSIGN], version: 2 })
    const before = { state: await store.load('acme'), audit: await store.audit('acme') }
    const err = await first
      .updateRole('x', { name: 'Lost update' }, { expectedVersion: read.version })
      .catch((e: unknown) => e)
    expect(err).toMatchObject({ code: 'store/conflict' })
    await expect(first.deleteRole('x', { expectedVersion: read.version })).rejects.toMatchObject({
      code: 'store/conflict',
    })
    expect({ state: await store.load('acme'), audit: await store.audit('acme') }).toEqual(before)
    expect(first.policy().role('x')?.name).toBe('New')
    const log = (await first.audit()).map((e) => [e.action, e.before?.version ?? null, e.after?.version ?? null])
    expect(log).toEqual([
      ['role.created', null, 1],
      ['role.deleted', 1, null],
      ['role.created', null, 2],
    ])
  })

  it('R16: a store without retiredRoleVersion restarts a re-created role at version 1 (the documented limit of older adapters)', async () => {
    const ac = await openService(withoutRetired(createMemoryStore()), { pollInterval: 0 })
    await ac.createRole({ id: 'x', name: 'Old', permissions: [] })
    await ac.updateRole('x', { name: 'Older' })
    await ac.deleteRole('x')
    expect(await ac.duplicateRole('agent', { id: 'x', name: 'New' })).toMatchObject({
      version: 1,
      derivedFrom: 'agent',
    })
  })

  it('R16: a retiredRoleVersion answer that is no whole number ≥ 0 refuses the create with data/invalid and writes nothing', async () => {
    for (const bad of [-1, 1.5, Number.NaN, '2', undefined]) {
      const store = createMemoryStore()
      const lying: PolicyStore = {
        ...store,
        transaction: (t, w) =>
          store.transaction(t, (tx) => w({ ...strip(tx), retiredRoleVersion: async () => bad as never })),
      }
      const ac = await openService(lying, { pollInterval: 0 })
      await expect(ac.createRole({ id: 'x', name: 'X', permissions: [] })).rejects.toMatchObject({
        code: 'data/invalid',
      })
      expect({ state: await store.load('acme'), audit: await store.audit('acme') }).toEqual({
        state: { version: 0, roles: [], users: [] },
        audit: [],
      })
      await ac.close()
    }
  })

  it('R16: a no-op on a role deleted and created again elsewhere (version 1 both times, a store without retiredRoleVersion) still shows the new role', async () => {
    const shared = withoutRetired(createMemoryStore())
    const writer = await openService(shared, { pollInterval: 0 })
    await writer.createRole({ id: 'r', name: 'Old', permissions: [] })
    const ac = await openService(withoutRetired(shared, true), { pollInterval: 0 }) // holds r "Old" at version 1, hears nothing
    await writer.deleteRole('r')
    await writer.createRole({ id: 'r', name: 'New', permissions: [] })
    expect(await ac.updateRole('r', { name: 'New' })).toMatchObject({ name: 'New', version: 1 }) // nothing to change
    expect(ac.policy().role('r')?.name).toBe('New')
  })

  it('replays all or nothing: entries it cannot compile (a role of a newer catalogue) leave the snapshot as it was', async () => {
    const { newer, older } = await newerAndOlder()
    await newer.setUser({ id: 'bo', roles: ['editor'] })
    await expect(older.refresh()).rejects.toMatchObject({ code: 'role/unknown-permission' })
    expect(older.snapshotVersion()).toBe(0)
    expect(await older.users()).toEqual([]) // not ana and bo beside a policy without their roles
    expect(older.policy().role('editor')).toBeUndefined()
  })

  it('does not miss a change committed while the first load is in flight', async () => {
    const shared = createMemoryStore()
    const writer = await openService(shared, { pollInterval: 0 })
    const slow: PolicyStore = {
      ...shared,
      // The load reads the state, then a commit lands (and is announced) before the load resolves.
      load: async (t) => {
        const state = await shared.load(t)
        await writer.setUser({ id: 'ana', roles: ['viewer'] })
        return state
      },
    }
    const reader = await openService(slow, { pollInterval: 0 })
    await expect.poll(() => reader.snapshotVersion()).toBe(1)
    expect((await reader.user('ana'))?.roles).toEqual(['viewer'])
    await Promise.all([writer.close(), reader.close()])
  })

  it('hands out records that cannot be changed behind the audit log (a mutated answer grants nothing)', async () => {
    const ac = await openService(createMemoryStore(), { pollInterval: 0 })
    await ac.setUser({ id: 'ana', roles: ['viewer'], seat: true })
    const SUPERVISE = 'conversations/supervision/reassign'
    for (const read of [await ac.user('ana'), (await ac.users())[0], (await ac.audit())[0]?.after]) {
      const roles = (read as { roles: string[] } | undefined)?.roles
      expect(roles).toEqual(['viewer'])
      expect(() => roles?.push('supervisor')).toThrow(TypeError)
    }
    expect(await ac.can('ana', SUPERVISE)).toBe(false)
    expect((await ac.user('ana'))?.roles).toEqual(['viewer'])
  })

  it('R25: hands out queue lists that cannot be changed behind the audit log (a mutated answer reaches nothing new)', async () => {
    const store = createMemoryStore()
    const ac = await openService(store, { pollInterval: 0 })
    const written = await ac.setUser({ id: 'ana', roles: ['viewer'], queues: ['billing'] })
    const VIEW = 'contact-center/conversations/view'
    const reads = [
      written,
      await ac.user('ana'),
      (await ac.users())[0],
      (await ac.audit())[0]?.after,
      (await store.load(ac.tenant)).users[0],
      (await store.audit(ac.tenant))[0]?.after,
    ]
    // A store that hands out unfrozen copies (as a database does): the snapshot freezes what it keeps.
    const thawed: PolicyStore = {
      ...deaf(store),
      load: async (t) => structuredClone(await store.load(t)),
      audit: async (t, q) => structuredClone(await store.audit(t, q)),
    }
    const reader = await openService(thawed, { pollInterval: 0 })
    reads.push(await reader.user('ana'), (await reader.users())[0])
    await ac.setUser({ id: 'ben', roles: ['viewer'], queues: ['billing'] })
    await reader.refresh() // replayed from an (unfrozen) audit entry
    reads.push(await reader.user('ben'))
    for (const [i, read] of reads.entries()) {
      const queues = (read as { queues?: string[] } | undefined)?.queues
      expect(queues, `read ${i}`).toEqual(['billing'])
      expect(() => queues?.push('sales'), `read ${i}`).toThrow(TypeError)
    }
    expect(await reader.can('ana', VIEW, { queue: 'sales' })).toBe(false)
    expect(await ac.can('ana', VIEW, { queue: 'sales' })).toBe(false)
    expect((await ac.user('ana'))?.queues).toEqual(['billing'])
  })

  it('refuses an audit query that is not an object with data/invalid', async () => {
    const ac = await openService(createMemoryStore(), { pollInterval: 0 })
    await expect(ac.audit(null as never)).rejects.toMatchObject({ code: 'data/invalid' })
    await expect(ac.audit(5 as never)).rejects.toMatchObject({ code: 'data/invalid' })
    expect(await ac.audit(undefined)).toEqual([])
  })

  it('R3/R14: permission and role lists with holes are refused like lists with a non-string element, and nothing is written', async () => {
    const store = createMemoryStore()
    const ac = await openService(store, { pollInterval: 0 })
    await ac.createRole({ id: 'mine', name: 'Mine', permissions: [] })
    const before = await store.load('acme')
    const VIEW = 'contact-center/conversations/view'
    // eslint-disable-next-line no-sparse-arrays
    const holed = [VIEW, , VIEW] as string[]
    for (const list of [holed, new Array<string>(2), [VIEW, 7 as unknown as string]]) {
      await expect(ac.createRole({ id: 'other', name: 'Other', permissions: list })).rejects.toMatchObject({
        code: 'data/invalid',
      })
      await expect(ac.updateRole('mine', { permissions: list })).rejects.toMatchObject({ code: 'data/invalid' })
    }
    // eslint-disable-next-line no-sparse-arrays
    const roles = ['agent', , 'analytics'] as string[]
    const nonString = await ac
      .setUser({ id: 'ana', roles: ['agent', 7 as unknown as string, 'analytics'] })
      .catch((e: unknown) => e)
    for (const list of [roles, new Array<string>(2)]) {
      const err = await ac.setUser({ id: 'ana', roles: list }).catch((e: unknown) => e)
      expect(err).toMatchObject({
        code: 'data/invalid',
        message: expect.stringContaining('setUser: "roles" must be an array of role ids'),
      })
      expect(err).toMatchObject({ code: (nonString as { code: string }).code })
    }
    expect(await store.load('acme')).toEqual(before)
    expect(await ac.audit()).toHaveLength(1)
  })

  it('R3: a default role id is role/duplicate-id whatever the expectedVersion (never store/conflict), and nothing is written', async () => {
    const store = createMemoryStore()
    const ac = await openService(store, { pollInterval: 0 })
    await ac.createRole({ id: 'mine', name: 'Mine', permissions: [] })
    const before = await store.load('acme')
    for (const opts of [undefined, { expectedVersion: 0 }, { expectedVersion: 1 }, { expectedVersion: 7 }]) {
      await expect(ac.createRole({ id: 'agent', name: 'Agent 2', permissions: [] }, opts)).rejects.toMatchObject({
        code: 'role/duplicate-id',
      })
      await expect(ac.duplicateRole('viewer', { id: 'agent', name: 'Agent 2' }, opts)).rejects.toMatchObject({
        code: 'role/duplicate-id',
      })
      await expect(ac.duplicateRole('mine', { id: 'supervisor', name: 'Copy' }, opts)).rejects.toMatchObject({
        code: 'role/duplicate-id',
      })
    }
    // A custom role's id keeps R16 first: a stale expectedVersion is store/conflict (the conformance suite holds this).
    await expect(
      ac.createRole({ id: 'mine', name: 'Again', permissions: [] }, { expectedVersion: 0 }),
    ).rejects.toMatchObject({ code: 'store/conflict' })
    await expect(
      ac.createRole({ id: 'mine', name: 'Again', permissions: [] }, { expectedVersion: 1 }),
    ).rejects.toMatchObject({ code: 'role/duplicate-id' })
    expect(await store.load('acme')).toEqual(before)
    expect((await ac.audit()).map((e) => e.action)).toEqual(['role.created'])
  })

  it('answers from the snapshot: policy() is synchronous and follows role writes', async () => {
    const ac = await openService(createMemoryStore(), { pollInterval: 0 })
    expect(ac.policy().roles.map((r) => r.id)).toEqual(['setup', 'agent', 'analytics', 'supervisor', 'viewer'])
    await ac.duplicateRole('agent', { id: 'junior', name: 'Junior' })
    expect(ac.policy().role('junior')?.derivedFrom).toBe('agent')
    expect(ac.tenant).toBe('acme')
  })
})
