import { EventEmitter } from 'node:events'
import { describe, expect, it } from 'vitest'
import { SeatguardError } from '../../src/index.js'
import { createPostgresStore, type PostgresStoreOptions } from '../../src/postgres/index.js'

// R29 at createPostgresStore: its options are read once, at construction, through one reader.

/** A single client (as pg.Client) that answers every statement with no rows, and counts them. */
function answeringClient() {
  return Object.assign(new EventEmitter(), {
    sent: [] as string[],
    query(text: string) {
      this.sent.push(text)
      return Promise.resolve({ rows: [] })
    },
  })
}

function refusal(make: () => unknown): SeatguardError {
  let thrown: unknown
  try {
    make()
  } catch (err) {
    thrown = err
  }
  expect(thrown).toBeInstanceOf(SeatguardError)
  expect(thrown).toMatchObject({ code: 'data/invalid' })
  return thrown as SeatguardError
}

describe('createPostgresStore options (R29)', () => {
  it('R29: a revoked options Proxy is data/invalid', () => {
    const { proxy, revoke } = Proxy.revocable({ client: answeringClient() }, {})
    revoke()
    refusal(() => createPostgresStore(proxy as PostgresStoreOptions))
  })

  it('R29: a revoked client Proxy, or a client whose traps throw, is data/invalid', () => {
    const { proxy, revoke } = Proxy.revocable(answeringClient(), {})
    revoke()
    refusal(() => createPostgresStore({ client: proxy as never }))
    const throwing = new Proxy(answeringClient(), {
      get() {
        throw new Error('trap')
      },
    })
    refusal(() => createPostgresStore({ client: throwing as never }))
  })

  it('R29: a throwing client getter is data/invalid, with the error as cause', () => {
    const boom = new Error('boom')
    const err = refusal(() =>
      createPostgresStore({
        get client(): never {
          throw boom
        },
      }),
    )
    expect(err.cause).toBe(boom)
  })

  it('R29: autoMigrate is read once: a getter that throws on its second read never fails a later call', async () => {
    const client = answeringClient()
    let reads = 0
    const store = createPostgresStore({
      client: client as never,
      get autoMigrate(): boolean {
        if (++reads > 1) throw new Error('second read')
        return false
      },
    })
    await expect(store.load('acme')).resolves.toMatchObject({ version: 0 })
    await expect(store.audit('acme')).resolves.toEqual([])
    expect(reads).toBe(1)
    expect(client.sent.some((t) => t.includes('CREATE TABLE'))).toBe(false)
  })

  it('R29: an autoMigrate that is not a boolean is data/invalid', () => {
    for (const autoMigrate of ['false', 0, null, {}]) {
      refusal(() => createPostgresStore({ client: answeringClient() as never, autoMigrate: autoMigrate as never }))
    }
    expect(() => createPostgresStore({ client: answeringClient() as never, autoMigrate: true })).not.toThrow()
  })
})
