import { describe, expect, it } from 'vitest'
import {
  can,
  conversations,
  createPolicy,
  createUserIndex,
  defineCatalogue,
  explain,
  type User,
} from '../../src/index.js'
import { SETUP_TAGS, TRANSFER, VIEW, WORK } from '../_fixtures.js'

const policy = createPolicy(conversations)
const ana: User = { id: 'ana', roles: ['agent'], seat: true, queues: ['billing'] }
const ben: User = { id: 'ben', roles: ['agent'], queues: ['billing'] }
const vic: User = { id: 'vic', roles: ['viewer'] }
const bo: User = { id: 'bo', roles: ['supervisor'], seat: true }
const sol: User = { id: 'sol', roles: ['setup'], seat: true, queues: ['billing'] }
const QUEUES = 'conversations/setup/queues'

/** Each row of the worked examples, checked through the policy, the top-level functions and the index. */
function decide(user: User, permission: string, item: { queue?: string; assignee?: string }) {
  const index = createUserIndex(policy, [user])
  const answers = [
    policy.can(user, permission, item),
    can(user, permission as never, item),
    index.can(user.id, permission, item),
    policy.explain(user, permission, item).allowed,
    index.explain(user.id, permission, item).allowed,
  ]
  expect(new Set(answers).size, `every reader agrees for ${user.id}`).toBe(1)
  expect(explain(user, permission as never, item)).toEqual(policy.explain(user, permission, item))
  return { allowed: answers[0], reason: policy.explain(user, permission, item).reason }
}

describe('the worked examples of queues and reach', () => {
  it('R20, R21: ana (agent, seat, billing) views a conversation of billing: her view reaches her queues', () => {
    expect(decide(ana, VIEW, { queue: 'billing' })).toEqual({ allowed: true, reason: 'granted' })
  })

  it("R20: ana transfers in billing: transfer inherits view's queue reach", () => {
    expect(decide(ana, TRANSFER, { queue: 'billing' })).toEqual({ allowed: true, reason: 'granted' })
  })

  it("R20: ana transfers a conversation of sales assigned to her: transfer inherits work-assigned's reach", () => {
    expect(decide(ana, TRANSFER, { queue: 'sales', assignee: 'ana' })).toEqual({ allowed: true, reason: 'granted' })
  })

  it('R21, R22: ana may not transfer a conversation of sales not assigned to her: out-of-reach', () => {
    expect(decide(ana, TRANSFER, { queue: 'sales' })).toEqual({ allowed: false, reason: 'out-of-reach' })
    const d = policy.explain(ana, TRANSFER, { queue: 'sales' })
    expect(d.reach).toEqual({ kind: 'some', queues: ['billing'], assignee: 'ana' })
    expect(d.message).toBe(
      'User "ana" may not use Transfer conversations (conversations/my-work/transfer) on this item: for them it ' +
        'reaches only in the queues they belong to (billing) and on items assigned to them; add them to queue "sales" ' +
        'or assign the item to them.',
    )
  })

  it('R23: reach(ana, transfer) is her queues and her assigned items', () => {
    expect(policy.reach(ana, TRANSFER)).toEqual({ kind: 'some', queues: ['billing'], assignee: 'ana' })
  })

  it('R5, R19: ben (agent, no seat, billing) still views billing, as a viewer member', () => {
    expect(decide(ben, VIEW, { queue: 'billing' })).toEqual({ allowed: true, reason: 'granted' })
    expect(policy.access(ben)).toMatchObject({ mode: 'viewer', queues: ['billing'], membership: 'viewer' })
  })

  it('R4, R22: ben may not transfer in billing: no-seat comes before reach', () => {
    expect(decide(ben, TRANSFER, { queue: 'billing' })).toEqual({ allowed: false, reason: 'no-seat' })
  })

  it('R23: vic (viewer, no queues) reaches no queue: out-of-reach, and reach is some with nothing in it', () => {
    expect(decide(vic, VIEW, { queue: 'billing' })).toEqual({ allowed: false, reason: 'out-of-reach' })
    expect(policy.reach(vic, VIEW)).toEqual({ kind: 'some', queues: [], assignee: null })
  })

  it('R20: bo (supervisor, seat, no queues) transfers in sales: manage-all reaches all', () => {
    expect(decide(bo, TRANSFER, { queue: 'sales' })).toEqual({ allowed: true, reason: 'granted' })
    expect(policy.reach(bo, TRANSFER)).toEqual({ kind: 'all' })
  })

  it('R4, R20: bo without a seat may not view sales: manage-all needs a seat, and view reaches his queues, none', () => {
    expect(decide({ ...bo, seat: false }, VIEW, { queue: 'sales' })).toEqual({ allowed: false, reason: 'out-of-reach' })
  })

  it('R20: sol (setup, seat, billing) manages queues on an item of sales: an unscoped permission ignores the item', () => {
    expect(decide(sol, QUEUES, { queue: 'sales' })).toEqual({ allowed: true, reason: 'granted' })
    expect(policy.reach(sol, SETUP_TAGS)).toEqual({ kind: 'all' })
  })
})

describe('R21, R22: items that are not work items, and the order of reasons', () => {
  const odd: unknown[] = [null, 7, 'billing', [], { queue: '' }, { assignee: 5 }, { queue: ['billing'] }]
  it('refuses a malformed item with invalid-item, even for an unscoped permission', () => {
    for (const item of odd) {
      expect(policy.can(ana, VIEW, item as never)).toBe(false)
      expect(policy.explain(ana, VIEW, item as never).reason).toBe('invalid-item')
      expect(policy.explain(sol, QUEUES, item as never).reason).toBe('invalid-item')
    }
  })

  it('never throws on hostile items: throwing getters, proxies, __proto__ queues', () => {
    const getter = Object.defineProperty({}, 'queue', {
      get() {
        throw new Error('no')
      },
    })
    const proxy = new Proxy(
      {},
      {
        get() {
          throw new Error('no')
        },
      },
    )
    // Through the index too, also for a permission that reaches every item (nothing left to deny it).
    const index = createUserIndex(policy, [ana, sol])
    for (const item of [getter, proxy]) {
      expect(policy.can(ana, VIEW, item)).toBe(false)
      expect(policy.explain(ana, VIEW, item).reason).toBe('invalid-item')
      expect(index.can('ana', VIEW, item)).toBe(false)
      expect(index.can('sol', QUEUES, item)).toBe(false)
      expect(index.explain('sol', QUEUES, item).reason).toBe('invalid-item')
    }
    // Queue ids that name Object.prototype members are queues like any other.
    const proto = { id: 'p', roles: ['viewer'], queues: ['constructor'] }
    expect(policy.can(proto, VIEW, { queue: 'constructor' })).toBe(true)
    expect(policy.can(proto, VIEW, { queue: '__proto__' })).toBe(false)
    expect(policy.can(proto, VIEW, { queue: 'toString' })).toBe(false)
    expect(createUserIndex(policy, [proto]).can('p', VIEW, { queue: 'hasOwnProperty' })).toBe(false)
  })

  it('takes unknown-permission, then invalid-user, then invalid-item, then the rest', () => {
    expect(policy.explain(ana, 'nope' as string, null as never).reason).toBe('unknown-permission')
    expect(policy.explain({ id: '' } as User, VIEW, null as never).reason).toBe('invalid-user')
    expect(policy.explain(vic, TRANSFER, null as never).reason).toBe('invalid-item')
    expect(policy.explain(vic, TRANSFER, { queue: 'billing' }).reason).toBe('not-granted')
  })

  it('R13, R19: a malformed queue list makes the user malformed, with or without an item', () => {
    for (const queues of ['billing', [''], ['a b'], [7], ['x'.repeat(129)]]) {
      const user = { id: 'u', roles: ['viewer'], queues } as unknown as User
      expect(policy.can(user, VIEW)).toBe(false)
      expect(policy.explain(user, VIEW).reason).toBe('invalid-user')
      expect(policy.reach(user, VIEW)).toEqual({ kind: 'none', reason: 'invalid-user' })
      expect(policy.check(user).map((p) => p.code)).toEqual(['data/invalid'])
      // The message names the field at fault, whether the list or one of its ids is wrong.
      expect(policy.explain(user, VIEW).message).toContain('"queues" must be an array of queue ids')
    }
  })

  it('R19: a repeated queue counts once', () => {
    const user = { id: 'u', roles: ['viewer'], queues: ['b', 'a', 'b'] }
    expect(policy.reach(user, VIEW)).toEqual({ kind: 'some', queues: ['a', 'b'], assignee: null })
    expect(policy.access(user).queues).toEqual(['b', 'a'])
  })

  it("R19: a long list counts each queue once too, first kept, in the user's order", () => {
    const queues = ['q9', 'q1', 'q2', 'q3', 'q1', 'q4', 'q5', 'q6', 'q7', 'q9', 'q8']
    const user = { id: 'u', roles: ['viewer'], queues }
    expect(policy.access(user).queues).toEqual(['q9', 'q1', 'q2', 'q3', 'q4', 'q5', 'q6', 'q7', 'q8'])
    const short = { id: 'u', roles: ['viewer'], queues: ['a', 'b', 'c', 'b', 'a', 'd'] }
    expect(policy.access(short).queues).toEqual(['a', 'b', 'c', 'd'])
  })
})

describe('R22, R23: where a permission reaches for a user, as a reach and in an out-of-reach message', () => {
  it('R23: reach(ana, work-assigned) is her assigned items and no queue, though she belongs to one', () => {
    expect(policy.reach(ana, WORK)).toEqual({ kind: 'some', queues: [], assignee: 'ana' })
    expect(createUserIndex(policy, [ana]).reach('ana', WORK)).toEqual({ kind: 'some', queues: [], assignee: 'ana' })
  })

  it('R22: the message lists every queue of the user, sorted, whatever their order', () => {
    const dee: User = { id: 'dee', roles: ['viewer'], queues: ['sales', 'billing', 'vip'] }
    expect(policy.explain(dee, VIEW, { queue: 'support' }).message).toBe(
      'User "dee" may not use View conversations (contact-center/conversations/view) on this item: for them it ' +
        'reaches only in the queues they belong to (billing, sales, vip); add them to queue "support".',
    )
  })
})

describe('R19: membership kinds follow from access', () => {
  it('agent when counting toward capacity, viewer with an effective queue reach, inert otherwise', () => {
    expect(policy.access(ana).membership).toBe('agent')
    expect(policy.access(ben).membership).toBe('viewer')
    expect(policy.access(sol).membership).toBe('inert')
    // No queues: no membership fields, so an item-less access() is exactly what it was.
    expect(policy.access(bo)).toEqual({
      mode: 'full',
      permissions: policy.access(bo).permissions,
      consumesSeat: true,
      needsSeat: true,
      countsTowardCapacity: true,
    })
  })
})

describe('R24: the queue report', () => {
  it('lists each queue first seen, its agents, viewers (seat-missing) and inert members; supervisors are no members', () => {
    const report = policy.queueReport([
      ana,
      ben,
      bo,
      sol,
      { id: 'cy', roles: ['viewer'], queues: ['sales', 'billing'] },
    ])
    expect(report.queues.map((q) => q.queue)).toEqual(['billing', 'sales'])
    const [billing, sales] = report.queues
    expect(billing?.agents).toEqual([{ userId: 'ana', countsTowardCapacity: true, flags: [] }])
    expect(billing?.viewers).toEqual([
      { userId: 'ben', countsTowardCapacity: false, flags: ['seat-missing'] },
      { userId: 'cy', countsTowardCapacity: false, flags: [] },
    ])
    expect(billing?.inert).toEqual([{ userId: 'sol', countsTowardCapacity: false, flags: [] }])
    expect(sales?.viewers.map((m) => m.userId)).toEqual(['cy'])
    expect(report.totals).toEqual({ queues: 2, agents: 1, viewers: 3, inert: 1 })
  })

  it('refuses malformed users together, as the seat report does', () => {
    expect(() => policy.queueReport([ana, { id: 'x', roles: [], queues: 'b' } as never])).toThrow(
      /^Queue report: user #1 is malformed \("queues" must be an array of queue ids/,
    )
  })

  it('R10, R24: flags seat-missing only on viewers; an inert member who needs a seat is not flagged', () => {
    // Setup without a seat: its permissions need one, none is effective, and no queue reach opens.
    const sam = { id: 'sam', roles: ['setup'], queues: ['billing'] }
    expect(policy.access(sam)).toMatchObject({ needsSeat: true, consumesSeat: false, membership: 'inert' })
    const [billing] = policy.queueReport([sam, ben]).queues
    expect(billing?.inert).toEqual([{ userId: 'sam', countsTowardCapacity: false, flags: [] }])
    expect(billing?.viewers).toEqual([{ userId: 'ben', countsTowardCapacity: false, flags: ['seat-missing'] }])
  })
})

describe('R20: defineCatalogue validates reach', () => {
  const base = {
    id: 't',
    name: 'T',
    version: '1',
    roles: {},
  }
  it('refuses an unknown reach and a reach on a permission with prerequisites, listing both', () => {
    const define = () =>
      defineCatalogue({
        ...base,
        permissions: {
          view: { name: 'V', description: 'd', group: 'g', reach: 'everywhere' as never },
          reply: { name: 'R', description: 'd', group: 'g', requires: ['view'], reach: 'queue' },
        },
      })
    expect(define).toThrow(expect.objectContaining({ code: 'catalogue/invalid' }))
    try {
      define()
    } catch (err) {
      expect((err as { problems: { message: string }[] }).problems.map((p) => p.message)).toEqual([
        'permission "view" has "reach" "everywhere"; use "all", "queue" or "assigned"',
        'permission "reply" declares "reach" but has prerequisites, whose reach it inherits; remove "reach"',
      ])
    }
  })

  it('keeps a declared reach on the permission', () => {
    const c = defineCatalogue({
      ...base,
      permissions: { view: { name: 'V', description: 'd', group: 'g', reach: 'queue' } },
    })
    expect(c.permissions[0]?.reach).toBe('queue')
    expect(conversations.permissions.filter((p) => p.reach).map((p) => [p.id, p.reach])).toEqual([
      ['contact-center/conversations/view', 'queue'],
      ['contact-center/conversations/work-assigned', 'assigned'],
      ['contact-center/conversations/manage-all', 'all'],
    ])
  })
})
