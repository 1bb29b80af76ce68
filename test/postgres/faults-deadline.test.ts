import { EventEmitter } from 'node:events'
import { describe, expect, it } from 'vitest'
import { createPostgresStore } from '../../src/postgres/index.js'
import { refusalOf } from '../_fixtures.js'

// Deadlines and connection errors on stand-in clients that behave as node-postgres does when
// the network goes silent or a backend is terminated; faults.test.ts does the same on the real server.

const never = (): Promise<never> => new Promise(() => undefined)

/** A pooled connection whose statements are answered by `answer`; records how it was released. */
function fakeConnection(answer: (text: string) => Promise<{ rows: unknown[] }>) {
  const conn = Object.assign(new EventEmitter(), {
    released: [] as unknown[],
    query: (text: string) => answer(text),
    release(err?: unknown) {
      conn.released.push(err)
    },
  })
  return conn
}

function fakePool(connect: () => Promise<unknown>) {
  return { totalCount: 1, options: { max: 4 }, connect, query: () => never() }
}

describe('deadlines and connection errors (stand-in clients)', () => {
  it('R27: refuses a bad deadline with data/invalid', () => {
    const client = { query: never, on: () => undefined, removeListener: () => undefined }
    for (const deadline of [0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 31, '5000', null]) {
      expect(() => createPostgresStore({ client, deadline: deadline as never })).toThrow(
        expect.objectContaining({ code: 'data/invalid' }),
      )
    }
    const hostile = {
      client,
      get deadline(): number {
        throw new Error('boom')
      },
    }
    expect(() => createPostgresStore(hostile)).toThrow(expect.objectContaining({ code: 'data/invalid' }))
    expect(() => createPostgresStore({ client, deadline: 1 })).not.toThrow()
  })

  it('R27: a pooled connection that never answers rejects at the deadline and is destroyed, its listener gone', async () => {
    const conn = fakeConnection(() => never())
    const store = createPostgresStore({ client: fakePool(async () => conn) as never, autoMigrate: false, deadline: 50 })
    const started = Date.now()
    const err = await refusalOf(store.audit('acme'))
    expect(Date.now() - started).toBeLessThan(500)
    expect(err).toMatchObject({ code: 'store/unavailable', context: { deadline: 50 } })
    expect(err.message).toContain('50 ms')
    expect(conn.released).toEqual([true])
    expect(conn.listenerCount('error')).toBe(0)
  })

  it('R27: a checkout the pool cannot serve rejects at the deadline, and a connection handed over late goes back', async () => {
    const conn = fakeConnection(async () => ({ rows: [] }))
    let handOver: (c: unknown) => void = () => undefined
    const pool = fakePool(() => new Promise((resolve) => (handOver = resolve)))
    const store = createPostgresStore({ client: pool as never, autoMigrate: false, deadline: 50 })
    const err = await refusalOf(store.load('acme'))
    expect(err).toMatchObject({ code: 'store/unavailable', context: { deadline: 50 } })
    expect(err.message).toContain('checking out')
    handOver(conn)
    await new Promise((resolve) => setTimeout(resolve, 10))
    expect(conn.released).toEqual([undefined])
  })

  it('R27: a single client that never answers still settles at the deadline', async () => {
    const client = Object.assign(new EventEmitter(), { query: () => never() })
    const store = createPostgresStore({ client: client as never, autoMigrate: false, deadline: 50 })
    expect(await refusalOf(store.load('acme'))).toMatchObject({ code: 'store/unavailable', context: { deadline: 50 } })
    expect(await refusalOf(store.audit('acme'))).toMatchObject({ code: 'store/unavailable' })
    expect(client.listenerCount('error')).toBe(0)
  })

  it('R26: a backend terminated between two statements: no unhandled error, the code of the error event, the connection destroyed', async () => {
    const killed = Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' })
    let conn: ReturnType<typeof fakeConnection>
    conn = fakeConnection(async (text) => {
      if (text === 'BEGIN') {
        // As node-postgres does when the backend dies while no statement runs: an 'error' event,
        // then every later statement fails without a code.
        setTimeout(() => conn.emit('error', killed), 0)
        return { rows: [] }
      }
      await new Promise((resolve) => setTimeout(resolve, 5))
      throw new Error('Client has encountered a connection error and is not queryable')
    })
    const store = createPostgresStore({ client: fakePool(async () => conn) as never, autoMigrate: false })
    const err = await refusalOf(store.load('acme'))
    expect(err).toMatchObject({ code: 'store/unavailable', context: { driverCode: '57P01' } })
    expect(conn.released).toEqual([killed])
    expect(conn.listenerCount('error')).toBe(0)
  })
})
