import { describe, expect, it } from 'vitest'
import { conversations, createAccessControl, SeatguardError } from '../../src/index.js'
import { createPostgresStore } from '../../src/postgres/index.js'

// A node-postgres Client whose server is gone: every statement fails as `pg` fails then.
function refusingClient() {
  const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })
  return {
    refused,
    client: {
      query: async () => {
        throw refused
      },
      on: () => undefined,
      removeListener: () => undefined,
    },
  }
}

describe('database failures', () => {
  it('SPEC section 3: a driver error reaches migrate() as a SeatguardError store/unavailable, with the cause kept', async () => {
    const { client, refused } = refusingClient()
    const store = createPostgresStore({ client: client as never })
    const err = await store.migrate().then(
      () => undefined,
      (e: unknown) => e,
    )
    expect(err).toBeInstanceOf(SeatguardError)
    expect(err).toMatchObject({ code: 'store/unavailable', cause: refused, context: { driverCode: 'ECONNREFUSED' } })
    expect((err as Error).message).toContain('ECONNREFUSED')
  })

  it('SPEC section 3: createAccessControl over an unreachable database rejects with store/unavailable', async () => {
    const { client } = refusingClient()
    const store = createPostgresStore({ client: client as never })
    await expect(
      createAccessControl({ catalogue: conversations, store, tenant: 'acme', pollInterval: 0 }),
    ).rejects.toMatchObject({
      code: 'store/unavailable',
    })
  })
})
