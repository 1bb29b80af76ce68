import { describe, expect, it } from 'vitest'
import { createPolicy, createUserIndex, defineCatalogue, type Policy, type User } from '../../src/index.js'

/**
 * Bitsets hold 32 permissions a word; these catalogues span three words, with prerequisites
 * that cross word boundaries (bit 31 → next word's bit 0) and chains that run through
 * the second and third words, so a wrong word offset changes an exact answer.
 */
const P = (i: number): string => `w/p${String(i).padStart(2, '0')}`
const FREE = new Set([0, 65])
const REQUIRES: Record<number, number[]> = {
  10: [66], // word 0 needs word 2, which needs word 2 again (a deep chain)
  31: [32], // the last bit of word 0 needs the first of word 1
  40: [33],
  50: [0],
  63: [64], // the last bit of word 1 needs the first of word 2
  66: [65],
  69: [40], // the last permission, word 2, needs word 1, which needs word 1 again
}
const wide = defineCatalogue({
  id: 'wide',
  name: 'Wide',
  version: '1',
  permissions: Object.fromEntries(
    Array.from({ length: 70 }, (_, i) => [
      P(i),
      {
        name: `Perm ${i}`,
        description: `Permission ${i}.`,
        group: `g${i >>> 5}`,
        seat: !FREE.has(i),
        requires: (REQUIRES[i] ?? []).map(P),
      },
    ]),
  ),
  roles: {
    everything: { name: 'Everything', permissions: Array.from({ length: 70 }, (_, i) => P(i)) },
    edge: { name: 'Edge', permissions: [10, 31, 40, 63, 66, 69].map(P) },
    basics: { name: 'Basics', permissions: [32, 33, 64, 65].map(P) },
    last: { name: 'Last', permissions: [P(69)] },
  },
  capacity: [P(64)],
})
const policy = createPolicy(wide).createRole({ id: 'tail', name: 'Tail', permissions: [P(33), P(40), P(69)] })
const ALL = wide.permissions.map((p) => p.id)
const ids = (...n: number[]): string[] => n.map(P)
const allowed = (p: Policy, user: User): string[] => ALL.filter((id) => p.can(user, id))

const edgeBasics: User = { id: 'eb', roles: ['edge', 'basics'], seat: true }
const edgeBasicsSeatless: User = { id: 'ebs', roles: ['basics', 'edge'] }
const edgeOnly: User = { id: 'edge', roles: ['edge'], seat: true }
const tail: User = { id: 'tail', roles: ['tail'], seat: true }
const last: User = { id: 'last', roles: ['last'], seat: true }
const everything: User = { id: 'all', roles: ['everything'] }

describe('catalogues wider than one bitset word (70 permissions)', () => {
  it('R1, R6: prerequisites across word boundaries and deep chains are met exactly', () => {
    const expected = ids(10, 31, 32, 33, 40, 63, 64, 65, 66, 69)
    expect(policy.access(edgeBasics)).toEqual({
      mode: 'full',
      permissions: expected,
      consumesSeat: true,
      needsSeat: true,
      countsTowardCapacity: true,
    })
    expect(allowed(policy, edgeBasics)).toEqual(expected)
  })

  it('R4, R5: without a seat only the seat-free permission of the third word stays', () => {
    expect(policy.access(edgeBasicsSeatless)).toEqual({
      mode: 'viewer',
      permissions: [P(65)],
      consumesSeat: false,
      needsSeat: true,
      countsTowardCapacity: false,
    })
    expect(allowed(policy, edgeBasicsSeatless)).toEqual([P(65)])
    expect(policy.explain(edgeBasicsSeatless, P(66))).toMatchObject({ reason: 'no-seat', grantedBy: ['edge'] })
    expect(policy.explain(edgeBasicsSeatless, P(0))).toMatchObject({ reason: 'not-granted', grantedBy: [] })
  })

  it('R6: a permission whose prerequisite sits in another word is missing-prerequisite, naming it', () => {
    expect(policy.access(edgeOnly)).toEqual({
      mode: 'none',
      permissions: [],
      consumesSeat: true,
      needsSeat: false,
      countsTowardCapacity: false,
    })
    expect(allowed(policy, edgeOnly)).toEqual([])
    expect(policy.explain(edgeOnly, P(31))).toMatchObject({
      reason: 'missing-prerequisite',
      grantedBy: ['edge'],
      missing: [P(32)],
    })
    expect(policy.explain(edgeOnly, P(63))).toMatchObject({ reason: 'missing-prerequisite', missing: [P(64)] })
    expect(policy.explain(edgeOnly, P(69))).toMatchObject({ reason: 'missing-prerequisite', missing: [P(40)] })
    expect(policy.explain(tail, P(69))).toMatchObject({ allowed: true, reason: 'granted', grantedBy: ['tail'] })
    expect(allowed(policy, tail)).toEqual(ids(33, 40, 69))
    expect(allowed(policy, last)).toEqual([])
  })

  it('R1: a role holding all 70 permissions grants all of them with a seat, and the seat-free ones without', () => {
    expect(allowed(policy, { ...everything, seat: true })).toEqual(ALL)
    expect(allowed(policy, everything)).toEqual(ids(0, 65))
    expect(policy.access(everything).permissions).toEqual(ids(0, 65))
  })

  it('R6, R10: check() reports exactly the unusable permissions of all three words, no phantom past the last', () => {
    expect(policy.check(edgeBasics)).toEqual([])
    expect(policy.check(edgeBasicsSeatless).map((p) => p.code)).toEqual(['seat/missing'])
    const edge = policy.check(edgeOnly)
    expect(edge.map((p) => [p.code, p.severity])).toEqual([
      ['assignment/unusable-permission', 'warning'],
      ['seat/unused', 'warning'],
    ])
    expect(edge[0]?.permissions).toEqual(ids(10, 31, 40, 63, 66, 69))
    expect(policy.check(last)).toEqual([
      expect.objectContaining({ code: 'assignment/unusable-permission', permissions: [P(69)] }),
      expect.objectContaining({ code: 'seat/unused' }),
    ])
    expect(policy.check(tail)).toEqual([])
    expect(policy.check({ id: 'all', roles: ['everything'], seat: true })).toEqual([])
  })

  it('R10–R12: seatReport gives exact rows and totals', () => {
    const report = policy.seatReport([edgeBasics, edgeBasicsSeatless, edgeOnly, tail, last, everything])
    expect(report.rows).toEqual([
      {
        userId: 'eb',
        label: 'Edge, Basics',
        mode: 'full',
        consumesSeat: true,
        needsSeat: true,
        countsTowardCapacity: true,
        flags: [],
      },
      {
        userId: 'ebs',
        label: 'Edge, Basics',
        mode: 'viewer',
        consumesSeat: false,
        needsSeat: true,
        countsTowardCapacity: false,
        flags: ['seat-missing'],
      },
      {
        userId: 'edge',
        label: 'Edge',
        mode: 'none',
        consumesSeat: true,
        needsSeat: false,
        countsTowardCapacity: false,
        flags: ['seat-unused'],
      },
      {
        userId: 'tail',
        label: 'No default role',
        mode: 'full',
        consumesSeat: true,
        needsSeat: true,
        countsTowardCapacity: false,
        flags: [],
      },
      {
        userId: 'last',
        label: 'Last',
        mode: 'none',
        consumesSeat: true,
        needsSeat: false,
        countsTowardCapacity: false,
        flags: ['seat-unused'],
      },
      {
        userId: 'all',
        label: 'Everything',
        mode: 'viewer',
        consumesSeat: false,
        needsSeat: true,
        countsTowardCapacity: false,
        flags: ['seat-missing'],
      },
    ])
    expect(report.totals).toEqual({
      users: 6,
      seatsUsed: 4,
      seatsNeeded: 4,
      viewers: 2,
      seatMissing: 2,
      seatUnused: 2,
    })
  })

  it('R1–R12: createUserIndex answers as the policy does, for every permission of every word', () => {
    const users = [
      edgeBasics,
      edgeBasicsSeatless,
      edgeOnly,
      tail,
      last,
      everything,
      { ...everything, id: 'all+', seat: true },
    ]
    const index = createUserIndex(policy, users)
    for (const user of users) {
      expect(
        ALL.filter((p) => index.can(user.id, p)),
        user.id,
      ).toEqual(allowed(policy, user))
      expect(index.access(user.id), user.id).toEqual(policy.access(user))
      for (const p of ALL) expect(index.explain(user.id, p), `${user.id} ${p}`).toEqual(policy.explain(user, p))
    }
    expect(ALL.filter((p) => index.can('eb', p))).toEqual(ids(10, 31, 32, 33, 40, 63, 64, 65, 66, 69))
    expect(index.seatReport()).toEqual(policy.seatReport(users))
  })
})

describe('catalogues of exactly 32 and 64 permissions: no word is read past the last', () => {
  for (const n of [32, 33, 64, 65]) {
    it(`R6, R10: with ${n} permissions the last one needs the first, and check() names only it`, () => {
      const Q = (i: number): string => `q${i}`
      const cat = defineCatalogue({
        id: `n${n}`,
        name: `N${n}`,
        version: '1',
        permissions: Object.fromEntries(
          Array.from({ length: n }, (_, i) => [
            Q(i),
            { name: `Q${i}`, description: 'q.', group: 'g', requires: i === n - 1 ? [Q(0)] : [] },
          ]),
        ),
        roles: {
          lastonly: { name: 'Last only', permissions: [Q(n - 1)] },
          first: { name: 'First', permissions: [Q(0)] },
        },
      })
      const p = createPolicy(cat)
      const lonely = { id: 'l', roles: ['lastonly'], seat: true }
      expect(p.check(lonely)).toEqual([
        expect.objectContaining({ code: 'assignment/unusable-permission', permissions: [Q(n - 1)] }),
        expect.objectContaining({ code: 'seat/unused' }),
      ])
      const both = { id: 'b', roles: ['first', 'lastonly'], seat: true }
      expect(p.check(both)).toEqual([])
      expect(p.access(both).permissions).toEqual([Q(0), Q(n - 1)])
      const index = createUserIndex(p, [lonely, both])
      expect(cat.permissions.map((x) => x.id).filter((x) => index.can('b', x))).toEqual([Q(0), Q(n - 1)])
      expect(cat.permissions.map((x) => x.id).filter((x) => index.can('l', x))).toEqual([])
    })
  }
})

describe('policies with more than ten roles: role combinations never share a key', () => {
  // Every role holds one permission of its own, so any two combinations differ. Role number
  // i (default roles first, then custom) holds r/<i>.
  const R = (i: number): string => `role${i}`
  const perm = (i: number): string => `r/${String(i).padStart(2, '0')}`
  const ROLES = 20
  const cat = defineCatalogue({
    id: 'many',
    name: 'Many',
    version: '1',
    permissions: Object.fromEntries(
      Array.from({ length: ROLES }, (_, i) => [perm(i), { name: `R${i}`, description: 'r.', group: 'g' }]),
    ),
    roles: Object.fromEntries([0, 1, 2].map((i) => [R(i), { name: `Role ${i}`, permissions: [perm(i)] }])),
    capacity: [perm(12)],
  })
  const build = (): Policy => {
    let p: Policy = createPolicy(cat)
    for (let i = 3; i < ROLES; i++) p = p.createRole({ id: R(i), name: `Role ${i}`, permissions: [perm(i)] })
    return p
  }
  // Pairs (i, j) whose numbers written one after the other name a single role k: "1,2" against "12".
  const cases: [number, number, number][] = []
  for (let i = 0; i < ROLES; i++) {
    for (let j = 0; j < ROLES; j++) {
      const k = Number(`${i}${j}`)
      if (i > 0 && i !== j && k < ROLES) cases.push([i, j, k])
    }
  }

  it('has cases to test (1,0 / 10, 1,2 / 12, …)', () => {
    expect(cases.map(([i, j, k]) => `${i},${j}/${k}`)).toContain('1,2/12')
    expect(cases.length).toBeGreaterThanOrEqual(9)
  })

  for (const pairFirst of [true, false]) {
    it(`R1, R7, R11: [i, j] and [k] answer differently, asked ${
      pairFirst ? 'pair first' : 'single first'
    }, both role orders`, () => {
      for (const [i, j, k] of cases) {
        for (const pairRoles of [
          [R(i), R(j)],
          [R(j), R(i)],
        ]) {
          const p = build() // a fresh policy: an empty combination cache
          const pair: User = { id: 'pair', roles: pairRoles, seat: true }
          const single: User = { id: 'single', roles: [R(k)], seat: true }
          const ask = (user: User) => ({
            access: p.access(user),
            can: [perm(i), perm(j), perm(k)].map((x) => p.can(user, x)),
            reasons: [perm(i), perm(j), perm(k)].map((x) => p.explain(user, x).reason),
            row: p.seatReport([user]).rows[0],
          })
          const answers = pairFirst ? [ask(pair), ask(single)] : [ask(single), ask(pair)].reverse()
          const [a, b] = answers
          const where = `${pairRoles.join('+')} vs ${R(k)}`
          expect(a?.access.permissions, where).toEqual([perm(i), perm(j)].sort())
          expect(a?.can, where).toEqual([true, true, false])
          expect(a?.reasons, where).toEqual(['granted', 'granted', 'not-granted'])
          expect(a?.access.countsTowardCapacity, where).toBe(i === 12 || j === 12)
          expect(b?.access.permissions, where).toEqual([perm(k)])
          expect(b?.can, where).toEqual([false, false, true])
          expect(b?.reasons, where).toEqual(['not-granted', 'not-granted', 'granted'])
          expect(b?.access.countsTowardCapacity, where).toBe(k === 12)
          expect(b?.row?.label, where).toBe('No default role')
          expect(p.seatReport([pair, single]).rows.map((r) => r.countsTowardCapacity)).toEqual([
            i === 12 || j === 12,
            k === 12,
          ])
        }
      }
    })
  }

  it('R1: createUserIndex keeps [i, j] and [k] apart, whichever user comes first', () => {
    for (const [i, j, k] of cases) {
      const users: User[] = [
        { id: 'pair', roles: [R(i), R(j)], seat: true },
        { id: 'riap', roles: [R(j), R(i)], seat: true },
        { id: 'single', roles: [R(k)], seat: true },
      ]
      for (const order of [users, [...users].reverse()]) {
        const index = createUserIndex(build(), order)
        const where = `${i},${j} / ${k}`
        for (const id of ['pair', 'riap']) {
          expect(
            [perm(i), perm(j), perm(k)].map((x) => index.can(id, x)),
            where,
          ).toEqual([true, true, false])
          expect(index.access(id).permissions, where).toEqual([perm(i), perm(j)].sort())
          expect(index.explain(id, perm(k)).reason, where).toBe('not-granted')
        }
        expect(
          [perm(i), perm(j), perm(k)].map((x) => index.can('single', x)),
          where,
        ).toEqual([false, false, true])
        expect(index.access('single').permissions, where).toEqual([perm(k)])
        expect(index.explain('single', perm(k)).grantedBy, where).toEqual([R(k)])
        expect(index.explain('pair', perm(i)).grantedBy, where).toEqual([R(i)])
      }
    }
  })
})
