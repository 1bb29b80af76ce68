import { describe, expect, it } from 'vitest'
import { createMemoryStore } from '../../src/index.js'

// The memory store's versions(): gated by close() and reading its list defensively, as every entry is.

const hostileLists = (): unknown[] => {
  const revoked = Proxy.revocable([], {})
  revoked.revoke()
  const throwing = ['a']
  Object.defineProperty(throwing, 0, {
    get() {
      throw new Error('boom')
    },
  })
  return [7, 'acme', undefined, null, { 0: 'a', length: 1 }, [1], ['a', , 'b'], revoked.proxy, throwing]
}

describe('the memory store: versions()', () => {
  it('R29: a list that is not an array of strings, or is too long, is data/invalid', async () => {
    const store = createMemoryStore()
    for (const bad of hostileLists()) {
      await expect(store.versions?.(bad as never)).rejects.toMatchObject({ code: 'data/invalid' })
    }
    await expect(store.versions?.(Array.from({ length: 100_001 }, () => 'a'))).rejects.toMatchObject({
      code: 'data/invalid',
    })
  })

  it('R29: reads each entry once, and answers the written tenants', async () => {
    const store = createMemoryStore()
    await store.transaction('acme', async (tx) => {
      await tx.append({
        at: new Date().toISOString(),
        actor: null,
        action: 'user.set',
        target: 'ana',
        before: null,
        after: { id: 'ana', roles: [], seat: false, version: 1 },
      })
    })
    let reads = 0
    const list = new Proxy(['acme', 'globex'], {
      get(target, key, receiver) {
        if (key === '0') reads++
        return Reflect.get(target, key, receiver)
      },
    })
    expect([...((await store.versions?.(list)) ?? [])]).toEqual([['acme', 1]])
    expect(reads).toBe(1)
  })

  it('R28: after close() it rejects at once with store/unavailable', async () => {
    const store = createMemoryStore()
    await store.close?.()
    await expect(store.versions?.(['acme'])).rejects.toMatchObject({ code: 'store/unavailable' })
  })
})
