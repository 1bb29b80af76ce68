import { describe, expect, it } from 'vitest'
import {
  type AccessControl,
  type BatchUserInput,
  conversations,
  createAccessControl,
  createMemoryStore,
  type PolicyStore,
  type SeatguardError,
  type StoreEvent,
} from '../../src/index.js'
import { getterThrows, revoked } from '../../src/testing/_hostile.js'
import { ASSIGN, deaf, refusalOf } from '../_fixtures.js'

// R38 on the memory store: setUsers (one transaction, all or nothing) and its dry run, the
// hostile-argument reader, and the read-your-writes and change-feed promises. The store-level
// half (both capabilities and the fallback, on every store) is in seatguard/testing.

const open = (store: PolicyStore, tenant = 'acme'): Promise<AccessControl> =>
  createAccessControl({ catalogue: conversations, store, tenant, pollInterval: 0 })

const everything = async (store: PolicyStore, tenant = 'acme') => ({
  state: await store.load(tenant),
  audit: await store.audit(tenant),
})

const errorsOf = (err: SeatguardError) =>
  err.problems.filter((p) => p.severity === 'error').map((p) => [p.path, p.code])

describe('R38: setUsers writes a batch in one transaction', () => {
  it('R38/R14: a batch with one invalid user writes nothing: audit, versions and seats unchanged', async () => {
    const store = createMemoryStore()
    const ac = await open(store)
    await ac.setSeatLimit(5)
    await ac.setUser({ id: 'ana', roles: ['agent'], seat: true })
    const before = await everything(store)
    const err = await refusalOf(
      ac.setUsers([
        { id: 'ana', roles: ['supervisor'] },
        { id: 'ben', roles: ['agent'], seat: true },
        { id: 'cy', roles: ['agent', 'supervisor'], seat: true },
        { id: 'dee', roles: ['viewer'] },
      ]),
    )
    expect(err.code).toBe('assignment/exclusive-roles')
    expect(errorsOf(err)).toEqual([['users[2]', 'assignment/exclusive-roles']])
    expect(err.message).toMatch(/^setUsers: users\[2\] \("cy"\): /)
    expect(err.context).toEqual({ index: 2, user: 'cy' })
    expect(await everything(store)).toEqual(before)
    expect(await ac.seats()).toMatchObject({ held: 1 })
    expect(await ac.user('ben')).toBeUndefined()
    expect((await ac.user('ana'))?.version).toBe(1)
  })

  it('R38/R14: every problem of every user is listed with its position, warnings included', async () => {
    const store = createMemoryStore()
    const ac = await open(store)
    await ac.duplicateRole('agent', { id: 'junior', name: 'Junior' })
    const before = await everything(store)
    const err = await refusalOf(
      ac.setUsers([
        { id: 'ok', roles: ['agent'] }, // a warning only: seat/missing
        { id: '', roles: 'agent' } as never,
        { id: 'ghost', roles: ['nope', 'supervisor', 'junior', 'agent'] },
        { id: 'q', roles: ['viewer'], queues: ['bad queue'] },
        7 as never,
        { id: 'v', roles: ['viewer'], expectedVersion: -1 },
      ]),
    )
    expect(err.code).toBe('data/invalid') // the first error, in batch order
    expect(errorsOf(err)).toEqual([
      ['users[1]', 'data/invalid'],
      ['users[1]', 'data/invalid'],
      ['users[2]', 'assignment/unknown-role'],
      ['users[2]', 'assignment/exclusive-roles'],
      ['users[2]', 'assignment/derived-with-source'],
      ['users[3]', 'data/invalid'],
      ['users[4]', 'data/invalid'],
      ['users[5]', 'data/invalid'],
    ])
    expect(err.problems.find((p) => p.path === 'users[0]')).toMatchObject({ code: 'seat/missing', severity: 'warning' })
    expect(err.problems.map((p) => p.message.slice(0, 23))).toContain('setUsers: users[4]: a u')
    expect(err.problems.filter((p) => p.path === 'users[1]').map((p) => p.message.slice(0, 33))).toEqual([
      'setUsers: users[1]: "id" must be ',
      'setUsers: users[1]: "roles" must ',
    ])
    expect(err.problems.find((p) => p.path === 'users[5]')?.message).toBe(
      'setUsers: users[5] ("v"): "expectedVersion" must be a whole number ≥ 0, got -1.',
    )
    expect(err.message).toMatch(/\(and 7 more problems\)$/)
    expect(await everything(store)).toEqual(before)
  })

  it('R38/R17: one user.set entry per changed user, in batch order; none for unchanged ones', async () => {
    const store = createMemoryStore()
    const ac = await open(store)
    await ac.setUser({ id: 'same', roles: ['viewer'] })
    await ac.setUser({ id: 'moved', roles: ['viewer'], queues: ['billing'] })
    const written = await ac.setUsers(
      [
        { id: 'new', roles: ['agent'], seat: true },
        { id: 'same', roles: ['viewer'] },
        { id: 'moved', roles: ['agent'] }, // queues absent: kept (R25)
        { id: 'other', roles: ['setup', 'setup'] },
      ],
      { actor: 'idp-sync' },
    )
    expect(written).toEqual([
      { id: 'new', roles: ['agent'], seat: true, version: 1 },
      { id: 'same', roles: ['viewer'], seat: false, version: 1 },
      { id: 'moved', roles: ['agent'], seat: false, queues: ['billing'], version: 2 },
      { id: 'other', roles: ['setup'], seat: false, version: 1 },
    ])
    expect(Object.isFrozen(written) && Object.isFrozen(written[0])).toBe(true)
    const log = await ac.audit({ after: 2 })
    expect(log.map((e) => [e.seq, e.action, e.target, e.actor, e.before?.version ?? null])).toEqual([
      [3, 'user.set', 'new', 'idp-sync', null],
      [4, 'user.set', 'moved', 'idp-sync', 1],
      [5, 'user.set', 'other', 'idp-sync', null],
    ])
    expect(new Set(log.map((e) => e.at)).size).toBe(1)
    // Read your own writes: the snapshot shows the batch when the promise resolves.
    expect(ac.snapshotVersion()).toBe(5)
    expect(await ac.can('new', ASSIGN)).toBe(true)
    // A batch that changes nothing writes nothing.
    expect(await ac.setUsers([{ id: 'same', roles: ['viewer'] }])).toEqual([written[1]])
    expect(await ac.setUsers([])).toEqual([])
    expect(ac.snapshotVersion()).toBe(5)
  })

  it('R38/R16: each user may carry its expectedVersion; a stale one refuses the batch with store/conflict', async () => {
    const store = createMemoryStore()
    const ac = await open(store)
    const ana = await ac.setUser({ id: 'ana', roles: ['agent'] })
    const before = await everything(store)
    const err = await refusalOf(
      ac.setUsers([
        { id: 'ana', roles: ['viewer'], expectedVersion: ana.version },
        { id: 'bo', roles: ['viewer'], expectedVersion: 3 },
        { id: 'cy', roles: ['viewer'], expectedVersion: 0 },
      ]),
    )
    expect(err.code).toBe('store/conflict')
    expect(errorsOf(err)).toEqual([['users[1]', 'store/conflict']])
    expect(err.problems[0]?.message).toBe(
      'setUsers: users[1] ("bo"): The user "bo" changed: expected version 3, but it does not exist; reload it and retry.',
    )
    expect(await everything(store)).toEqual(before)
    const ok = await ac.setUsers([
      { id: 'ana', roles: ['viewer'], expectedVersion: 1 },
      { id: 'cy', roles: ['viewer'], expectedVersion: 0 },
    ])
    expect(ok.map((u) => u.version)).toEqual([2, 1])
    // A batch-wide expectedVersion would apply to every user: it is refused, each user carries its own.
    const wide = await refusalOf(ac.setUsers([{ id: 'ana', roles: [] }], { expectedVersion: 2 } as never))
    expect(wide.code).toBe('data/invalid')
    expect(wide.message).toContain('give each user its own "expectedVersion"')
  })

  it('R38/R16: a user carrying a stored "version" (setUsers(await ac.users())) is refused, pointing to expectedVersion', async () => {
    const store = createMemoryStore()
    const ac = await open(store)
    const other = await open(store)
    await ac.setUsers([
      { id: 'ana', roles: ['agent'], seat: true },
      { id: 'bo', roles: ['viewer'] },
    ])
    const read = await ac.users()
    await other.setUser({ id: 'ana', roles: ['supervisor'], seat: true }) // a change made after the read
    const before = await everything(store)
    // The read records, edited and written back: their version would be ignored and ana's change lost.
    const edited = read.map((u) => ({ ...u, roles: ['viewer'] }))
    const err = await refusalOf(ac.setUsers(edited as never))
    expect(err.code).toBe('data/invalid')
    expect(errorsOf(err)).toEqual([
      ['users[0]', 'data/invalid'],
      ['users[1]', 'data/invalid'],
    ])
    expect(err.problems[0]?.message).toBe(
      'setUsers: users[0] ("ana"): "version" is what a store returns with a user, not part of a write: pass it as "expectedVersion" to refuse the write if the user changed since (R16), or leave it out.',
    )
    expect(await everything(store)).toEqual(before)
    // As the message says: the versions as expectedVersion turn the lost update into a conflict.
    const guarded = read.map(({ version, ...u }) => ({ ...u, roles: ['viewer'], expectedVersion: version }))
    expect(errorsOf(await refusalOf(ac.setUsers(guarded)))).toEqual([['users[0]', 'store/conflict']])
    // An import reads its users with the same reader.
    const imported = await refusalOf(ac.importUsers([{ id: 'cy', roles: ['viewer'], version: 1 } as never]))
    expect(imported.problems.map((p) => p.path)).toEqual(['users[0]'])
    expect(await everything(store)).toEqual(before)
  })

  it('R38: a user id given twice in one batch is refused at its second place', async () => {
    const store = createMemoryStore()
    const ac = await open(store)
    const err = await refusalOf(
      ac.setUsers([
        { id: 'ana', roles: ['agent'] },
        { id: 'bo', roles: ['agent'] },
        { id: 'ana', roles: ['viewer'] },
      ]),
    )
    expect(errorsOf(err)).toEqual([['users[2]', 'data/invalid']])
    expect(err.message).toBe(
      'setUsers: users[2] ("ana"): this user is given twice in the batch (also at users[0]); give each user once, in the state it should end in.',
    )
    expect(await everything(store)).toEqual({ state: { version: 0, roles: [], users: [] }, audit: [] })
  })

  it('R38/R14: stored queues no reader accepts refuse a batch that keeps them, as they refuse setUser', async () => {
    // Data a store holds without seatguard having written it (another adapter, an edit by hand).
    const store = createMemoryStore()
    const ana = { id: 'ana', roles: ['viewer'], seat: false, queues: ['not a queue id!'], version: 1 }
    await store.transaction('acme', async (tx) => {
      await tx.putUser(ana)
      await tx.append({
        at: new Date(0).toISOString(),
        actor: null,
        action: 'user.set',
        target: 'ana',
        before: null,
        after: ana,
      })
    })
    const ac = await open(store)
    const single = await refusalOf(ac.setUser({ id: 'ana', roles: ['agent'] }))
    const batch = await refusalOf(ac.setUsers([{ id: 'ana', roles: ['agent'] }]))
    expect([single.code, batch.code]).toEqual(['data/invalid', 'data/invalid'])
    expect(batch.message).toBe(`setUsers: users[0] ("ana"): ${single.message}`)
    expect((await ac.user('ana'))?.version).toBe(1)
    // A batch that gives the user new queues replaces the stored ones and is written.
    expect(await ac.setUsers([{ id: 'ana', roles: ['agent'], queues: ['billing'] }])).toMatchObject([{ version: 2 }])
    await ac.close()
  })
})

describe('R38/R15: the seat limit holds for the batch as a whole', () => {
  const agents = (ids: string[], seat = true): BatchUserInput[] => ids.map((id) => ({ id, roles: ['agent'], seat }))

  it('R38/R15: a batch that would end over the limit is refused whole, naming the seats that do not fit', async () => {
    const store = createMemoryStore()
    const ac = await open(store)
    await ac.setSeatLimit(4)
    await ac.setUsers(agents(['a', 'b']))
    const before = await everything(store)
    const err = await refusalOf(
      ac.setUsers([...agents(['c', 'd', 'e']), { id: 'v', roles: ['viewer'] }, ...agents(['f'])]),
    )
    expect(err.code).toBe('seat/limit-reached')
    // 2 held, room for 2: the third and fourth new seats (users[2] and users[4]) do not fit.
    expect(errorsOf(err)).toEqual([
      ['users[2]', 'seat/limit-reached'],
      ['users[4]', 'seat/limit-reached'],
    ])
    expect(err.message).toMatch(
      /^setUsers: users\[2\] \("e"\): no seat left for this user: the batch would hold 6 seats, over the limit of 4 \(2 held before it, 0 freed and 4 taken by it\)/,
    )
    expect(await everything(store)).toEqual(before)
    expect(await ac.seats()).toMatchObject({ held: 2, limit: 4 })
    // Exactly to the limit is fine.
    expect((await ac.setUsers(agents(['c', 'd']))).every((u) => u.seat)).toBe(true)
    expect(await ac.seats()).toMatchObject({ held: 4, available: 0 })
  })

  it('R38/R15: seats the batch frees count, wherever they sit in it', async () => {
    const store = createMemoryStore()
    const ac = await open(store)
    await ac.setSeatLimit(2)
    await ac.setUsers(agents(['a', 'b']))
    // A new seat before the freed one: one by one this order would fail, as a whole it fits.
    const out = await ac.setUsers([...agents(['c']), { id: 'a', roles: ['agent'], seat: false }])
    expect(out.map((u) => [u.id, u.seat])).toEqual([
      ['c', true],
      ['a', false],
    ])
    expect(await ac.seats()).toMatchObject({ held: 2, limit: 2 })
  })

  it('R38/R15: below a lowered limit, a batch that takes no new seat passes; one that takes a seat is refused', async () => {
    const store = createMemoryStore()
    const ac = await open(store)
    await ac.setUsers(agents(['a', 'b', 'c']))
    await ac.setSeatLimit(1)
    // Keeping seats and changing roles takes no new seat.
    await ac.setUsers([
      { id: 'a', roles: ['supervisor'] },
      { id: 'b', roles: ['agent'], seat: false },
    ])
    expect(await ac.seats()).toMatchObject({ held: 2, limit: 1 })
    // Freeing one and taking one still ends at 2 > 1.
    const err = await refusalOf(ac.setUsers([{ id: 'c', roles: ['agent'], seat: false }, ...agents(['d'])]))
    expect(errorsOf(err)).toEqual([['users[1]', 'seat/limit-reached']])
    expect(await ac.seats()).toMatchObject({ held: 2 })
  })
})

describe('R38: other instances, dry runs and hostile arguments', () => {
  it('R38: one change event per batch, and another instance catches up once', async () => {
    const store = createMemoryStore()
    const events: StoreEvent[] = []
    await store.watch?.((e) => events.push(e))
    const writer = await open(store)
    const reader = await open(store)
    let loads = 0
    let audits = 0
    const counting: PolicyStore = {
      ...deaf(store),
      load: (t) => {
        loads++
        return store.load(t)
      },
      audit: (t, q) => {
        audits++
        return store.audit(t, q)
      },
    }
    const follower = await open(counting)
    const [l0, a0] = [loads, audits]
    await writer.setUsers(Array.from({ length: 600 }, (_, i) => ({ id: `u${i}`, roles: ['viewer'] })))
    expect(events.filter((e) => e.type === 'change')).toEqual([{ type: 'change', tenant: 'acme', version: 600 }])
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(reader.snapshotVersion()).toBe(600)
    expect(await follower.refresh()).toBe(600)
    expect([loads - l0, audits - a0]).toEqual([0, 1]) // one page of the 600 entries, no reload
    expect((await follower.users()).length).toBe(600)
  })

  it('R38: the writing service applies its own batch and does not read it back from the store', async () => {
    const store = createMemoryStore()
    let audits = 0
    const counting: PolicyStore = {
      ...store,
      audit: (t, q) => {
        audits++
        return store.audit(t, q)
      },
    }
    const ac = await open(counting)
    await ac.setUsers(Array.from({ length: 1000 }, (_, i) => ({ id: `u${i}`, roles: ['viewer'] })))
    await ac.setUser({ id: 'u0', roles: ['agent'] })
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(audits).toBe(0)
    expect(ac.snapshotVersion()).toBe(1001)
  })

  it('R17/R38: a change another instance commits while this one writes is still caught up, once the write is done', async () => {
    const store = createMemoryStore()
    const other = await open(store)
    let during: Promise<unknown> = Promise.resolve()
    // The writer's transaction returns only after the other instance committed too: its change
    // is announced while the writer's own write is still in flight.
    const slow: PolicyStore = {
      ...store,
      transaction: async (t, work) => {
        const result = await store.transaction(t, work)
        during = other.setUser({ id: 'theirs', roles: ['viewer'] })
        await during
        return result
      },
    }
    const ac = await open(slow)
    await ac.setUsers([{ id: 'mine', roles: ['agent'] }])
    await during
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(ac.snapshotVersion()).toBe(2)
    expect(await ac.user('theirs')).toMatchObject({ version: 1 })
  })

  it('R38/R34: a dry run validates the batch as the real one and writes nothing', async () => {
    const store = createMemoryStore()
    const ac = await open(store)
    await ac.setSeatLimit(2)
    await ac.setUser({ id: 'ana', roles: ['agent'], seat: true })
    const before = await everything(store)
    const run = await ac.setUsers(
      [
        { id: 'ana', roles: ['viewer'], seat: false },
        { id: 'bo', roles: ['agent'], seat: true },
      ],
      { dryRun: true },
    )
    expect(run.record.map((u) => [u.id, u.version])).toEqual([
      ['ana', 2],
      ['bo', 1],
    ])
    expect(run.impact.rows.map((r) => [r.userId, r.mode])).toEqual([
      ['ana', ['full', 'viewer']],
      ['bo', ['none', 'full']],
    ])
    expect(run.impact.seats).toEqual({ limit: [2, 2], held: [1, 1], excess: 0 })
    expect(await everything(store)).toEqual(before)
    const err = await refusalOf(
      ac.setUsers(
        [
          { id: 'bo', roles: ['agent'], seat: true },
          { id: 'cy', roles: ['agent'], seat: true },
        ],
        { dryRun: true },
      ),
    )
    expect(errorsOf(err)).toEqual([['users[1]', 'seat/limit-reached']])
  })

  it('R38/R29: hostile arguments are refused with data/invalid; an unreadable user is named by its position', async () => {
    const store = createMemoryStore()
    const ac = await open(store)
    const before = await everything(store)
    for (const bad of [undefined, 'ana', { 0: { id: 'a', roles: [] }, length: 1 }, revoked([])]) {
      expect((await refusalOf(ac.setUsers(bad as never))).code).toBe('data/invalid')
    }
    const tooMany = Array.from({ length: 10_001 }, (_, i) => ({ id: `u${i}`, roles: [] }))
    expect((await refusalOf(ac.setUsers(tooMany))).message).toMatch(/holds 10001 entries; at most 10000/)
    expect((await refusalOf(ac.setUsers([], getterThrows({}, 'actor') as never))).code).toBe('data/invalid')
    const err = await refusalOf(
      ac.setUsers([
        { id: 'ok', roles: ['viewer'] },
        getterThrows({ id: 'x', roles: [] }, 'roles') as never,
        { id: 'y', roles: revoked(['agent']) } as never,
      ]),
    )
    expect(errorsOf(err)).toEqual([
      ['users[1]', 'data/invalid'],
      ['users[2]', 'data/invalid'],
    ])
    expect(err.message).toMatch(/^setUsers: users\[1\]: the data could not be read/)
    expect(await everything(store)).toEqual(before)
    // Reads each user once, by index: a roles getter that answers differently the second time cannot slip past.
    let reads = 0
    const shifty = Object.defineProperty({ id: 'z' }, 'roles', {
      enumerable: true,
      get: () => (reads++ === 0 ? ['viewer'] : ['supervisor', 'agent']),
    })
    expect((await ac.setUsers([shifty as never]))[0]?.roles).toEqual(['viewer'])
    expect(reads).toBe(1)
  })
})
