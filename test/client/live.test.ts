import fc from 'fast-check'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createGuard, GrantError, type Guard } from '../../src/client/index.js'
import { conversations, createGrant, createPolicy, type Grant, SeatguardError, type User } from '../../src/index.js'
import { NOTES, TRANSFER, VIEW } from '../_fixtures.js'

const OPTIONS = { catalogue: { id: conversations.id, version: conversations.version } }
const policy = createPolicy(conversations)
/** What the browser receives: the grant after a trip through JSON. */
const wire = (user: User): Record<string, unknown> =>
  JSON.parse(JSON.stringify(createGrant(policy, user))) as Record<string, unknown>
const seated = wire({ id: 'ana', roles: ['agent'], seat: true, queues: ['billing'] })
const unseated = wire({ id: 'ana', roles: ['agent'], queues: ['billing'] })

/** Everything a page reads from a guard, to compare two guards by what they answer. */
const answers = (guard: Guard) => ({
  user: guard.user,
  mode: guard.mode,
  permissions: guard.permissions,
  decisions: conversations.permissions.map(({ id }) => [
    guard.explain(id),
    guard.explain(id, { queue: 'billing' }),
    guard.explain(id, { queue: 'sales', assignee: guard.user }),
  ]),
})

afterEach(() => {
  vi.unstubAllGlobals()
})

describe('R36: guard.update replaces the grant', () => {
  it('R36, R4: after update, user, mode, permissions, can and explain answer the new grant', () => {
    const guard = createGuard(seated, OPTIONS)
    expect([guard.mode, guard.can(TRANSFER), guard.revision]).toEqual(['full', true, 0])
    guard.update(unseated)
    expect(guard.mode).toBe('viewer')
    expect(guard.permissions).toEqual([VIEW])
    expect(guard.can(TRANSFER)).toBe(false)
    expect(guard.explain(TRANSFER, { queue: 'billing' }).reason).toBe('no-seat')
    expect(guard.revision).toBe(1)
    expect(answers(guard)).toEqual(answers(createGuard(unseated, OPTIONS)))
    guard.update(wire({ id: 'vic', roles: ['viewer'] })) // a grant for another user (a new sign-in) is read too
    expect([guard.user, guard.mode, guard.revision]).toEqual(['vic', 'viewer', 2])
  })

  it('R36: an invalid grant is refused whole with a GrantError: the old grant is kept, no listener is called', () => {
    const guard = createGuard(seated, OPTIONS)
    const before = answers(guard)
    const listener = vi.fn()
    guard.subscribe(listener)
    const refused: [unknown, GrantError['problem']][] = [
      [{ ...unseated, permissions: [VIEW, VIEW] }, 'malformed'],
      [{ ...unseated, mode: 'full', withheld: { [TRANSFER]: 'no-seat' } }, 'malformed'],
      [{ ...unseated, reach: undefined }, 'malformed'],
      [null, 'malformed'],
      [{ ...unseated, v: 2 }, 'unsupported-version'],
      [{ ...unseated, catalogue: { id: 'conversations', version: '2.0.0' } }, 'catalogue-mismatch'],
      [{ ...unseated, catalogue: { id: 'helpdesk', version: '1.0.0' } }, 'catalogue-mismatch'],
    ]
    for (const [grant, problem] of refused) {
      expect(() => guard.update(grant), problem).toThrow(
        expect.objectContaining({ name: 'GrantError', code: 'data/invalid', problem }),
      )
      expect(() => guard.update(grant)).toThrow(SeatguardError)
      expect(answers(guard), problem).toEqual(before)
      expect(guard.revision).toBe(0)
    }
    expect(listener).not.toHaveBeenCalled()
  })

  it('R36: the new grant is read once: editing it after update changes nothing', () => {
    const guard = createGuard(seated, OPTIONS)
    const next = wire({ id: 'vic', roles: ['viewer'] })
    guard.update(next)
    ;(next.permissions as string[]).push(TRANSFER)
    ;(next.withheld as Record<string, string>)[NOTES] = 'no-seat'
    expect(guard.can(TRANSFER)).toBe(false)
    expect(guard.explain(NOTES).reason).toBe('not-granted')
    expect(Object.isFrozen(guard) && Object.isFrozen(guard.permissions)).toBe(true)
    expect(() => {
      ;(guard as { mode: string }).mode = 'full'
    }).toThrow(TypeError)
  })

  it('R36: update, subscribe, can and explain work detached from the guard (as useSyncExternalStore calls subscribe)', () => {
    const guard = createGuard(seated, OPTIONS)
    const { update, subscribe, can } = guard
    const listener = vi.fn()
    const unsubscribe = subscribe(listener)
    update(unseated)
    expect([can(TRANSFER), listener.mock.calls.length]).toEqual([false, 1])
    unsubscribe()
  })

  it('R36: after any sequence of updates, valid or not, the guard answers as a guard made from the last valid grant', () => {
    const grants = [
      seated,
      unseated,
      wire({ id: 'vic', roles: ['viewer'] }),
      wire({ id: 'sue', roles: ['supervisor'], seat: true, queues: ['sales'] }),
      wire({ id: 'zoe', roles: [] }),
    ]
    const invalid = [{ ...seated, v: 2 }, { ...unseated, mode: 'none' }, 'grant', { ...seated, catalogue: null }]
    const step = fc.oneof(
      fc.constantFrom(...grants.keys()).map((i) => ({ valid: true as const, i })),
      fc.constantFrom(...invalid.keys()).map((i) => ({ valid: false as const, i })),
    )
    fc.assert(
      fc.property(fc.array(step, { maxLength: 8 }), (steps) => {
        const guard = createGuard(grants[0], OPTIONS)
        let last = grants[0]
        let changes = 0
        guard.subscribe(() => changes++)
        for (const s of steps) {
          if (s.valid) {
            last = grants[s.i]
            guard.update(last)
          } else expect(() => guard.update(invalid[s.i])).toThrow(GrantError)
        }
        const valid = steps.filter((s) => s.valid).length
        expect([guard.revision, changes]).toEqual([valid, valid])
        expect(answers(guard)).toEqual(answers(createGuard(last, OPTIONS)))
      }),
      { numRuns: 200 },
    )
  })
})

describe('R36: guard.subscribe', () => {
  it('R36: calls each listener once per successful update, and no more after its unsubscribe', () => {
    const guard = createGuard(seated, OPTIONS)
    const seen: [string, string][] = []
    const first = guard.subscribe(() => seen.push(['first', guard.mode]))
    guard.subscribe(() => seen.push(['second', guard.mode]))
    guard.update(unseated)
    first()
    first() // twice is fine
    guard.update(seated)
    expect(seen).toEqual([
      ['first', 'viewer'],
      ['second', 'viewer'],
      ['second', 'full'],
    ])
  })

  it('R36: the same function subscribed twice is two subscriptions; each unsubscribe ends its own', () => {
    const guard = createGuard(seated, OPTIONS)
    const listener = vi.fn()
    const one = guard.subscribe(listener)
    guard.subscribe(listener)
    guard.update(unseated)
    expect(listener).toHaveBeenCalledTimes(2)
    one()
    guard.update(seated)
    expect(listener).toHaveBeenCalledTimes(3)
  })

  it('R36: a listener that unsubscribes another while being called: that one is not called again, the rest are', () => {
    const guard = createGuard(seated, OPTIONS)
    const calls: string[] = []
    let second = (): void => undefined
    guard.subscribe(() => {
      calls.push('a')
      second()
    })
    second = guard.subscribe(() => calls.push('b'))
    guard.subscribe(() => calls.push('c'))
    guard.update(unseated)
    guard.update(seated)
    // b was unsubscribed before its turn, so it is not called, not even for the update under way.
    expect(calls).toEqual(['a', 'c', 'a', 'c'])
  })

  it('R36: a listener that throws stops neither the update nor the other listeners; its error is rethrown in a microtask', () => {
    const queued: (() => void)[] = []
    vi.stubGlobal('queueMicrotask', (task: () => void) => queued.push(task))
    const guard = createGuard(seated, OPTIONS)
    const boom = new Error('a broken component')
    const after = vi.fn()
    guard.subscribe(() => {
      throw boom
    })
    guard.subscribe(after)
    expect(() => guard.update(unseated)).not.toThrow()
    expect([guard.mode, guard.revision, after.mock.calls.length]).toEqual(['viewer', 1, 1])
    expect(queued).toHaveLength(1)
    expect(() => queued[0]?.()).toThrow(boom) // reported as an uncaught error, as a throwing DOM event listener is
  })

  it('R36: the revision is the snapshot useSyncExternalStore needs: the same value until a change, a new one after', () => {
    const guard = createGuard(seated, OPTIONS)
    const getSnapshot = (): number => guard.revision
    expect(getSnapshot()).toBe(getSnapshot())
    const before = getSnapshot()
    expect(() => guard.update({ ...seated, v: 2 })).toThrow(GrantError)
    expect(getSnapshot()).toBe(before)
    guard.update(createGrant(policy, { id: 'ana', roles: ['agent'], seat: true, queues: ['billing'] }) as Grant)
    expect(getSnapshot()).not.toBe(before) // every accepted grant is a change, even one that says the same
  })
})

describe('SPEC 3, R36: a grant whose reading throws', () => {
  const grant = wire({ id: 'ana', roles: ['agent'], seat: true })
  const throwing = new Proxy(
    {},
    {
      get() {
        throw new Error('a getter threw')
      },
    },
  )

  it('SPEC 3, R36: guard.update refuses a grant whose reading throws with a GrantError (a SeatguardError), the old grant kept', () => {
    const guard = createGuard(grant, OPTIONS)
    let caught: unknown
    try {
      guard.update(throwing)
    } catch (err) {
      caught = err
    }
    expect(caught).toBeInstanceOf(GrantError)
    expect(caught).toBeInstanceOf(SeatguardError)
    expect([guard.revision, guard.mode]).toEqual([0, 'full'])
  })

  it('SPEC 3, R36: a withheld map whose keys cannot be listed is refused with a GrantError too', () => {
    const guard = createGuard(grant, OPTIONS)
    const withheld = new Proxy(
      {},
      {
        ownKeys() {
          throw new Error('ownKeys threw')
        },
      },
    )
    expect(() => guard.update({ ...grant, withheld })).toThrow(GrantError)
  })

  it('SPEC 3, R36: createGuard refuses them too: a malformed grant, code data/invalid, whatever part throws', () => {
    const fail = (): never => {
      throw new Error('a trap threw')
    }
    const unlistable = new Proxy({}, { ownKeys: fail })
    const grants: unknown[] = [
      throwing,
      { ...grant, catalogue: throwing },
      { ...grant, permissions: new Proxy([], { get: fail }) },
      { ...grant, withheld: unlistable },
      { ...grant, reach: unlistable },
      { ...grant, names: unlistable },
      { ...grant, reach: { [VIEW]: throwing } },
      Object.defineProperty({ ...grant }, 'mode', { get: fail }),
    ]
    for (const [i, bad] of grants.entries()) {
      expect(() => createGuard(bad, OPTIONS), `grant #${i}`).toThrow(
        expect.objectContaining({ name: 'GrantError', code: 'data/invalid', problem: 'malformed' }),
      )
      expect(() => createGuard(bad, OPTIONS)).toThrow(SeatguardError)
    }
  })

  it('SPEC 3: options whose catalogue cannot be read are refused with a GrantError, not the getter’s own error', () => {
    const options = Object.defineProperty({}, 'catalogue', {
      get() {
        throw new Error('options threw')
      },
    }) as typeof OPTIONS
    expect(() => createGuard(grant, options)).toThrow(GrantError)
  })
})
