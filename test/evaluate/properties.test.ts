import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { type Catalogue, conversations, createPolicy, defineCatalogue, type Policy } from '../../src/index.js'
import {
  type RefModel,
  type RefRoleInfo,
  referenceAccess,
  referenceCheck,
  referenceDecision,
  referenceReason,
  referenceSeatReport,
  referenceValid,
} from './reference.js'

/**
 * Random catalogues: 1–70 permissions (so bitsets span one to three 32-bit words),
 * declared in shuffled order, with prerequisites that point only to earlier-generated
 * permissions (acyclic by construction, chains of any depth), random default roles,
 * custom roles from scratch, duplicates (of default, custom or duplicated roles, some then
 * edited), one exclusive pair, capacity permissions. Each world carries two reference
 * models: one read from defineCatalogue's and the policy's output, one written from the raw
 * definitions and the R3 rules alone, so a normalisation bug cannot hide in both.
 */
const world = fc
  .integer({ min: 1, max: 70 })
  .chain((n) =>
    fc.record({
      n: fc.constant(n),
      seat: fc.array(fc.constantFrom(true, false, undefined), { minLength: n, maxLength: n }),
      requires: fc.array(fc.array(fc.nat(), { maxLength: 3 }), { minLength: n, maxLength: n }),
      order: fc.shuffledSubarray([...Array(n).keys()], { minLength: n, maxLength: n }),
      defaults: fc.array(fc.uniqueArray(fc.nat({ max: n - 1 }), { maxLength: 10 }), { minLength: 1, maxLength: 6 }),
      customs: fc.array(fc.uniqueArray(fc.nat({ max: n - 1 }), { maxLength: 10 }), { maxLength: 4 }),
      dups: fc.array(fc.record({ source: fc.nat(), drop: fc.uniqueArray(fc.nat({ max: n - 1 }), { maxLength: 4 }) }), {
        maxLength: 4,
      }),
      capacity: fc.uniqueArray(fc.nat({ max: n - 1 }), { maxLength: 3 }),
    }),
  )
  .map(({ seat, requires, order, defaults, customs, dups, capacity }) => {
    const id = (i: number): string => `p${i}`
    const reqs = (i: number): string[] => (i === 0 ? [] : [...new Set((requires[i] ?? []).map((r) => id(r % i)))])
    const definition = {
      id: 'random',
      name: 'Random',
      version: '1',
      permissions: Object.fromEntries(
        order.map((i) => [
          id(i),
          {
            name: `P${i}`,
            description: 'Random.',
            group: 'g',
            ...(seat[i] === undefined ? {} : { seat: seat[i] }),
            requires: reqs(i),
          },
        ]),
      ),
      roles: Object.fromEntries(defaults.map((ps, r) => [`r${r}`, { name: `R${r}`, permissions: ps.map(id) }])),
      exclusive: defaults.length >= 2 ? [{ roles: ['r0', 'r1'], reason: 'Random pair.' }] : [],
      capacity: capacity.map(id),
    }
    const catalogue = defineCatalogue(definition as never) as Catalogue

    // The raw model, kept beside the policy as it is built: R3 says what a duplicate holds.
    const raw = new Map<string, { perms: string[]; info: RefRoleInfo }>()
    defaults.forEach((ps, r) => {
      raw.set(`r${r}`, { perms: ps.map(id), info: { name: `R${r}`, kind: 'default' } })
    })
    let policy: Policy = createPolicy(catalogue)
    customs.forEach((ps, c) => {
      policy = policy.createRole({ id: `c${c}`, name: `C${c}`, permissions: ps.map(id) })
      raw.set(`c${c}`, { perms: ps.map(id), info: { name: `C${c}`, kind: 'custom' } })
    })
    dups.forEach(({ source, drop }, d) => {
      const sources = [...raw.keys()]
      const from = sources[source % sources.length] as string
      const src = raw.get(from) as { perms: string[]; info: RefRoleInfo }
      const derivedFrom = src.info.kind === 'default' ? from : src.info.derivedFrom
      policy = policy.duplicateRole(from, { id: `d${d}`, name: `D${d}` })
      const dropped = new Set(drop.map(id))
      const perms = src.perms.filter((p) => !dropped.has(p))
      if (perms.length < src.perms.length) policy = policy.updateRole(`d${d}`, { permissions: perms })
      raw.set(`d${d}`, { perms, info: { name: `D${d}`, kind: 'custom', derivedFrom } })
    })
    const rawModel: RefModel = {
      permissions: Object.entries(definition.permissions).map(([pid, p]) => ({
        id: pid,
        seat: p.seat !== false,
        requires: p.requires,
      })),
      roles: new Map([...raw].map(([rid, r]) => [rid, r.perms])),
      capacity: definition.capacity,
      about: new Map([...raw].map(([rid, r]) => [rid, r.info])),
      exclusive: definition.exclusive.map((x) => x.roles as [string, string]),
    }
    const model: RefModel = {
      permissions: catalogue.permissions.map((p) => ({ id: p.id, seat: p.seat, requires: p.requires })),
      roles: new Map(policy.roles.map((r) => [r.id, r.permissions])),
      capacity: catalogue.capacity,
      about: new Map(policy.roles.map((r) => [r.id, { name: r.name, kind: r.kind, derivedFrom: r.derivedFrom }])),
      exclusive: catalogue.exclusive.map((x) => x.roles),
    }
    return {
      policy,
      model,
      rawModel,
      roleIds: [...policy.roles.map((r) => r.id), 'ghost'],
      permissionIds: catalogue.permissions.map((p) => p.id),
    }
  })

// Odd but valid ids (prototype keys, spaces, non-ASCII, long) and the malformed ''.
const IDS = ['u', 'user-1', '', ' ', '__proto__', 'constructor', 'toString', 'ünï', '😀', 'a'.repeat(300)]
const userOf = (roleIds: string[]) =>
  fc.record({
    id: fc.constantFrom(...IDS),
    roles: fc.array(fc.constantFrom(...roleIds), { maxLength: 12 }),
    seat: fc.constantFrom(true, false, undefined),
  })

const RUNS = 300

describe('property tests', { timeout: 60_000 }, () => {
  it('the compiled evaluator agrees with the reference evaluator on random catalogues, roles and users', () => {
    fc.assert(
      fc.property(
        world.chain((w) => fc.tuple(fc.constant(w), fc.array(userOf(w.roleIds), { minLength: 1, maxLength: 8 }))),
        ([{ policy, model, rawModel, permissionIds }, users]) => {
          for (const ref of [model, rawModel]) {
            for (const user of users) {
              expect(policy.access(user)).toEqual(referenceAccess(ref, user))
              for (const p of [...permissionIds, 'p-unknown']) {
                const expected = referenceDecision(ref, user, p)
                expect(policy.can(user, p)).toBe(expected.allowed)
                const { allowed, reason, grantedBy, missing } = policy.explain(user, p)
                expect({ allowed, reason, grantedBy, missing }, `${JSON.stringify(user)} ${p}`).toEqual(expected)
              }
            }
          }
        },
      ),
      { numRuns: RUNS },
    )
  })

  it('R6, R8, R9, R10, R13: check() agrees with the reference check, with the roles and permissions named', () => {
    fc.assert(
      fc.property(
        world.chain((w) => fc.tuple(fc.constant(w), fc.array(userOf(w.roleIds), { minLength: 1, maxLength: 8 }))),
        ([{ policy, model, rawModel }, users]) => {
          for (const user of users) {
            const found = policy.check(user).map(({ message: _message, ...rest }) => rest)
            expect(found, JSON.stringify(user)).toEqual(referenceCheck(model, user))
            expect(found, JSON.stringify(user)).toEqual(referenceCheck(rawModel, user))
          }
        },
      ),
      { numRuns: RUNS },
    )
  })

  it('R10–R12: seatReport() agrees with the reference seat report: labels, flags and totals', () => {
    fc.assert(
      fc.property(
        world.chain((w) => fc.tuple(fc.constant(w), fc.array(userOf(w.roleIds), { maxLength: 10 }), fc.boolean())),
        ([{ policy, model, rawModel }, drawn, wellFormed]) => {
          // Half the runs without the malformed id, so most reports are built rather than refused.
          const users = wellFormed ? drawn.map((u) => (u.id === '' ? { ...u, id: 'v' } : u)) : drawn
          if (users.every(referenceValid)) {
            const report = policy.seatReport(users)
            expect(report).toEqual(referenceSeatReport(model, users))
            expect(report).toEqual(referenceSeatReport(rawModel, users))
          } else {
            // R13: a malformed user (id '') refuses the whole report.
            expect(() => policy.seatReport(users)).toThrow(expect.objectContaining({ code: 'data/invalid' }))
          }
        },
      ),
      { numRuns: RUNS },
    )
  })

  it('R13: the can() fast path agrees with explain() on nearly valid users (holes, odd seats, bad ids)', () => {
    // canCompiled reads seat first, roles next and the id last, and skips work explain does:
    // every shortcut must land on explain's answer, seat-free permissions included.
    const nearlyValid = (roleIds: string[]) =>
      fc.record({
        id: fc.constantFrom<unknown>('u', '', 7, undefined, '__proto__'),
        roles: fc
          .tuple(
            fc.array(fc.constantFrom<unknown>(...roleIds, 'constructor', 7, undefined), { maxLength: 5 }),
            fc.nat({ max: 6 }),
            fc.boolean(),
          )
          .map(([roles, at, hole]) => {
            const out = [...roles]
            if (hole) delete out[Math.min(at, out.length)] // a sparse array: a hole, or a trailing one past the end
            if (hole && at >= out.length) out.length = at + 1
            return out
          }),
        seat: fc.constantFrom<unknown>(true, false, undefined, null, 0, 1, 'true'),
      })
    fc.assert(
      fc.property(
        world.chain((w) => fc.tuple(fc.constant(w), fc.array(nearlyValid(w.roleIds), { minLength: 1, maxLength: 8 }))),
        ([{ policy, model, permissionIds }, users]) => {
          for (const user of users) {
            const valid =
              typeof user.id === 'string' &&
              user.id !== '' &&
              (user.seat === undefined || typeof user.seat === 'boolean') &&
              user.roles.length === Object.keys(user.roles).length &&
              user.roles.every((r) => typeof r === 'string')
            for (const p of [...permissionIds, 'p-unknown']) {
              const allowed = policy.can(user as never, p)
              expect(allowed, `${JSON.stringify(user)} ${p}`).toBe(policy.explain(user as never, p).allowed)
              if (!valid) expect(allowed).toBe(false)
              else expect(allowed).toBe(referenceReason(model, user as never, p) === 'granted')
            }
          }
        },
      ),
      { numRuns: RUNS },
    )
  })

  it('R1: adding a role never removes a permission', () => {
    fc.assert(
      fc.property(
        world.chain((w) => fc.tuple(fc.constant(w), userOf(w.roleIds), fc.constantFrom(...w.roleIds))),
        ([{ policy }, user, extra]) => {
          const before = policy.access(user).permissions
          const after = policy.access({ ...user, roles: [...user.roles, extra] }).permissions
          expect(before.filter((p) => !after.includes(p))).toEqual([])
        },
      ),
      { numRuns: RUNS },
    )
  })

  it('R4: a user without a seat never gets a seat-requiring permission', () => {
    fc.assert(
      fc.property(
        world.chain((w) => fc.tuple(fc.constant(w), userOf(w.roleIds))),
        ([{ policy }, user]) => {
          const seatless = { ...user, seat: false }
          const paid = policy.catalogue.permissions.filter((p) => p.seat)
          expect(paid.filter((p) => policy.can(seatless, p.id))).toEqual([])
          expect(policy.access(seatless).mode).not.toBe('full')
        },
      ),
      { numRuns: RUNS },
    )
  })

  it('R3: a duplicate grants exactly what its source grants', () => {
    fc.assert(
      fc.property(
        world.chain((w) =>
          fc.tuple(fc.constant(w), userOf(w.roleIds), fc.constantFrom(...w.roleIds.filter((r) => r !== 'ghost'))),
        ),
        ([{ policy }, user, source]) => {
          const copy = policy.duplicateRole(source, { id: 'the-copy', name: 'Copy' })
          const swap = (roles: readonly string[]) => roles.map((r) => (r === source ? 'the-copy' : r))
          const withSource = { ...user, roles: [...user.roles, source] }
          expect(copy.access({ ...withSource, roles: swap(withSource.roles) })).toEqual(policy.access(withSource))
        },
      ),
      { numRuns: RUNS },
    )
  })

  it('toJSON → createPolicy round-trips, also through JSON text', () => {
    fc.assert(
      fc.property(world, ({ policy }) => {
        const json = JSON.parse(JSON.stringify(policy.toJSON())) as ReturnType<Policy['toJSON']>
        const again = createPolicy(policy.catalogue, json.roles)
        expect(again.toJSON()).toEqual(policy.toJSON())
        expect(again.roles).toEqual(policy.roles)
      }),
      { numRuns: RUNS },
    )
  })

  it('R13: checks never throw, whatever they are given', () => {
    const policy = createPolicy(conversations).createRole({
      id: 'x',
      name: 'X',
      permissions: ['contact-center/conversations/view'],
    })
    // Beyond JSON: sparse arrays, objects without a prototype, boxed strings and booleans.
    const odd = fc.anything({
      withSparseArray: true,
      withNullPrototype: true,
      withBoxedValues: true,
      withMap: true,
      withSet: true,
    })
    const anyUser = fc.oneof(
      fc.anything(),
      odd,
      fc.record({ id: fc.anything(), roles: fc.anything(), seat: fc.anything() }),
      fc.record({ id: fc.string(), roles: odd, seat: odd }),
      fc.record({
        id: fc.string(),
        roles: fc.array(
          fc.oneof(fc.string(), fc.constantFrom('agent', 'x', '__proto__', 'constructor'), fc.anything()),
        ),
        seat: fc.anything(),
      }),
    )
    const anyPermission = fc.oneof(
      fc.anything(),
      odd,
      fc.string(),
      fc.constantFrom('__proto__', 'constructor', 'contact-center/conversations/view'),
    )
    fc.assert(
      fc.property(anyUser, anyPermission, (user, permission) => {
        const allowed = policy.can(user as never, permission as string)
        expect(typeof allowed).toBe('boolean')
        expect(policy.explain(user as never, permission as string).allowed).toBe(allowed)
        expect(['full', 'viewer', 'none']).toContain(policy.access(user as never).mode)
        expect(Array.isArray(policy.check(user as never))).toBe(true)
      }),
      { numRuns: 1000 },
    )
  })
})
