import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { conversations, createPolicy, createUserIndex, type User, type WorkItem } from '../../src/index.js'
import { MANAGE, TRANSFER, VIEW, WORK } from '../_fixtures.js'

/**
 * The index reads an item inline and finds queues in tables of its own (a faster reader on
 * the hot path, R21), so it is held here to `policy.can`, which reads items with the full
 * reader: on users in queues named like Object.prototype members, on every permission, and on
 * items that are odd or hostile (not objects, fields that are not non-empty strings, throwing
 * getters, proxies, inherited fields, `__proto__`).
 */
const policy = createPolicy(conversations)
const roleIds = policy.roles.map((r) => r.id)
const permissionIds = conversations.permissions.map((p) => p.id)
const QUEUES = ['billing', 'sales', 'constructor', 'toString', 'hasOwnProperty', '0', '1'] as const
const IDS = ['ana', 'ben', 'constructor'] as const

const throwing = (): never => {
  throw new Error('no')
}
const revoked = Proxy.revocable({}, {})
revoked.revoke()
/** Proxies, which fast-check cannot print or shrink, so only the fixed cases below use them. */
const proxies: unknown[] = [
  new Proxy({}, { get: throwing }),
  new Proxy({}, { get: () => 'billing' }),
  new Proxy([], { get: () => 'ana' }),
  revoked.proxy,
]
/** Items no generator below would make: each is read as the full reader reads it, or refused. */
const oddItems: unknown[] = [
  undefined,
  null,
  0,
  'billing',
  true,
  () => ({ queue: 'billing' }),
  [],
  Object.assign(['billing'], { queue: 'billing', assignee: 'ana' }),
  Object.defineProperty({}, 'queue', { get: throwing }),
  Object.defineProperty({ queue: 'billing' }, 'assignee', { get: throwing }),
  Object.create({ queue: 'billing', assignee: 'ana' }),
  JSON.parse('{"__proto__": {"queue": "billing"}, "assignee": "ana"}'),
  JSON.parse('{"queue": "__proto__"}'),
  { queue: 'billing', assignee: '' },
  { queue: '', assignee: 'ana' },
  { queue: new String('billing') },
  { assignee: ['ana'] },
]

/** A field as a caller might send it: a queue or id (known, inherited-looking or unknown), or anything at all. */
const field = (known: readonly string[]) =>
  fc.oneof(fc.constantFrom(...known, '__proto__', 'valueOf', 'other', ''), fc.anything())
const item = fc.oneof(
  fc.constantFrom(...oddItems),
  fc.record({ queue: field(QUEUES), assignee: field(IDS) }, { requiredKeys: [] }),
)
const users = fc.uniqueArray(
  fc.record({
    id: fc.constantFrom(...IDS),
    roles: fc.uniqueArray(fc.constantFrom(...roleIds), { maxLength: 3 }),
    seat: fc.boolean(),
    queues: fc.uniqueArray(fc.constantFrom(...QUEUES), { maxLength: 4 }),
  }),
  { selector: (u) => u.id, minLength: 1, maxLength: 3 },
)

const agree = (list: readonly User[], items: readonly unknown[], permissions = permissionIds): void => {
  const index = createUserIndex(policy, list)
  for (const user of list)
    for (const p of permissions)
      for (const it of items) {
        const expected = policy.can(user, p, it as WorkItem)
        expect(index.can(user.id, p, it as WorkItem), `${user.id} ${p} ${String(items.indexOf(it))}`).toBe(expected)
      }
}

describe('R21: the index answers item checks as the policy does, on any item', () => {
  it('on random users and items, odd and hostile ones among them', () => {
    fc.assert(
      fc.property(users, fc.array(item, { minLength: 1, maxLength: 6 }), (list, items) => agree(list, items)),
      { numRuns: 300 },
    )
  })

  it('on every odd item, for users who hold everything, in queues and not', () => {
    const list: User[] = [
      { id: 'ana', roles: ['supervisor', 'agent'], seat: true, queues: ['billing', 'constructor'] },
      { id: 'ben', roles: ['agent'], seat: true },
      { id: 'constructor', roles: ['setup', 'viewer'], seat: true, queues: ['0', 'toString'] },
    ]
    agree(list, [...oddItems, ...proxies])
  })

  it('with more queues than one bitset word holds, and more than the index keeps as bitsets', () => {
    for (const count of [40, 300]) {
      const queues = Array.from({ length: count }, (_, i) => `q${i}`)
      const list: User[] = [
        // Between them in every queue: 40 is two bitset words, 300 past the bitsets' 256.
        { id: 'ana', roles: ['agent'], seat: true, queues: queues.filter((_, i) => i % 2 === 0) },
        { id: 'ben', roles: ['viewer'], queues: queues.filter((_, i) => i % 2 === 1) },
        { id: 'cy', roles: ['supervisor'], seat: true, queues: [queues[count - 1] as string] },
      ]
      const items = [...queues, 'q-none'].flatMap((queue) => [{ queue }, { queue, assignee: 'ana' }])
      agree(list, items, [VIEW, WORK, MANAGE, TRANSFER])
    }
  })
})
