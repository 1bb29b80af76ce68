import { describe, expect, it } from 'vitest'
import { type AccessControl, createMemoryStore, type PolicyStore } from '../../src/index.js'
import { ASSIGN, deaf, openService, rejectionCode, TAGS, VIEW } from '../_fixtures.js'

const NONE = { mode: 'none', permissions: [], consumesSeat: false, needsSeat: false, countsTowardCapacity: false }
/** A service that never polls: it learns of other writers only through the change feed or refresh(). */
const open = (store: PolicyStore, extra: Record<string, unknown> = {}) =>
  openService(store, { pollInterval: 0, ...extra })

describe('R16, R17: setUser that changes only the seat is a write', () => {
  it('R10, R16, R17: seat false → true → false, same roles: new version, user.set entry, can() follows', async () => {
    const store = createMemoryStore()
    const ac = await open(store)
    const v1 = await ac.setUser({ id: 'ana', roles: ['agent'], seat: false })
    expect(v1).toMatchObject({ version: 1, seat: false })
    expect(await ac.can('ana', ASSIGN)).toBe(false)

    const v2 = await ac.setUser({ id: 'ana', roles: ['agent'], seat: true })
    expect(v2).toEqual({ id: 'ana', roles: ['agent'], seat: true, version: 2 })
    expect(await ac.can('ana', ASSIGN)).toBe(true)
    expect((await ac.access('ana')).mode).toBe('full')

    const v3 = await ac.setUser({ id: 'ana', roles: ['agent'], seat: false })
    expect(v3).toEqual({ id: 'ana', roles: ['agent'], seat: false, version: 3 })
    expect(await ac.can('ana', ASSIGN)).toBe(false)
    expect((await ac.access('ana')).mode).toBe('viewer')

    const log = await ac.audit()
    expect(
      log.map((e) => [
        e.seq,
        e.action,
        e.target,
        (e.before as { seat?: boolean } | null)?.seat,
        (e.after as { seat?: boolean }).seat,
      ]),
    ).toEqual([
      [1, 'user.set', 'ana', undefined, false],
      [2, 'user.set', 'ana', false, true],
      [3, 'user.set', 'ana', true, false],
    ])
    // The same user again (seat absent keeps it): a no-op, no version, no entry (R17).
    expect(await ac.setUser({ id: 'ana', roles: ['agent'] })).toMatchObject({ version: 3, seat: false })
    expect(await ac.audit()).toHaveLength(3)
    expect(await store.load('acme')).toMatchObject({ version: 3, users: [{ id: 'ana', seat: false, version: 3 }] })
    await ac.close()
  })

  it('R15: a seat-only setUser counts against the seat limit', async () => {
    const ac = await open(createMemoryStore())
    await ac.setSeatLimit(1)
    await ac.setUser({ id: 'ana', roles: ['agent'], seat: true })
    await ac.setUser({ id: 'ben', roles: ['agent'] })
    expect(await rejectionCode(ac.setUser({ id: 'ben', roles: ['agent'], seat: true }))).toBe('seat/limit-reached')
    await ac.setUser({ id: 'ana', roles: ['agent'], seat: false })
    expect(await ac.setUser({ id: 'ben', roles: ['agent'], seat: true })).toMatchObject({ seat: true, version: 2 })
    await ac.close()
  })
})

describe('R16: expectedVersion 0 means "must not exist yet", whatever else exists', () => {
  it('R16: createRole and duplicateRole with expectedVersion 0 succeed beside other custom roles', async () => {
    const ac = await open(createMemoryStore())
    await ac.createRole({ id: 'first', name: 'First', permissions: [VIEW] })
    await ac.duplicateRole('agent', { id: 'second', name: 'Second' })
    const third = await ac.createRole({ id: 'third', name: 'Third', permissions: [TAGS, VIEW] }, { expectedVersion: 0 })
    expect(third).toMatchObject({ id: 'third', version: 1 })
    const fourth = await ac.duplicateRole('second', { id: 'fourth', name: 'Fourth' }, { expectedVersion: 0 })
    expect(fourth).toMatchObject({ id: 'fourth', version: 1, derivedFrom: 'agent' })
    expect(
      ac
        .policy()
        .roles.filter((r) => r.kind === 'custom')
        .map((r) => r.id),
    ).toEqual(['first', 'second', 'third', 'fourth'])
    // …and an id that exists is a conflict, as is a non-zero version for a new id.
    expect(
      await rejectionCode(ac.createRole({ id: 'third', name: 'Again', permissions: [] }, { expectedVersion: 0 })),
    ).toBe('store/conflict')
    expect(await rejectionCode(ac.duplicateRole('agent', { id: 'first', name: 'Again' }, { expectedVersion: 0 }))).toBe(
      'store/conflict',
    )
    expect(
      await rejectionCode(ac.createRole({ id: 'fifth', name: 'Fifth', permissions: [] }, { expectedVersion: 1 })),
    ).toBe('store/conflict')
    expect(await rejectionCode(ac.duplicateRole('agent', { id: 'fifth', name: 'Fifth' }, { expectedVersion: 2 }))).toBe(
      'store/conflict',
    )
    expect(await ac.audit()).toHaveLength(4)
    await ac.close()
  })

  it('R16: setUser with expectedVersion 0 creates beside other users and refuses an existing one', async () => {
    const ac = await open(createMemoryStore())
    await ac.setUser({ id: 'ana', roles: ['viewer'] })
    expect(await ac.setUser({ id: 'ben', roles: ['viewer'] }, { expectedVersion: 0 })).toMatchObject({ version: 1 })
    expect(await rejectionCode(ac.setUser({ id: 'ana', roles: ['agent'] }, { expectedVersion: 0 }))).toBe(
      'store/conflict',
    )
    await ac.close()
  })
})

describe('R16: a version on the user of a single write is refused, never ignored', () => {
  it('R16: setUser of a stored record after an edit is data/invalid naming expectedVersion, and writes nothing', async () => {
    const ac = await open(createMemoryStore())
    const ana = await ac.setUser({ id: 'ana', roles: ['viewer'] })
    await ac.setUser({ id: 'ana', roles: ['agent'], seat: true }) // someone else's write, since the read
    const stale = { ...ana, roles: ['viewer', 'analytics'] }
    const err = await ac.setUser(stale as never).catch((e: unknown) => e)
    expect(err).toMatchObject({ code: 'data/invalid', message: expect.stringContaining('{ expectedVersion }') })
    expect(await ac.user('ana')).toMatchObject({ roles: ['agent'], seat: true, version: 2 })
    expect(await ac.audit()).toHaveLength(2)
    // Given as the option, the same read is the conflict it should be.
    const { version, ...user } = stale
    expect(await rejectionCode(ac.setUser(user, { expectedVersion: version }))).toBe('store/conflict')
    await ac.close()
  })

  it('R16: an expectedVersion on the user (where a batch puts it) is refused for setUser, pointing to the option', async () => {
    const ac = await open(createMemoryStore())
    await ac.setUser({ id: 'ana', roles: ['viewer'] })
    const user = { id: 'ana', roles: ['agent'], expectedVersion: 7 }
    const err = await ac.setUser(user as never, { dryRun: true }).catch((e: unknown) => e)
    expect(err).toMatchObject({ code: 'data/invalid', message: expect.stringContaining('goes in the options') })
    expect(await rejectionCode(ac.setUser(user as never))).toBe('data/invalid')
    expect(await ac.user('ana')).toMatchObject({ roles: ['viewer'], version: 1 })
    await ac.close()
  })
})

describe('R3, R14: a stored role is validated as a policy role is', () => {
  it('R3: ac.createRole refuses a caller-supplied derivedFrom with data/invalid and writes nothing', async () => {
    const ac = await open(createMemoryStore())
    const fake = { id: 'fake', name: 'Fake', permissions: [TAGS], derivedFrom: 'agent' }
    expect(await rejectionCode(ac.createRole(fake as never))).toBe('data/invalid')
    expect(await ac.audit()).toEqual([])
    expect(ac.policy().role('fake')).toBeUndefined()
    await ac.close()
  })
})

describe('R13: an unknown user is a user with no roles', () => {
  it('R13: explain(unknownId) is not-granted, access is exactly none, can is false', async () => {
    const ac = await open(createMemoryStore())
    await ac.setUser({ id: 'ana', roles: ['agent'], seat: true })
    for (const id of ['nobody', 'ANA', 'ana ', '__proto__', 'constructor']) {
      expect(await ac.explain(id, VIEW), id).toMatchObject({ allowed: false, reason: 'not-granted', grantedBy: [] })
      expect(await ac.access(id), id).toEqual(NONE)
      expect(await ac.can(id, VIEW), id).toBe(false)
      expect(await ac.user(id), id).toBeUndefined()
    }
    expect(await ac.explain('ana', VIEW)).toMatchObject({ allowed: true })
    await ac.close()
  })
})

describe('R17: audit pages', () => {
  it('R17: audit({ after: 0 }) returns every entry from seq 1; after and limit page through them', async () => {
    const ac = await open(createMemoryStore())
    for (const id of ['a', 'b', 'c', 'd']) await ac.setUser({ id, roles: ['viewer'] })
    const seqs = async (q: { after?: number; limit?: number }) => (await ac.audit(q)).map((e) => e.seq)
    expect(await seqs({ after: 0 })).toEqual([1, 2, 3, 4])
    expect(await seqs({ after: 0, limit: 2 })).toEqual([1, 2])
    expect(await seqs({ after: 2 })).toEqual([3, 4])
    expect(await seqs({ after: 3, limit: 5 })).toEqual([4])
    expect(await seqs({ after: 4 })).toEqual([])
    expect(await seqs({ limit: 0 })).toEqual([])
    expect((await ac.audit({ after: 0 }))[0]).toMatchObject({
      seq: 1,
      action: 'user.set',
      target: 'a',
      tenant: 'acme',
    })
    await ac.close()
  })
})

// Every method of AccessControl (besides close) with arguments that would succeed on an open service.
type Call = (ac: AccessControl) => unknown
const CALLS: Record<Exclude<keyof AccessControl, 'tenant' | 'close'>, Call> = {
  policy: (ac) => ac.policy(),
  snapshotVersion: (ac) => ac.snapshotVersion(),
  refresh: (ac) => ac.refresh(),
  status: (ac) => ac.status(),
  createRole: (ac) => ac.createRole({ id: 'new-role', name: 'New', permissions: [VIEW] }),
  duplicateRole: (ac) => ac.duplicateRole('agent', { id: 'new-copy', name: 'Copy' }),
  updateRole: (ac) => ac.updateRole('mine', { name: 'Renamed' }),
  deleteRole: (ac) => ac.deleteRole('mine', { unassign: true }),
  setUser: (ac) => ac.setUser({ id: 'cy', roles: ['viewer'] }),
  setUsers: (ac) => ac.setUsers([{ id: 'cy', roles: ['viewer'] }]),
  importUsers: (ac) => ac.importUsers([{ id: 'cy', roles: ['viewer'] }]),
  grantSeat: (ac) => ac.grantSeat('ana'),
  revokeSeat: (ac) => ac.revokeSeat('ben'),
  setSeatLimit: (ac) => ac.setSeatLimit(10),
  seats: (ac) => ac.seats(),
  user: (ac) => ac.user('ana'),
  users: (ac) => ac.users(),
  audit: (ac) => ac.audit({ after: 0 }),
  can: (ac) => ac.can('ana', VIEW, { queue: 'billing' }),
  explain: (ac) => ac.explain('ana', VIEW, { queue: 'billing' }),
  reach: (ac) => ac.reach('ana', VIEW),
  access: (ac) => ac.access('ana'),
  grant: (ac) => ac.grant('ana'),
  check: (ac) => ac.check('ana'),
  seatReport: (ac) => ac.seatReport(),
  queueReport: (ac) => ac.queueReport(),
}

/** Every function an AccessControl offers, own or inherited (not Object's). */
function methodsOf(ac: AccessControl): string[] {
  const names = new Set<string>()
  for (let o: object | null = ac; o !== null && o !== Object.prototype; o = Object.getPrototypeOf(o)) {
    for (const name of Object.getOwnPropertyNames(o)) {
      if (name !== 'constructor' && typeof (ac as unknown as Record<string, unknown>)[name] === 'function')
        names.add(name)
    }
  }
  return [...names].sort()
}

describe('R28: after close() every method refuses with store/unavailable', () => {
  const seeded = async () => {
    const store = createMemoryStore()
    const ac = await open(store)
    await ac.createRole({ id: 'mine', name: 'Mine', permissions: [VIEW] })
    await ac.setUser({ id: 'ana', roles: ['agent'] })
    await ac.setUser({ id: 'ben', roles: ['agent'], seat: true })
    return { store, ac }
  }

  it('R28: the table of calls names every method of the service (a new method must be added here)', async () => {
    const { ac } = await seeded()
    // Nothing beyond the interface: in particular no start() that would follow the store again after close().
    expect(methodsOf(ac)).toEqual([...Object.keys(CALLS), 'close'].sort())
    // On an open service every call in the table succeeds, so a refusal below is due to close().
    for (const [name, call] of Object.entries(CALLS))
      await expect((async () => call(ac))(), name).resolves.not.toThrow()
    await ac.close()
  })

  for (const [name, call] of Object.entries(CALLS)) {
    it(`R28: ${name}() after close() rejects with store/unavailable and writes nothing`, async () => {
      const { store, ac } = await seeded()
      const before = await store.load('acme')
      await ac.close()
      await ac.close() // closing twice is fine
      expect(await rejectionCode((async () => call(ac))()), name).toBe('store/unavailable')
      expect(await store.load('acme')).toEqual(before)
    })
  }
})

describe('R17: catching up more than one page of the audit log', () => {
  it('a service more than 1,000 entries behind catches up to the final state', async () => {
    const store = createMemoryStore()
    const writer = await open(store)
    const reader = await open(deaf(store))
    await writer.setUser({ id: 'ana', roles: ['viewer'] })
    expect(await reader.refresh()).toBe(1)

    const N = 2_150
    for (let i = 0; i < N; i++)
      await writer.setUser({ id: `u${i % 700}`, roles: [Math.floor(i / 700) % 2 === 0 ? 'viewer' : 'agent'] })
    await writer.createRole({ id: 'late', name: 'Late', permissions: [TAGS] })
    await writer.setUser({ id: 'ana', roles: ['late', 'viewer'], seat: true })
    const last = N + 3
    expect(writer.snapshotVersion()).toBe(last)
    expect(reader.snapshotVersion()).toBe(1) // deaf: it has not heard of any of it

    expect(await reader.refresh()).toBe(last)
    expect(reader.snapshotVersion()).toBe(last)
    expect(reader.policy().role('late')?.permissions).toEqual([TAGS])
    expect(await reader.can('ana', TAGS)).toBe(true)
    expect(await reader.users()).toEqual(await writer.users())
    expect((await reader.users()).length).toBe(701)
    // Every pass over the 700 users flips their role: u699 was written in 3 passes, u0 in 4.
    expect(await reader.user('u699')).toMatchObject({ roles: ['viewer'], version: 3 })
    expect(await reader.user('u0')).toMatchObject({ roles: ['agent'], version: 4 })
    await Promise.all([writer.close(), reader.close()])
  }, 30_000)
})

describe('R14: setUser stores the role ids that were validated', () => {
  it('reads a roles array by its slots, not by an iterator of its own', async () => {
    const ac = await open(createMemoryStore())
    const roles = Object.assign(['agent'], { *[Symbol.iterator]() {} })
    const written = await ac.setUser({ id: 'ana', roles, seat: true })
    expect(written.roles).toEqual(['agent'])
    expect(await ac.can('ana', ASSIGN)).toBe(true)
    await ac.close()
  })
})

describe("R29: a write reads only the caller's own keys", () => {
  it('R29: a "__proto__" key from JSON.parse stays a plain key: it sets neither seat nor queues', async () => {
    const ac = await open(createMemoryStore())
    const user = JSON.parse('{"id":"ana","roles":["agent"],"__proto__":{"seat":true,"queues":["vip"]}}')
    expect(await ac.setUser(user)).toMatchObject({ seat: false, version: 1 })
    expect((await ac.user('ana'))?.queues ?? []).toEqual([])
    const [bo] = await ac.setUsers([JSON.parse('{"id":"bo","roles":["agent"],"__proto__":{"seat":true}}')])
    expect(bo?.seat).toBe(false)
    expect((await ac.seats()).held).toBe(0)
    await ac.close()
  })

  it('R29: an accessor on Object.prototype (pollution, or a library) does not change what is written', async () => {
    const ac = await open(createMemoryStore())
    let heard = 0
    Object.defineProperty(Object.prototype, 'seat', {
      configurable: true,
      get: () => undefined,
      set() {
        heard++
      },
    })
    try {
      expect(await ac.setUser({ id: 'ana', roles: ['agent'], seat: false })).toMatchObject({ seat: false })
      expect(await ac.setUsers([{ id: 'bo', roles: ['agent'], seat: true }])).toMatchObject([{ seat: true }])
    } finally {
      delete (Object.prototype as { seat?: unknown }).seat
    }
    expect(heard).toBe(0)
    expect((await ac.seats()).held).toBe(1)
    await ac.close()
  })
})
