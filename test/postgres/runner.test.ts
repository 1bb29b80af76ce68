import { EventEmitter } from 'node:events'
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

/** A single client (as pg.Client) whose statements wait until `wake()` answers them all, in order. */
function silentClient() {
  const waiting: (() => void)[] = []
  const client = Object.assign(new EventEmitter(), {
    sent: [] as string[],
    silent: true,
    query(text: string): Promise<{ rows: unknown[] }> {
      client.sent.push(text)
      if (!client.silent) return Promise.resolve({ rows: [] })
      return new Promise((resolve) => waiting.push(() => resolve({ rows: [] })))
    },
    wake() {
      client.silent = false
      for (const answer of waiting.splice(0)) answer()
    },
  })
  return client
}

describe('pg.Client: calls queued behind a silent connection', () => {
  it('R27: 5 transactions then a read, all called at once, each settle within about one deadline of being called', async () => {
    const client = silentClient()
    const store = createPostgresStore({ client: client as never, autoMigrate: false, deadline: 100 })
    const started = Date.now()
    const settled = (p: Promise<unknown>) =>
      p.then(
        () => ({ ms: Date.now() - started, code: 'resolved' }),
        (err: { code?: string }) => ({ ms: Date.now() - started, code: err.code }),
      )
    const calls = [
      ...Array.from({ length: 5 }, (_, i) => settled(store.transaction(`t${i}`, async () => undefined))),
      settled(store.audit('t0')),
    ]
    const outcomes = await Promise.all(calls)
    for (const o of outcomes) {
      expect(o.code).toBe('store/unavailable')
      expect(o.ms).toBeLessThan(100 + 150)
    }
    // Calls given up while queued sent nothing: no BEGIN that could commit later.
    expect(client.sent.filter((t) => t === 'BEGIN').length).toBe(1)
    // Once the connection answers again, calls work.
    client.wake()
    await sleep(10)
    await expect(store.audit('t0')).resolves.toEqual([])
  })
})

describe('PGlite: a LISTEN that answers after its deadline', () => {
  it('R27: rejects at the deadline, and the listener it sets up late is taken off at once', async () => {
    let unlistened = 0
    let listening = 0
    const db = {
      query: async () => ({ rows: [] }),
      transaction: async () => undefined,
      listen: async () => {
        await sleep(80)
        listening++
        return async () => {
          unlistened++
        }
      },
    }
    const store = createPostgresStore({ client: db as never, autoMigrate: false, deadline: 20 })
    await expect(store.watch(() => undefined)).rejects.toMatchObject({
      code: 'store/unavailable',
      context: { operation: 'LISTEN' },
    })
    await sleep(120)
    expect(listening).toBe(1)
    expect(unlistened).toBe(1)
  })
})
