import { describe, expect, it } from 'vitest'
import { createMemoryStore, type PolicyStore, SeatguardError } from '../../src/index.js'
import { within } from '../../src/testing/_shutdown.js'
import { deaf, openService } from '../_fixtures.js'

describe('R28: a write committed while the service closes', () => {
  it('R28: resolves to its record when the snapshot wait fails because the store closed meanwhile', async () => {
    const shared = createMemoryStore()
    const writer = await openService(shared, { pollInterval: 0 })
    let storeClosed = false
    let waiting = false
    // Deaf, so the service must catch up through audit(); which fails once the store is closed.
    const closing: PolicyStore = {
      ...deaf(shared),
      audit: async (t, q) => {
        waiting = true
        await new Promise((resolve) => setTimeout(resolve, 50))
        if (storeClosed) throw new SeatguardError('store/unavailable', 'closed')
        return shared.audit(t, q)
      },
    }
    const reader = await openService(closing, { pollInterval: 0 })
    await writer.setUser({ id: 'ana', roles: ['viewer'] }) // the reader has not seen it: its own write leaves a gap
    const write = reader.setUser({ id: 'ben', roles: ['agent'] })
    while (!waiting) await new Promise((resolve) => setTimeout(resolve, 1))
    const closed = reader.close()
    storeClosed = true
    expect(await within(write, 5000, 'the write')).toMatchObject({ id: 'ben', version: 1 })
    await within(closed, 5000, 'close()')
    expect((await shared.load('acme')).users.map((u) => u.id)).toEqual(['ana', 'ben'])
    await writer.close()
  })

  it('R28: the memory store refuses calls after close() and closing twice is fine', async () => {
    const store = createMemoryStore()
    await store.close?.()
    await store.close?.()
    await expect(store.load('acme')).rejects.toMatchObject({ code: 'store/unavailable' })
    await expect(store.watch?.(() => undefined)).rejects.toMatchObject({ code: 'store/unavailable' })
    await expect(openService(store)).rejects.toMatchObject({ code: 'store/unavailable' })
  })
})

describe('R28: close() when the store cannot unsubscribe', () => {
  it('R28: still waits for the writes it accepted before it rejects with the store error', async () => {
    const shared = createMemoryStore()
    let release: () => void = () => undefined
    const gate = new Promise<void>((resolve) => (release = resolve))
    const store: PolicyStore = {
      load: (t) => shared.load(t),
      audit: (t, q) => shared.audit(t, q),
      transaction: async (t, work) => {
        await gate // every write is held in flight until the test lets go
        return shared.transaction(t, work)
      },
      watch: async (listener) => {
        await shared.watch?.(listener)
        return async () => {
          throw new Error('unsubscribe failed')
        }
      },
    }
    const ac = await openService(store, { pollInterval: 0 })
    const settled: string[] = []
    const writes = ['ana', 'ben', 'cy'].map((id) =>
      ac.setUser({ id, roles: ['viewer'] }).then(
        () => settled.push(id),
        () => settled.push(`${id}!`),
      ),
    )
    const closed = ac.close().then(
      () => 'resolved',
      (err: unknown) => (err as SeatguardError).code,
    )
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(settled).toEqual([]) // close() has not given up on them
    release()
    expect(await within(closed, 5000, 'close()')).toBe('store/unavailable')
    expect(settled.sort()).toEqual(['ana', 'ben', 'cy'])
    await Promise.all(writes)
  })
})
