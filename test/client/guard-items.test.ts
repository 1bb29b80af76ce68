import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createGuard, describeDecision } from '../../src/client/index.js'
import { conversations, createGrant, createPolicy, type Grant, type User } from '../../src/index.js'
import { ASSIGN, MANAGE, ROUTING, TRANSFER, VIEW, WORK } from '../_fixtures.js'

const OPTIONS = { catalogue: { id: conversations.id, version: conversations.version } }
const SETUP_QUEUES = 'conversations/setup/queues'
/** Two custom roles, so reach is also inherited from work-assigned alone and missing with no basic access. */
const policy = createPolicy(conversations)
  .createRole({ id: 'assigned-only', name: 'Assigned only', permissions: [WORK, TRANSFER] })
  .createRole({ id: 'assigner', name: 'Assigner', permissions: [ASSIGN] })
/** What the browser receives: the grant after a trip through JSON. */
const wire = (grant: Grant): unknown => JSON.parse(JSON.stringify(grant))
const guardOf = (user: User) => createGuard(wire(createGrant(policy, user)), OPTIONS)

const QUEUES = ['billing', 'sales', 'support'] as const
const ODD = [null, '', 0, 1, true, {}, ['billing'], Symbol('q')] as const

describe('guard.can and guard.explain on a work item answer what the server answers (R21, R22, R25)', () => {
  it('R21, R22, R23, R25: for random users, permissions and items, guard and policy agree on can and the reason', () => {
    const ids = conversations.permissions.map((p) => p.id)
    const user = fc.record({
      id: fc.constantFrom('ana', 'ben'),
      roles: fc.uniqueArray(
        fc.constantFrom('setup', 'agent', 'analytics', 'supervisor', 'viewer', 'assigned-only', 'assigner', 'ghost'),
        { maxLength: 3 },
      ),
      seat: fc.constantFrom(true, false, undefined),
      queues: fc.option(fc.array(fc.constantFrom(...QUEUES), { maxLength: 4 }), { nil: undefined }),
    })
    const field = (ok: fc.Arbitrary<string>): fc.Arbitrary<unknown> =>
      fc.oneof(ok, fc.constant(undefined), fc.constantFrom(...ODD))
    const item: fc.Arbitrary<unknown> = fc.oneof(
      { weight: 1, arbitrary: fc.constant(undefined) },
      {
        weight: 6,
        arbitrary: fc.record(
          {
            queue: field(fc.constantFrom(...QUEUES, 'elsewhere')),
            assignee: field(fc.constantFrom('ana', 'ben', 'zoe')),
          },
          { requiredKeys: [] },
        ),
      },
      { weight: 1, arbitrary: fc.constantFrom(...ODD, 'billing', [{ queue: 'billing' }]) },
    )
    const permission = fc.oneof(
      { weight: 9, arbitrary: fc.constantFrom(...ids) },
      { weight: 1, arbitrary: fc.constant<string>('nope') },
    )
    fc.assert(
      fc.property(user, permission, item, (u, p, it) => {
        const guard = guardOf(u)
        const server = policy.explain(u, p, it as never).reason
        // The client has no catalogue: an unknown id is `not-granted`, after `invalid-item` as for any id it does not hold.
        const expected =
          server === 'unknown-permission'
            ? policy.explain(u, VIEW, it as never).reason === 'invalid-item'
              ? 'invalid-item'
              : 'not-granted'
            : server
        expect(guard.can(p, it as never)).toBe(policy.can(u, p, it as never))
        expect(guard.explain(p, it as never).reason).toBe(expected)
        expect(guard.explain(p, it as never).allowed).toBe(expected === 'granted')
        // R35: and words it as the server's decision is worded, in both audiences.
        if (server !== 'unknown-permission') {
          const [browser, decision] = [guard.explain(p, it as never), policy.explain(u, p, it as never)]
          for (const audience of ['user', 'admin'] as const)
            expect(describeDecision(browser, { audience })).toBe(describeDecision(decision, { audience }))
        }
      }),
      { numRuns: 1500 },
    )
  })

  const ana = { id: 'ana', roles: ['agent'], seat: true, queues: ['billing'] }
  const ben = { id: 'ben', roles: ['agent'], queues: ['billing'] }
  const vic = { id: 'vic', roles: ['viewer'] }
  const bo = { id: 'bo', roles: ['supervisor'], seat: true }
  const sol = { id: 'sol', roles: ['setup'], seat: true, queues: ['billing'] }
  const examples: [string, User, string, object, boolean | string][] = [
    ['ana views billing (queue)', ana, VIEW, { queue: 'billing' }, true],
    ['ana transfers in billing (inherits view’s queue reach)', ana, TRANSFER, { queue: 'billing' }, true],
    [
      'ana transfers her own in sales (inherits work-assigned)',
      ana,
      TRANSFER,
      { queue: 'sales', assignee: 'ana' },
      true,
    ],
    ['ana may not transfer in sales', ana, TRANSFER, { queue: 'sales' }, 'out-of-reach'],
    [
      'ben, seatless agent in billing, views billing as a viewer member (R5, R19)',
      ben,
      VIEW,
      { queue: 'billing' },
      true,
    ],
    ['ben may not transfer in billing', ben, TRANSFER, { queue: 'billing' }, 'no-seat'],
    ['vic, a viewer in no queue, may not view billing', vic, VIEW, { queue: 'billing' }, 'out-of-reach'],
    ['bo, supervisor with a seat, transfers in sales (manage-all reaches all)', bo, TRANSFER, { queue: 'sales' }, true],
    ['bo without a seat may not view sales', { ...bo, seat: false }, VIEW, { queue: 'sales' }, 'out-of-reach'],
    ['sol, setup, manages queues whatever the item (unscoped)', sol, SETUP_QUEUES, { queue: 'sales' }, true],
  ]
  it.each(examples)(
    'R21, R22: SPEC section 5 worked example through the guard: %s',
    (_name, user, permission, item, answer) => {
      const guard = guardOf(user)
      const decision = guard.explain(permission, item)
      expect(guard.can(permission, item)).toBe(answer === true)
      expect(decision.reason).toBe(answer === true ? 'granted' : answer)
      expect(policy.explain(user, permission, item).reason).toBe(decision.reason)
    },
  )

  it('R23, R25: the reach rows of the worked examples are what the grant carries', () => {
    expect(createGrant(policy, ana).reach[TRANSFER]).toEqual({ q: ['billing'], a: true })
    expect(policy.reach(ana, TRANSFER)).toEqual({ kind: 'some', queues: ['billing'], assignee: 'ana' })
    expect(createGrant(policy, vic).reach[VIEW]).toEqual({}) // some { queues: [], assignee: null }: no item
    expect(createGrant(policy, bo).reach[MANAGE]).toBeUndefined() // reaches all
  })

  it('R22, R35: out-of-reach and invalid-item decisions say so in a sentence for the user, with the display name', () => {
    const guard = guardOf(ana)
    expect(guard.explain(TRANSFER, { queue: 'sales' })).toEqual({
      allowed: false,
      permission: TRANSFER,
      name: 'Transfer conversations',
      reason: 'out-of-reach',
      message: "Transfer conversations isn't available on this item: it isn't in your queues or assigned to you.",
    })
    expect(guard.explain(TRANSFER, { queue: '' })).toEqual({
      allowed: false,
      permission: TRANSFER,
      name: 'Transfer conversations',
      reason: 'invalid-item',
      message: "Transfer conversations isn't available on this item: it can't be read.",
    })
    expect(Object.isFrozen(guard.explain(TRANSFER, { queue: 'sales' }))).toBe(true)
  })

  it('R21, R22: invalid-item comes before every reason but an unknown id; without an item, answers are as before', () => {
    const guard = guardOf(ben)
    expect(guard.explain(TRANSFER, null as never).reason).toBe('invalid-item') // before no-seat
    expect(guard.explain(ROUTING, { assignee: 7 } as never).reason).toBe('invalid-item') // before not-granted
    expect(guard.explain(TRANSFER).reason).toBe('no-seat')
    expect(guard.explain(TRANSFER, undefined).reason).toBe('no-seat')
    expect(guard.can(VIEW)).toBe(true)
    expect(guard.can(VIEW, {})).toBe(false) // an item in no queue and assigned to no one: out of view's reach
    expect(guard.explain(VIEW, {}).reason).toBe('out-of-reach')
  })

  it('R13, R21: a hostile item (throwing getter, revoked Proxy) is invalid-item on both sides; the guard never throws', () => {
    const guard = guardOf(ana)
    const throwing = {
      queue: 'billing',
      get assignee(): string {
        throw new Error('boom')
      },
    }
    const { proxy, revoke } = Proxy.revocable({}, {})
    revoke()
    for (const item of [throwing, proxy]) {
      expect(guard.can(TRANSFER, item)).toBe(false)
      expect(guard.explain(TRANSFER, item).reason).toBe('invalid-item')
      expect(policy.explain(ana, TRANSFER, item).reason).toBe('invalid-item')
    }
  })

  it('R25: later changes to the grant object cannot widen an item check, and an entry it cannot read only narrows', () => {
    const grant = wire(createGrant(policy, ana)) as { reach: Record<string, { q?: string[]; a?: true }> }
    const guard = createGuard(grant, OPTIONS)
    grant.reach[TRANSFER]?.q?.push('sales')
    delete grant.reach[VIEW]
    expect(guard.can(TRANSFER, { queue: 'sales' })).toBe(false)
    expect(guard.can(VIEW, { queue: 'sales' })).toBe(false)
    // A damaged entry (q not a list, a not true) reaches less, never more.
    const damaged = createGuard({ ...grant, reach: { [TRANSFER]: { q: 'billing', a: 'yes' }, [VIEW]: 7 } }, OPTIONS)
    expect(damaged.can(TRANSFER, { queue: 'billing', assignee: 'ana' })).toBe(false)
    expect(damaged.can(VIEW, { queue: 'billing' })).toBe(false)
    expect(damaged.can(TRANSFER)).toBe(true) // item-less answers do not read reach
    // A hole or an undefined in q (page-built, not JSON) never admits an item without a queue.
    const holes = createGuard({ ...grant, reach: { [VIEW]: { q: [, undefined, 'billing'] } } }, OPTIONS)
    expect(holes.can(VIEW, {})).toBe(false)
    expect(holes.can(VIEW, { queue: 'billing' })).toBe(true)
  })
})
