import { afterEach, describe, expect, it, vi } from 'vitest'
import { createMemoryStore, type PolicyStore, SeatguardError } from '../../src/index.js'
import { openService } from '../_fixtures.js'

type Mode = 'ok' | 'fail' | 'hang'

/** A memory store without a feed whose catch-up reads (audit, versions) can be made to fail or hang. */
function flaky(withVersions = false) {
  const inner = createMemoryStore()
  let mode: Mode = 'ok'
  const hung: (() => void)[] = []
  const calls = { audit: 0, versions: 0 }
  const gate = async (): Promise<void> => {
    if (mode === 'hang') await new Promise<void>((resolve) => hung.push(resolve))
    // Checked after a hang too: a read that hung can then fail, as one past its deadline does.
    if (mode === 'fail') throw new SeatguardError('store/unavailable', 'The database is gone.')
  }
  const store: PolicyStore = {
    load: (t) => inner.load(t),
    transaction: (t, w) => inner.transaction(t, w),
    audit: async (t, q) => {
      calls.audit++
      await gate()
      return inner.audit(t, q)
    },
    ...(withVersions
      ? {
          versions: async (tenants: readonly string[]) => {
            calls.versions++
            await gate()
            return (await inner.versions?.(tenants)) ?? new Map()
          },
        }
      : {}),
  }
  return {
    inner,
    store,
    calls,
    set: (m: Mode) => {
      mode = m
    },
    /** Lets every hung read go on. */
    release: () => {
      for (const resolve of hung.splice(0)) resolve()
    },
  }
}

/** Lets pending promise callbacks and zero-delay timers run. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 10))

afterEach(() => {
  vi.useRealTimers()
})

describe('status() (R27)', () => {
  it('R27: is in step after the first load, stale with the error after a failed poll, in step again after the next one succeeds', async () => {
    vi.useFakeTimers()
    const f = flaky()
    const ac = await openService(f.store, { pollInterval: 1000 })
    expect(ac.status()).toEqual({ version: 0, syncedAt: Date.now(), stale: false })
    f.set('fail')
    await vi.advanceTimersByTimeAsync(1000)
    expect(ac.status()).toMatchObject({ version: 0, stale: true, error: { code: 'store/unavailable' } })
    const writer = await openService(f.inner, { pollInterval: 0 })
    await writer.setUser({ id: 'ana', roles: ['agent'] })
    f.set('ok')
    await vi.advanceTimersByTimeAsync(1000)
    const status = ac.status()
    expect(status).toEqual({ version: 1, syncedAt: Date.now(), stale: false })
    expect('error' in status).toBe(false)
    await ac.close()
  })

  it('R27: becomes stale when a catch-up hangs past twice pollInterval, and in step once it completes', async () => {
    vi.useFakeTimers()
    const f = flaky()
    const ac = await openService(f.store, { pollInterval: 1000 })
    f.set('hang')
    await vi.advanceTimersByTimeAsync(1000) // the poll starts and hangs
    expect(ac.status().stale).toBe(false)
    await vi.advanceTimersByTimeAsync(1500) // 2.5 s since the last catch-up
    expect(ac.status()).toMatchObject({ stale: true })
    expect(ac.status().error).toBeUndefined()
    await vi.advanceTimersByTimeAsync(5000)
    expect(f.calls.audit).toBe(1) // polls during a hung catch-up wait for it instead of piling up reads
    f.set('ok')
    f.release()
    await vi.advanceTimersByTimeAsync(0)
    expect(ac.status()).toMatchObject({ stale: false, syncedAt: Date.now() })
    await ac.close()
  })

  it('R27: with a shared poll (versions), a failing or hanging store makes the tenant stale, and a later poll clears it', async () => {
    vi.useFakeTimers()
    const f = flaky(true)
    const ac = await openService(f.store, { pollInterval: 1000 })
    f.set('fail')
    await vi.advanceTimersByTimeAsync(1000)
    expect(ac.status()).toMatchObject({ stale: true, error: { code: 'store/unavailable' } })
    expect(f.calls.versions).toBe(2) // a failed round goes again at once, once, not at every tick
    f.set('ok')
    await vi.advanceTimersByTimeAsync(1000)
    expect(ac.status()).toMatchObject({ stale: false })
    f.set('hang')
    await vi.advanceTimersByTimeAsync(3000)
    expect(ac.status()).toMatchObject({ stale: true })
    expect(f.calls.versions).toBe(4) // the hung round is not stacked on
    f.set('ok')
    f.release()
    await vi.advanceTimersByTimeAsync(1000)
    expect(ac.status()).toMatchObject({ stale: false })
    expect(f.calls.audit).toBe(0)
    await ac.close()
  })

  it('R27: with polling off, only a failed catch-up makes it stale', async () => {
    vi.useFakeTimers()
    const f = flaky()
    const ac = await openService(f.store, { pollInterval: 0 })
    await vi.advanceTimersByTimeAsync(3_600_000)
    expect(ac.status().stale).toBe(false)
    f.set('fail')
    await expect(ac.refresh()).rejects.toMatchObject({ code: 'store/unavailable' })
    expect(ac.status()).toMatchObject({ stale: true, error: { code: 'store/unavailable' } })
    await ac.close()
  })
})

describe('refresh() during a slow catch-up (R27)', () => {
  it('R27: a refresh waits for the catch-up after the one under way, never for catch-ups asked for after it', async () => {
    const f = flaky()
    const ac = await openService(f.store, { pollInterval: 0 })
    f.set('hang')
    const done: string[] = []
    const x = ac.refresh().then(() => done.push('x'))
    await settle()
    const a = ac.refresh().then(() => done.push('a')) // its read must start after it was asked: the next round
    f.release() // x's read completes; a's round starts and hangs
    await settle()
    expect(done).toEqual(['x'])
    const b = ac.refresh().then(() => done.push('b'))
    f.release() // a's round completes; b's starts and hangs
    await settle()
    expect(done).toEqual(['x', 'a'])
    f.set('ok')
    f.release()
    await Promise.all([x, a, b])
    expect(done).toEqual(['x', 'a', 'b'])
    await ac.close()
  })

  it('R27: a failed catch-up rejects the refresh calls sharing it with its error, and the next refresh tries again', async () => {
    const f = flaky()
    const ac = await openService(f.store, { pollInterval: 0 })
    f.set('hang')
    const first = ac.refresh()
    await settle()
    const joined = ac.refresh() // asked during the hung read: it would need the next round
    f.set('fail')
    f.release() // the hung read fails, as one past its deadline does
    const results = await Promise.allSettled([first, joined])
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected'])
    expect(f.calls.audit).toBe(1) // no second round against a store that just failed
    f.set('ok')
    await expect(ac.refresh()).resolves.toBe(0)
    expect(ac.status().stale).toBe(false)
    await ac.close()
  })
})
