import { describe, expect, it } from 'vitest'
import { conversations, createPolicy, createUserIndex, type Reach, reachToSql, type User } from '../../src/index.js'
import { codeOf, errorOf, TRANSFER, VIEW, WORK } from '../_fixtures.js'

const columns = { queue: 'queue_id', assignee: 'assignee_id' }
const some = (queues: string[], assignee: string | null): Reach => ({ kind: 'some', queues, assignee })

describe('R23: reachToSql, without a database', () => {
  it('is TRUE for every item, FALSE for none and for a some that reaches nothing', () => {
    expect(reachToSql({ kind: 'all' }, columns)).toEqual({ text: 'TRUE', values: [] })
    expect(reachToSql({ kind: 'none', reason: 'no-seat' }, columns)).toEqual({ text: 'FALSE', values: [] })
    expect(reachToSql(some([], null), columns)).toEqual({ text: 'FALSE', values: [] })
  })

  it('keeps only the parts a reach has, numbered from firstParam, values as parameters', () => {
    expect(reachToSql(some(['a', 'b'], null), columns)).toEqual({ text: '(queue_id = ANY($1))', values: [['a', 'b']] })
    expect(reachToSql(some([], 'ana'), columns, 3)).toEqual({ text: '(assignee_id = $3)', values: ['ana'] })
    expect(reachToSql(some(['a'], 'ana'), { queue: 't.q', assignee: 't.a' }, 2)).toEqual({
      text: '(t.q = ANY($2) OR t.a = $3)',
      values: [['a'], 'ana'],
    })
  })

  it('copies the queue list, so the caller changing the reach later changes nothing sent', () => {
    const queues = ['a']
    const { values } = reachToSql(some(queues, null), columns)
    queues.push('b')
    expect(values).toEqual([['a']])
  })

  it('refuses columns that are not plain identifiers, a bad firstParam and what is not a reach, with data/invalid', () => {
    const bad = ['', '1a', 'a b', 'a;drop', 'a.b.c', 'a-b', '"q"', 'a.']
    for (const name of bad) {
      expect(codeOf(() => reachToSql({ kind: 'all' }, { queue: name, assignee: 'x' }))).toBe('data/invalid')
      expect(codeOf(() => reachToSql({ kind: 'all' }, { queue: 'x', assignee: name }))).toBe('data/invalid')
    }
    expect(() => reachToSql({ kind: 'all' }, { queue: 'q1', assignee: 'a_b.c_d' })).not.toThrow()
    for (const first of [0, -1, 1.5, Number.NaN])
      expect(codeOf(() => reachToSql({ kind: 'all' }, columns, first))).toBe('data/invalid')
    const notReach: unknown[] = [null, 'all', {}, { kind: 'x' }, { kind: 'some', queues: 'a', assignee: null }]
    notReach.push({ kind: 'some', queues: [1], assignee: null }, { kind: 'some', queues: [], assignee: 7 })
    for (const r of notReach) expect(codeOf(() => reachToSql(r as Reach, columns))).toBe('data/invalid')
    expect(codeOf(() => reachToSql({ kind: 'all' }, null as never))).toBe('data/invalid')
    const throwing = Object.defineProperty({}, 'kind', {
      get() {
        throw new Error('no')
      },
    })
    expect(codeOf(() => reachToSql(throwing as Reach, columns))).toBe('data/invalid')
    const throwingColumns = Object.defineProperty({}, 'queue', {
      get() {
        throw new Error('no')
      },
    })
    expect(codeOf(() => reachToSql({ kind: 'all' }, throwingColumns as never))).toBe('data/invalid')
  })

  it('names the column at fault in its message', () => {
    expect(() => reachToSql({ kind: 'all' }, { queue: 'ok', assignee: 'a b' })).toThrow(/assignee column/)
    expect(() => reachToSql({ kind: 'all' }, { queue: 'a b', assignee: 'ok' })).toThrow(/queue column/)
  })

  it('refuses a column that is not a string, even one whose text would be an identifier', () => {
    // An array or a missing field turns into 'queue_id' or 'undefined' as text: both plain identifiers.
    const odd: unknown[] = [{ queue: ['queue_id'], assignee: 'a' }, { queue: 'q', assignee: ['a'] }, { assignee: 'a' }]
    odd.push({ queue: 'q' })
    for (const c of odd) expect(codeOf(() => reachToSql({ kind: 'all' }, c as never))).toBe('data/invalid')
  })

  it('refuses a kind other than all, none and some, even with the fields of a some', () => {
    for (const kind of ['x', 'SOME', undefined])
      expect(codeOf(() => reachToSql({ kind, queues: ['a'], assignee: null } as never, columns))).toBe('data/invalid')
  })

  it('says what was wrong in each message, and keeps what a getter threw as the cause', () => {
    expect(errorOf(() => reachToSql({ kind: 'all' }, columns, 0)).message).toBe(
      'reachToSql: "firstParam" must be a whole number ≥ 1, got 0.',
    )
    expect(errorOf(() => reachToSql({ kind: 'all' }, null as never)).message).toBe(
      'reachToSql: the queue column must be a plain SQL identifier such as queue_id or items.queue_id, got null.',
    )
    for (const [r, shown] of [
      [null, 'null'],
      [{ kind: 'x' }, '{"kind":"x"}'],
    ] as const)
      expect(errorOf(() => reachToSql(r as never, columns)).message).toBe(
        `reachToSql: pass what policy.reach() returned, got ${shown}.`,
      )
    const thrown = new Error('no')
    const throwing = (key: string) =>
      Object.defineProperty({}, key, {
        get() {
          throw thrown
        },
      })
    const reachError = errorOf(() => reachToSql(throwing('kind') as never, columns))
    expect([reachError.message, reachError.cause]).toEqual(['reachToSql: the reach could not be read.', thrown])
    const columnsError = errorOf(() => reachToSql({ kind: 'all' }, throwing('queue') as never))
    expect([columnsError.message, columnsError.cause]).toEqual(['reachToSql: the columns could not be read.', thrown])
  })
})

describe('R21: item checks by id refuse what is not a work item, and reach only where they should', () => {
  const policy = createPolicy(conversations)
  const ana: User = { id: 'ana', roles: ['agent'], seat: true, queues: ['billing'] }
  const index = createUserIndex(policy, [ana])
  const odd: unknown[] = [null, 7, 'x', [], [1], { queue: '' }, { queue: 3 }, { assignee: '' }, { assignee: false }]

  it('denies a malformed item through the index as the policy does, also where the reach is all', () => {
    const sol = createUserIndex(policy, [{ id: 'sol', roles: ['setup'], seat: true }])
    for (const item of odd) {
      expect(index.can('ana', VIEW, item as never)).toBe(false)
      expect(sol.can('sol', 'conversations/setup/queues', item as never)).toBe(false)
      expect(policy.can(ana, VIEW, item as never)).toBe(false)
    }
    expect(sol.can('sol', 'conversations/setup/queues', {})).toBe(true)
  })

  it("an assigned-only reach does not admit the user's own queue, and a queue reach not their assignments", () => {
    // work-assigned reaches assigned items only, even in a queue ana belongs to.
    for (const check of [policy.can.bind(policy, ana), index.can.bind(index, 'ana')]) {
      expect(check(WORK, { queue: 'billing' })).toBe(false)
      expect(check(WORK, { queue: 'billing', assignee: 'ana' })).toBe(true)
      expect(check(VIEW, { assignee: 'ana' })).toBe(false)
      expect(check(VIEW, { queue: 'sales', assignee: 'ana' })).toBe(false)
      expect(check(TRANSFER, { queue: 'sales', assignee: 'ben' })).toBe(false)
    }
  })

  it('says where an assigned-only permission reaches, and what to do', () => {
    const d = policy.explain(ana, WORK, { queue: 'billing' })
    expect(d.reason).toBe('out-of-reach')
    expect(d.message).toBe(
      'User "ana" may not use Work on assigned conversations (contact-center/conversations/work-assigned) on this ' +
        'item: for them it reaches only on items assigned to them; assign the item to them.',
    )
    const none = policy.explain({ id: 'vic', roles: ['viewer'] }, VIEW, { assignee: 'vic' })
    expect(none.message).toBe(
      'User "vic" may not use View conversations (contact-center/conversations/view) on this item: for them it ' +
        'reaches only in the queues they belong to (they belong to none); give them a role whose permission reaches it.',
    )
  })

  it('reach and item checks of an unknown permission or user answer none and false', () => {
    expect(policy.reach(ana, 'nope' as string)).toEqual({ kind: 'none', reason: 'unknown-permission' })
    expect(policy.reach(ana, 7 as never)).toEqual({ kind: 'none', reason: 'unknown-permission' })
    expect(policy.can(ana, 'nope' as string, { queue: 'billing' })).toBe(false)
    expect(policy.can({ id: '' } as User, VIEW, { queue: 'billing' })).toBe(false)
    expect(index.reach('nobody', VIEW)).toEqual({ kind: 'none', reason: 'not-granted' })
  })
})

describe('R21: item checks by id with few and with many distinct queues', () => {
  const policy = createPolicy(conversations)
  // 3: one word of queue bits per user; 100: four words (queue numbers past 31); 300: a flat run of numbers.
  for (const count of [3, 100, 300]) {
    it(`agree with the policy when the index holds ${count} distinct queues, for every user`, () => {
      // The first user belongs to no queue and the last to two: the ends of the runs a flat index keeps.
      const users: User[] = [{ id: 'first', roles: ['viewer'] }]
      for (let i = 0; i < count; i++)
        users.push({ id: `u${i}`, roles: ['viewer'], queues: [`q${i}`, `q${(i * 7) % count}`] })
      const index = createUserIndex(policy, users)
      for (const user of users)
        for (let q = 0; q < count; q += Math.ceil(count / 50)) {
          const item = { queue: `q${q}` }
          expect(index.can(user.id, VIEW, item)).toBe(policy.can(user, VIEW, item))
        }
      expect(index.can('u1', VIEW, { queue: 'q1' })).toBe(true)
      expect(index.can('u1', VIEW, { queue: 'q2' })).toBe(false)
      expect(index.can('u1', VIEW, { queue: 'q7' })).toBe(count > 7) // u1 is in q1 and q(7 mod count)
      expect(index.can('u1', VIEW, { queue: 'elsewhere' })).toBe(false)
      expect(index.can('first', VIEW, { queue: 'q0' })).toBe(false)
      const last = `u${count - 1}`
      expect(index.can(last, VIEW, { queue: `q${count - 1}` })).toBe(true)
      expect(index.can(last, VIEW, { queue: `q${((count - 1) * 7) % count}` })).toBe(true)
    })
  }
})
