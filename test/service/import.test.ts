import { describe, expect, it } from 'vitest'
import {
  type AccessControl,
  type BatchUserInput,
  conversations,
  createAccessControl,
  createMemoryStore,
  type ImportProgress,
  type PolicyStore,
  SeatguardError,
} from '../../src/index.js'
import { revoked } from '../../src/testing/_hostile.js'
import { within } from '../../src/testing/_shutdown.js'
import { behindAndFlaky, refusalOf } from '../_fixtures.js'

// R38: importUsers streams consecutive setUsers batches, reports progress, and stops at the
// first failed batch with an error naming the batch and the user; earlier batches stay written.

const open = (store: PolicyStore): Promise<AccessControl> =>
  createAccessControl({ catalogue: conversations, store, tenant: 'acme', pollInterval: 0 })

function* people(n: number, at = (i: number): BatchUserInput => ({ id: `u${i}`, roles: ['viewer'] })) {
  for (let i = 0; i < n; i++) yield at(i)
}

async function* slowly<T>(items: Iterable<T>): AsyncGenerator<T> {
  for (const item of items) {
    await Promise.resolve()
    yield item
  }
}

describe('R38: importUsers', () => {
  it('R38: streams a generator as batches, reporting { written, unchanged, batches } after each', async () => {
    const store = createMemoryStore()
    const ac = await open(store)
    await ac.setUsers([
      { id: 'u3', roles: ['viewer'] },
      { id: 'u4', roles: ['agent'] },
    ])
    const seen: ImportProgress[] = []
    const totals = await ac.importUsers(people(10), {
      batchSize: 4,
      actor: 'sync',
      onProgress: (p) => void seen.push(p),
    })
    expect(totals).toEqual({ written: 9, unchanged: 1, batches: 3 })
    expect(seen).toEqual([
      { written: 3, unchanged: 1, batches: 1 },
      { written: 7, unchanged: 1, batches: 2 },
      { written: 9, unchanged: 1, batches: 3 },
    ])
    expect((await ac.users()).length).toBe(10)
    const log = await ac.audit({ after: 2 })
    expect(log.map((e) => e.target)).toEqual(['u0', 'u1', 'u2', 'u4', 'u5', 'u6', 'u7', 'u8', 'u9'])
    expect(log.every((e) => e.actor === 'sync' && e.action === 'user.set')).toBe(true)
    expect(ac.snapshotVersion()).toBe(11) // read your own writes, batch after batch
  })

  it('R38: takes an async iterable and awaits a promise onProgress returns before the next batch', async () => {
    const ac = await open(createMemoryStore())
    const order: string[] = []
    const totals = await ac.importUsers(slowly(people(5)), {
      batchSize: 2,
      onProgress: async (p) => {
        await new Promise((resolve) => setTimeout(resolve, 5))
        order.push(`progress ${p.batches} at ${ac.snapshotVersion()}`)
      },
    })
    expect(totals).toEqual({ written: 5, unchanged: 0, batches: 3 })
    expect(order).toEqual(['progress 1 at 2', 'progress 2 at 4', 'progress 3 at 5'])
    expect(await ac.importUsers([])).toEqual({ written: 0, unchanged: 0, batches: 0 })
  })

  it('R38: a failed batch stops the import, naming the batch and the user; the batches before it stay written', async () => {
    const store = createMemoryStore()
    const ac = await open(store)
    let closed = false
    const source = (function* () {
      try {
        yield* people(12, (i) => ({ id: `u${i}`, roles: i === 9 ? ['agent', 'supervisor'] : ['viewer'] }))
      } finally {
        closed = true
      }
    })()
    const progress: ImportProgress[] = []
    const err = await refusalOf(ac.importUsers(source, { batchSize: 4, onProgress: (p) => void progress.push(p) }))
    expect(err.code).toBe('assignment/exclusive-roles')
    expect(err.message).toMatch(
      /^importUsers: batch 3 \(users\[8\] to users\[11\]\) was not written: importUsers: users\[9\] \("u9"\): /,
    )
    expect(err.message).toMatch(
      /The 2 batches before it stay written \(users\[0\] to users\[7\]: 8 written, 0 unchanged\); resume from users\[8\]\.$/,
    )
    expect(err.context).toMatchObject({ batch: 3, index: 9, user: 'u9', written: 8, unchanged: 0, batches: 2 })
    expect(err.problems.filter((p) => p.severity === 'error').map((p) => p.path)).toEqual(['users[9]'])
    expect(err.cause).toBeInstanceOf(SeatguardError)
    expect(progress.map((p) => p.batches)).toEqual([1, 2])
    expect((await ac.users()).map((u) => u.id)).toEqual(['u0', 'u1', 'u2', 'u3', 'u4', 'u5', 'u6', 'u7'])
    expect((await store.audit('acme')).length).toBe(8)
    expect(closed).toBe(true) // the source was closed, not left open
  })

  it('R38: a source that throws stops the import with data/invalid; a stale expectedVersion is named too', async () => {
    const ac = await open(createMemoryStore())
    const broken = (function* () {
      yield* people(3)
      throw new Error('disk gone')
    })()
    const err = await refusalOf(ac.importUsers(broken, { batchSize: 2 }))
    expect(err.code).toBe('data/invalid')
    expect(err.message).toBe(
      'importUsers: reading users[3] from the source failed (disk gone); the users read since the last batch were not written. The 1 batch before it stay written (users[0] to users[1]: 2 written, 0 unchanged); resume from users[2].',
    )
    expect((err.cause as Error).message).toBe('disk gone')
    expect((await ac.users()).length).toBe(2)
    const stale = await refusalOf(ac.importUsers([{ id: 'u0', roles: ['agent'], expectedVersion: 7 }]))
    expect(stale.code).toBe('store/conflict')
    expect(stale.context).toMatchObject({ batch: 1, index: 0, user: 'u0', batches: 0 })
    expect(stale.message).toMatch(/No batch was written before it\.$/)
  })

  it('R38/R29: options and sources are validated before anything is written', async () => {
    const store = createMemoryStore()
    const ac = await open(store)
    const bad: [unknown, unknown][] = [
      [people(1), { batchSize: 0 }],
      [people(1), { batchSize: 10_001 }],
      [people(1), { batchSize: 2.5 }],
      [people(1), { batchSize: '10' }],
      [people(1), { onProgress: 'log' }],
      [people(1), { dryRun: true }],
      [people(1), { expectedVersion: 0 }],
      [people(1), { actor: 7 }],
      [people(1), 'fast'],
      [people(1), revoked({})],
      ['u0,u1', undefined],
      [42, undefined],
      [null, undefined],
      [{ [Symbol.iterator]: () => 7 }, undefined],
      [revoked([]), undefined],
      [{ next: () => ({ done: true }) }, undefined], // an iterator, not an iterable
    ]
    for (const [i, [source, opts]] of bad.entries()) {
      const err = await refusalOf(ac.importUsers(source as never, opts as never))
      expect(err.code, `case ${i}`).toBe('data/invalid')
    }
    expect(await store.load('acme')).toEqual({ version: 0, roles: [], users: [] })
    // next() answering something that is no iterator result is the source's failure.
    const odd = { [Symbol.iterator]: () => ({ next: () => 7 }) }
    expect((await refusalOf(ac.importUsers(odd as never))).message).toMatch(/^importUsers: reading users\[0\]/)
  })

  it('R38: onProgress that throws stops the import with data/invalid; what was written stays', async () => {
    const ac = await open(createMemoryStore())
    let closed = false
    const source = (function* () {
      try {
        yield* people(6)
      } finally {
        closed = true
      }
    })()
    const err = await refusalOf(
      ac.importUsers(source, {
        batchSize: 2,
        onProgress: (p) => {
          if (p.batches === 2) throw new Error('ui gone')
        },
      }),
    )
    expect(err.code).toBe('data/invalid')
    expect(err.message).toMatch(/^importUsers: onProgress threw after batch 2, so the import stopped there/)
    expect((await ac.users()).length).toBe(4)
    expect(closed).toBe(true)
  })

  it('R38/R28: an import on a closed service is refused; closing mid-import stops it with store/unavailable', async () => {
    const store = createMemoryStore()
    const ac = await open(store)
    const err = await refusalOf(
      ac.importUsers(slowly(people(10)), {
        batchSize: 3,
        onProgress: (p) => {
          if (p.batches === 1) void ac.close()
        },
      }),
    )
    expect(err.code).toBe('store/unavailable')
    expect(err.context).toMatchObject({ batch: 2, batches: 1 })
    expect((await store.load('acme')).users.length).toBe(3)
    expect((await refusalOf(ac.importUsers(people(1)))).code).toBe('store/unavailable')
  })

  it('R28/R38: close() stops an import waiting on a source that never yields, or on an onProgress that never settles', async () => {
    const store = createMemoryStore()
    const ac = await open(store)
    let returned = 0
    // Yields two users, then waits forever for the third (a stalled network stream).
    const stalled = (): AsyncIterable<BatchUserInput> => ({
      [Symbol.asyncIterator]: () => {
        let i = 0
        return {
          next: () =>
            i < 2
              ? Promise.resolve({ done: false, value: { id: `u${i++}`, roles: ['viewer'] } })
              : new Promise(() => {}),
          return: () => {
            returned++
            return Promise.resolve({ done: true, value: undefined })
          },
        }
      },
    })
    const waiting = ac.importUsers(stalled(), { batchSize: 1 }).then(
      () => undefined,
      (e: unknown) => e,
    )
    await expect.poll(async () => (await store.load('acme')).users.length).toBe(2)
    await within(ac.close(), 2000, 'close()')
    const err = (await within(waiting, 2000, 'the import')) as SeatguardError
    expect(err).toBeInstanceOf(SeatguardError)
    expect(err.code).toBe('store/unavailable')
    expect(err.message).toMatch(
      /^importUsers: the service was closed while the import waited for users\[2\] from the source/,
    )
    expect(err.message).toMatch(
      /The 2 batches before it stay written \(users\[0\] to users\[1\]: 2 written, 0 unchanged\); resume from users\[2\]\.$/,
    )
    expect(err.context).toMatchObject({ batch: 3, written: 2, batches: 2 })
    expect(returned).toBe(1) // the source was closed
    // The same for an onProgress that never settles: close() does not wait on it forever.
    const other = await open(store)
    const stuck = other
      .importUsers(
        people(3, (i) => ({ id: `p${i}`, roles: ['viewer'] })),
        { batchSize: 1, onProgress: () => new Promise(() => {}) },
      )
      .then(
        () => undefined,
        (e: unknown) => e,
      )
    await expect.poll(async () => (await store.audit('acme')).length).toBe(3)
    await within(other.close(), 2000, 'close()')
    const late = (await within(stuck, 2000, 'the import')) as SeatguardError
    expect(late.code).toBe('store/unavailable')
    expect(late.message).toMatch(/^importUsers: the service was closed while onProgress ran after batch 1/)
    expect(late.context).toMatchObject({ written: 1, batches: 1 })
  })

  it('R38: a user id given twice in one import is refused whatever the batch size (not "last one wins" across batches)', async () => {
    const users = [
      { id: 'ana', roles: ['agent'], seat: true },
      { id: 'ana', roles: ['viewer'], seat: false },
    ]
    const twice =
      'importUsers: users[1] ("ana"): this user is given twice in the import (also at users[0]); give each user once, in the state it should end in.'
    // In one batch: refused, as docs/storage.md says ("the last one wins" would drop a change).
    const inOne = await refusalOf((await open(createMemoryStore())).importUsers(users, { batchSize: 2 }))
    expect(inOne.code).toBe('data/invalid')
    expect(inOne.problems.map((p) => [p.path, p.message])).toEqual([['users[1]', twice]])
    // Across a batch boundary: refused the same way; the batch before it stays written, as documented.
    const store = createMemoryStore()
    const across = await (await open(store)).importUsers(users, { batchSize: 1 }).then(
      () => undefined,
      (e: unknown) => e,
    )
    expect(across, `stored: ${JSON.stringify((await store.load('acme')).users)}`).toBeInstanceOf(SeatguardError)
    const err = across as SeatguardError
    expect(err.code).toBe('data/invalid')
    expect(err.problems.map((p) => [p.path, p.message])).toEqual([['users[1]', twice]])
    expect(err.context).toMatchObject({ batch: 2, index: 1, user: 'ana', written: 1, batches: 1 })
    expect((await store.load('acme')).users).toEqual([{ id: 'ana', roles: ['agent'], seat: true, version: 1 }])
    // A later import is another import: the id may come again, and is written as given.
    const again = await (await open(store)).importUsers([users[1] as BatchUserInput], { batchSize: 1 })
    expect(again).toEqual({ written: 1, unchanged: 0, batches: 1 })
  })

  it('R26/R38: a batch that committed is not reported as "not written" when the catch-up after it fails', async () => {
    // The store answers each commit, then fails the audit read the writer needs to catch up: ac
    // is one entry behind (another service wrote `theirs`), so its own entries leave a gap.
    const { store, ac, state } = await behindAndFlaky()
    state.down = true
    const seen: ImportProgress[] = []
    const mine = [
      { id: 'mine', roles: ['viewer'] },
      { id: 'also', roles: ['viewer'] },
    ]
    // Each batch committed, so each counts as written and the import goes on (R26: a committed write resolves).
    const totals = await ac.importUsers(mine, { batchSize: 1, onProgress: (p) => void seen.push(p) })
    expect(totals).toEqual({ written: 2, unchanged: 0, batches: 2 })
    expect(seen.map((p) => p.batches)).toEqual([1, 2])
    expect((await store.load('acme')).users.map((u) => u.id)).toEqual(['theirs', 'mine', 'also'])
    // The snapshot could not catch up: it stays whole at its version, and status() says it is stale, and why.
    expect(ac.snapshotVersion()).toBe(0)
    expect(ac.status()).toMatchObject({ stale: true, error: { code: 'store/unavailable' } })
    state.down = false
    expect(await ac.refresh()).toBe(3)
    expect(ac.status().stale).toBe(false)
    expect((await ac.users()).map((u) => u.id)).toEqual(['theirs', 'mine', 'also'])
  })
})
