import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  type Catalogue,
  conversations,
  createPolicy,
  defineCatalogue,
  type Policy,
  SeatguardError,
  type User,
  type WorkItem,
} from '../../src/index.js'
import {
  assertPolicy,
  type PolicyInvariant,
  PolicyInvariantError,
  type PolicyLike,
  policyInvariants,
} from '../../src/testing/index.js'

const TRANSFER = 'conversations/my-work/transfer'
const VIEW = 'contact-center/conversations/view'
const TAGS = 'conversations/my-work/tags'
const built: Policy = createPolicy(conversations)

/** A patched check: the arguments as `can` takes them, ids as plain strings. */
const can = (fn: (u: User, p: string, item?: WorkItem) => boolean): PolicyLike['can'] => fn as PolicyLike['can']

/** A policy object whose members are the real ones, bound, except those given. */
function patched(base: PolicyLike, overrides: Partial<PolicyLike>): PolicyLike {
  return {
    catalogue: base.catalogue,
    roles: base.roles,
    can: base.can.bind(base),
    explain: base.explain.bind(base),
    access: base.access.bind(base),
    reach: base.reach.bind(base),
    seatReport: base.seatReport.bind(base),
    queueReport: base.queueReport.bind(base),
    ...overrides,
  }
}

/** The built-in catalogue with some permissions redefined: an evaluator that reads other facts. */
function catalogueWith(change: Record<string, { seat?: boolean; requires?: string[] }>): Catalogue {
  const permissions = Object.fromEntries(
    conversations.permissions.map((p) => [
      p.id,
      {
        name: p.name,
        description: p.description,
        group: p.group,
        seat: change[p.id]?.seat ?? p.seat,
        requires: change[p.id]?.requires ?? [...p.requires],
        ...(p.reach !== undefined && (change[p.id]?.requires ?? p.requires).length === 0 ? { reach: p.reach } : {}),
      },
    ]),
  )
  const roles = Object.fromEntries(
    conversations.roles.map((r) => [r.id, { name: r.name, permissions: [...r.permissions] }]),
  )
  return defineCatalogue({
    id: conversations.id,
    name: conversations.name,
    version: conversations.version,
    permissions,
    roles,
    exclusive: conversations.exclusive.map((x) => ({ roles: [...x.roles] as [string, string], reason: x.reason })),
    capacity: [...conversations.capacity],
  } as never) as Catalogue
}

/** The error assertPolicy throws on `policy`, running only the invariants of `rule` (all when absent). */
function failure(policy: PolicyLike, rule?: string, numRuns = 200): PolicyInvariantError {
  const invariants = rule === undefined ? undefined : policyInvariants.filter((i: PolicyInvariant) => i.rule === rule)
  try {
    // A fixed seed: CI must not pass or fail by luck (the seed is varied by hand when the mutants change).
    assertPolicy(fc, policy, { numRuns, seed: 20261202, ...(invariants ? { invariants } : {}) })
  } catch (err) {
    if (err instanceof PolicyInvariantError) return err
    throw err
  }
  throw new Error(`assertPolicy passed on a policy built to break ${rule ?? 'an invariant'}`)
}

describe('R31: the invariants hold on sound policies', { timeout: 60_000 }, () => {
  it('R31: every invariant is named by its rule', () => {
    expect(policyInvariants.map((i) => i.rule)).toEqual([
      'R1',
      'R4',
      'R5',
      'R6',
      'R7',
      'R10',
      'R11',
      'R12',
      'R21',
      'R23',
    ])
  })

  it('R31: assertPolicy passes on the built-in catalogue, with and without custom roles', () => {
    assertPolicy(fc, built, { numRuns: 300 })
    const edited = built
      .duplicateRole('agent', { id: 'junior', name: 'Junior agent' })
      .updateRole('junior', { permissions: [VIEW, TAGS, TRANSFER] })
      .createRole({ id: 'tags-only', name: 'Tags only', permissions: [TAGS] })
      .createRole({ id: 'empty', name: 'Nothing', permissions: [] })
    assertPolicy(fc, edited, { numRuns: 300 })
  })

  it('R31: assertPolicy passes on random catalogues with prerequisites, reaches, capacity and custom roles', () => {
    const world = fc.integer({ min: 1, max: 12 }).chain((n) =>
      fc.record({
        seat: fc.array(fc.boolean(), { minLength: n, maxLength: n }),
        requires: fc.array(fc.uniqueArray(fc.nat(), { maxLength: 3 }), { minLength: n, maxLength: n }),
        reach: fc.array(fc.constantFrom(undefined, 'all', 'queue', 'assigned'), { minLength: n, maxLength: n }),
        roles: fc.array(fc.uniqueArray(fc.nat({ max: n - 1 }), { maxLength: 6 }), { minLength: 1, maxLength: 4 }),
        customs: fc.array(fc.uniqueArray(fc.nat({ max: n - 1 }), { maxLength: 6 }), { maxLength: 3 }),
        capacity: fc.uniqueArray(fc.nat({ max: n - 1 }), { maxLength: 2 }),
      }),
    )
    fc.assert(
      fc.property(world, (w) => {
        const id = (i: number): string => `p${i}`
        const reqs = w.requires.map((r, i) => (i === 0 ? [] : [...new Set(r.map((q) => id(q % i)))]))
        const catalogue = defineCatalogue({
          id: 'random',
          name: 'Random',
          version: '1',
          permissions: Object.fromEntries(
            w.seat.map((seat, i) => [
              id(i),
              {
                name: `Permission ${i}`,
                description: 'd',
                group: 'g',
                seat,
                requires: reqs[i] ?? [],
                ...((reqs[i] ?? []).length === 0 && w.reach[i] ? { reach: w.reach[i] } : {}),
              },
            ]),
          ),
          roles: Object.fromEntries(w.roles.map((ps, r) => [`r${r}`, { name: `Role ${r}`, permissions: ps.map(id) }])),
          exclusive: w.roles.length >= 2 ? [{ roles: ['r0', 'r1'], reason: 'Random pair.' }] : [],
          capacity: w.capacity.map(id),
        } as never) as Catalogue
        let policy = createPolicy(catalogue).duplicateRole('r0', { id: 'd0', name: 'Copy' })
        w.customs.forEach((ps, c) => {
          policy = policy.createRole({ id: `c${c}`, name: `Custom ${c}`, permissions: ps.map(id) })
        })
        assertPolicy(fc, policy, { numRuns: 15 })
      }),
      { numRuns: 40 },
    )
  })
})

describe('R31: each invariant fails on a policy built to break it, naming the rule', { timeout: 60_000 }, () => {
  const mutants: Record<string, () => PolicyLike> = {
    // Adding the viewer role to anyone else takes everything away: a deny rule in disguise.
    R1: () =>
      patched(built, {
        can: can((u, p, item) => !(u.roles.includes('viewer') && u.roles.length > 1) && built.can(u, p, item)),
      }),
    // A seatless agent keeps Transfer conversations.
    R4: () =>
      patched(built, {
        can: can((u, p, item) => (p === TRANSFER && u.roles.includes('agent')) || built.can(u, p, item)),
      }),
    // The evaluator reads a catalogue whose view permission needs a seat.
    R5: () => patched(createPolicy(catalogueWith({ [VIEW]: { seat: true } })), { catalogue: conversations }),
    // The evaluator forgot that Tag conversations requires basic access.
    R6: () => {
      const roles = [{ id: 'tags-only', name: 'Tags only', permissions: [TAGS] }]
      const declared = createPolicy(conversations, roles)
      return patched(createPolicy(catalogueWith({ [TAGS]: { requires: [] } }), roles), {
        catalogue: conversations,
        roles: declared.roles,
      })
    },
    // Anyone with a seat is "full", even with only seat-free permissions.
    R7: () =>
      patched(built, {
        access: (u) => {
          const a = built.access(u)
          return u.seat === true && a.mode !== 'none' ? { ...a, mode: 'full' } : a
        },
      }),
    // Nobody needs a seat.
    R10: () => patched(built, { access: (u) => ({ ...built.access(u), needsSeat: false }) }),
    // Every full user counts toward capacity, analytics-only ones too.
    R11: () =>
      patched(built, {
        access: (u) => ({ ...built.access(u), countsTowardCapacity: built.access(u).mode === 'full' }),
      }),
    // The seat label ignores custom roles.
    R12: () => {
      const policy = built.createRole({ id: 'mine', name: 'Mine', permissions: [TAGS] })
      return patched(policy, {
        seatReport: (users) => {
          const report = policy.seatReport(users)
          return { ...report, rows: report.rows.map((r) => (r.label === 'No default role' ? { ...r, label: '' } : r)) }
        },
      })
    },
    // An item in a foreign queue opens everything.
    R21: () => patched(built, { can: can((u, p, item) => item?.queue === 'elsewhere' || built.can(u, p, item)) }),
    // The filter says "everything" whatever the check says.
    R23: () => patched(built, { reach: () => ({ kind: 'all' }) }),
  }

  for (const invariant of policyInvariants) {
    it(`R31, ${invariant.rule}: the ${invariant.rule} invariant fails on its mutant, and the error names the rule`, () => {
      const make = mutants[invariant.rule]
      expect(make, `a mutant for ${invariant.rule}`).toBeDefined()
      const err = failure((make as () => PolicyLike)(), invariant.rule)
      expect(err.rule).toBe(invariant.rule)
      expect(err.message.startsWith(`${invariant.rule} does not hold`)).toBe(true)
    })
  }

  it("R31, R4: on the full run the seatless agent mutant is caught by R4, shown in the catalogue's words", () => {
    const err = failure(mutants.R4?.() as PolicyLike)
    expect(err.rule).toBe('R4')
    expect(err.message).toContain('Transfer conversations (conversations/my-work/transfer')
    expect(err.message).toMatch(/user: +\S+: .*Agent for Conversations \(agent\).*; no seat/)
    expect(err.message).toMatch(/item: +(no queue|queue \S+), (unassigned|assigned to \S+)/)
    expect(err.message).toContain(`seed: ${err.seed}`)
    // The counterexample is shrunk: the agent role and nothing it does not need.
    expect(err.counterexample.user.roles).toEqual(['agent'])
  })

  it('R31, R5: on the full run the view-needs-a-seat evaluator is caught by R5', () => {
    const err = failure(mutants.R5?.() as PolicyLike)
    expect(err.rule).toBe('R5')
    expect(err.message).toContain('View conversations')
  })

  it('R31, R21: with malformed items drawn, the sound policy passes and one that allows a malformed item fails R21', () => {
    const arbitraries = { malformed: true }
    expect(() => assertPolicy(fc, built, { numRuns: 200, arbitraries })).not.toThrow()
    const lax = patched(built, {
      can: can(
        (u, p, item) => (item !== undefined && (item as { queue?: unknown }).queue === '') || built.can(u, p, item),
      ),
    })
    let caught: unknown
    try {
      const invariants = policyInvariants.filter((i: PolicyInvariant) => i.rule === 'R21')
      assertPolicy(fc, lax, { numRuns: 300, arbitraries, invariants })
    } catch (err) {
      caught = err
    }
    expect(caught).toBeInstanceOf(PolicyInvariantError)
    expect((caught as PolicyInvariantError).message).toContain('not a work item')
  })

  it('R31, R13: a policy whose check throws fails with the rule, the counterexample and the seed, not its own error', () => {
    const throwing = patched(built, {
      can: can((u, p, item) => {
        if (u.roles.includes('agent')) throw new Error('boom')
        return built.can(u, p, item)
      }),
    })
    const err = failure(throwing)
    expect(err.message).toContain('a check threw (boom)')
    expect(err.message).toContain(`seed: ${err.seed}`)
    expect(policyInvariants.map((i: PolicyInvariant) => i.rule)).toContain(err.rule)
  })

  it('R31: the seed and path of a failure replay the same counterexample', () => {
    const mutant = mutants.R4?.() as PolicyLike
    const err = failure(mutant)
    let again: unknown
    try {
      assertPolicy(fc, mutant, {
        seed: err.seed,
        path: err.path,
        invariants: policyInvariants.filter((i) => i.rule === 'R4'),
      })
    } catch (e) {
      again = e
    }
    expect(again).toBeInstanceOf(PolicyInvariantError)
    expect((again as PolicyInvariantError).counterexample).toEqual(err.counterexample)
  })
})

describe('R31: bad input to assertPolicy is a SeatguardError', () => {
  const code = (run: () => void): string | undefined => {
    try {
      run()
    } catch (err) {
      return err instanceof SeatguardError ? err.code : 'not a SeatguardError'
    }
    return undefined
  }
  it('R31: refuses a value that is not fast-check, an object without the Policy methods, and a bad numRuns', () => {
    expect(code(() => assertPolicy({} as never, built))).toBe('data/invalid')
    expect(code(() => assertPolicy(fc, { catalogue: conversations } as never))).toBe('data/invalid')
    expect(code(() => assertPolicy(fc, built, { numRuns: 0 }))).toBe('data/invalid')
    expect(code(() => assertPolicy(fc, built, { seed: 1.5 }))).toBe('data/invalid')
  })
})
