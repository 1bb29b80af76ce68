import { EventEmitter } from 'node:events'
import { describe, expect, it, onTestFinished } from 'vitest'
import { createPostgresStore } from '../../src/postgres/index.js'

// The shared LISTEN connection of a pool, on a stand-in pool whose connections throw on a
// second release, as pg-pool does ("Release called on client which has already been released").

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

type Answer = (conn: FakeConnection, text: string) => Promise<{ rows: unknown[] }>

class FakeConnection extends EventEmitter {
  releases = 0
  constructor(private readonly answer: Answer) {
    super()
  }
  query(text: string): Promise<{ rows: unknown[] }> {
    return this.answer(this, text)
  }
  release(): void {
    this.releases++
    if (this.releases > 1) throw new Error('Release called on client which has already been released to the pool.')
  }
}

/** A pool handing out one connection per checkout, each answering LISTEN with the next of `answers`. */
function fakePool(answers: Answer[]) {
  const handed: FakeConnection[] = []
  const pool = {
    totalCount: 1,
    options: { max: 4 },
    handed,
    query: () => new Promise(() => undefined),
    connect: async () => {
      const answer = answers[Math.min(handed.length, answers.length - 1)] ?? (async () => ({ rows: [] }))
      const conn = new FakeConnection(answer)
      handed.push(conn)
      return conn
    },
  }
  return pool
}

/** Collects unhandled rejections and uncaught exceptions for the rest of the test. */
function crashes(): unknown[] {
  const seen: unknown[] = []
  const onCrash = (err: unknown): void => void seen.push(err)
  process.on('unhandledRejection', onCrash)
  process.on('uncaughtException', onCrash)
  onTestFinished(() => {
    process.off('unhandledRejection', onCrash)
    process.off('uncaughtException', onCrash)
  })
  return seen
}

const answered: Answer = async () => ({ rows: [] })

describe('the shared LISTEN connection (stand-in pool)', () => {
  it('R26: the socket failing while a reconnect LISTENs releases the connection once, with no unhandled rejection', async () => {
    const seen = crashes()
    // As pg does: the 'error' event at once, the statement's rejection a tick later.
    const failing: Answer = (conn) => {
      conn.emit('error', new Error('read ECONNRESET'))
      return new Promise((_, reject) => setTimeout(() => reject(new Error('Connection terminated unexpectedly')), 1))
    }
    const pool = fakePool([answered, failing, answered])
    const store = createPostgresStore({ client: pool as never, autoMigrate: false, deadline: 200 })
    const unwatch = await store.watch(() => undefined)
    pool.handed[0]?.emit('end')
    // The reconnect after 0.1 s fails, the next one after 0.2 s more succeeds.
    for (let i = 0; i < 100 && pool.handed.length < 3; i++) await sleep(10)
    await sleep(20)
    expect(pool.handed.length).toBe(3)
    expect(pool.handed.map((c) => c.releases)).toEqual([1, 1, 0])
    await unwatch()
    expect(pool.handed[2]?.releases).toBe(1)
    expect(seen.map(String)).toEqual([])
  })

  it('R26/R28: the last store stopping while a reconnect LISTENs releases the connection once', async () => {
    const seen = crashes()
    let failListen: (err: Error) => void = () => undefined
    const pending: Answer = () => new Promise((_, reject) => (failListen = reject))
    const pool = fakePool([answered, pending])
    const store = createPostgresStore({ client: pool as never, autoMigrate: false, deadline: 1000 })
    const unwatch = await store.watch(() => undefined)
    pool.handed[0]?.emit('end')
    for (let i = 0; i < 100 && pool.handed.length < 2; i++) await sleep(10)
    expect(pool.handed.length).toBe(2)
    await unwatch()
    // Destroying the connection fails the LISTEN under way, as pg does.
    failListen(new Error('Connection terminated'))
    await sleep(20)
    expect(pool.handed.map((c) => c.releases)).toEqual([1, 1])
    expect(seen.map(String)).toEqual([])
  })
})
