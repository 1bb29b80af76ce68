import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { can, conversations, createPolicy, createUserIndex, explain, type User } from '../../src/index.js'
import { flat } from '../_fixtures.js'

/**
 * `can` reads a user with its own fast reader (a table read per role, the id checked last);
 * every other check reads users through the one full reader. On any input whatsoever the two
 * must agree: `can` is true exactly when `explain` says `granted`, and a user the full reader
 * refuses (`invalid-user`) is never allowed by the fast one.
 */
const roleIds = conversations.roles.map((r) => r.id)
const permissionIds = conversations.permissions.map((p) => p.id as string)

/** Values that sit next to a valid field: right type but empty, wrong type, lookalikes. */
const odd = fc.constantFrom<unknown>(
  '',
  0,
  1,
  -1,
  Number.NaN,
  null,
  undefined,
  true,
  false,
  [],
  {},
  ['agent'],
  'true',
  '0',
)

const roleEntry = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...roleIds) },
  { weight: 1, arbitrary: fc.constantFrom('no-such-role', '__proto__', 'constructor', 'toString', 'Agent', ' agent') },
  { weight: 1, arbitrary: odd },
)

/** A roles field: a plain array, a sparse one, an array with its own iterator, or not an array. */
const roles = fc.oneof(
  { weight: 6, arbitrary: fc.array(roleEntry, { maxLength: 6 }) },
  { weight: 1, arbitrary: fc.sparseArray(fc.constantFrom(...roleIds), { maxLength: 4 }) },
  {
    weight: 1,
    arbitrary: fc
      .array(fc.constantFrom(...roleIds), { maxLength: 3 })
      .map((list) => Object.assign([...list], { *[Symbol.iterator]() {} })),
  },
  { weight: 1, arbitrary: odd },
)

const seat = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom<unknown>(true, false, undefined) },
  { weight: 1, arbitrary: odd },
)
const id = fc.oneof({ weight: 4, arbitrary: fc.string({ minLength: 1, maxLength: 4 }) }, { weight: 1, arbitrary: odd })

/** A queues field (R19): valid ids with repeats, or a list with a bad id, or not a list. */
const queues = fc.oneof(
  { weight: 4, arbitrary: fc.array(fc.constantFrom('billing', 'sales', 'a/b:c.d-e_f'), { maxLength: 3 }) },
  {
    weight: 1,
    arbitrary: fc.array(fc.constantFrom<unknown>('billing', '', ' x', '_x', 'x'.repeat(129), 7), { maxLength: 3 }),
  },
  { weight: 1, arbitrary: odd },
)
const fields = fc.record(
  { id, roles, seat, queues, version: fc.option(fc.nat(), { nil: undefined }) },
  { requiredKeys: [] },
)

/** A field that is not data: a getter (that may throw), or a key a strict proxy refuses. */
const trap = fc.constantFrom('version', 'extra', 'id', 'roles', 'seat', 'queues')

/**
 * Users built field by field (some fields missing); the same fields on an array, behind a
 * getter that throws, or in a proxy that throws on any other key; plus anything at all.
 */
const user = fc.oneof(
  { weight: 8, arbitrary: fields },
  { weight: 1, arbitrary: fields.map((f) => Object.assign([], f)) },
  {
    weight: 1,
    arbitrary: fc.tuple(fields, trap).map(([f, key]) =>
      Object.defineProperty({ ...f }, key, {
        enumerable: true,
        get() {
          throw new Error(`no ${key}`)
        },
      }),
    ),
  },
  {
    weight: 1,
    arbitrary: fields.map(
      (f) =>
        new Proxy(f, {
          get(target, key) {
            if (typeof key === 'string' && !(key in target)) throw new Error(`no ${key}`)
            return Reflect.get(target, key)
          },
        }),
    ),
  },
  { weight: 1, arbitrary: fc.anything() },
)

const permission = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom(...permissionIds) },
  { weight: 1, arbitrary: fc.oneof(odd, fc.constant([permissionIds[0]]), fc.string()) },
)

describe('the fast reader of can agrees with the full user reader', () => {
  const policy = createPolicy(conversations)
  // A catalogue without prerequisites takes the one-word path of can (R6 words skipped).
  const flatPolicy = createPolicy(flat)

  it('R13: policy.can, can and explain agree on arbitrary users and permissions', () => {
    fc.assert(
      fc.property(user, permission, (u, p) => {
        const decision = policy.explain(u as User, p as string)
        expect(policy.can(u as User, p as string)).toBe(decision.allowed)
        expect(can(u as User, p as never)).toBe(decision.allowed)
        expect(explain(u as User, p as never)).toEqual(decision)
        expect(decision.allowed).toBe(decision.reason === 'granted')
      }),
      { numRuns: 3000 },
    )
  })

  it('R13: the same on a catalogue without prerequisites', () => {
    fc.assert(
      fc.property(user, fc.constantFrom<unknown>('view', 'edit', 'admin', 'b', ['view']), (u, p) => {
        expect(flatPolicy.can(u as User, p as string)).toBe(flatPolicy.explain(u as User, p as string).allowed)
      }),
      { numRuns: 2000 },
    )
  })

  it('R13: a user the full reader refuses is refused by every reader, and access says none', () => {
    fc.assert(
      fc.property(user, (u) => {
        const refused = policy.explain(u as User, 'contact-center/conversations/view').reason === 'invalid-user'
        if (!refused) return
        for (const p of permissionIds) expect(policy.can(u as User, p)).toBe(false)
        expect(policy.access(u as User).mode).toBe('none')
        expect(() => createUserIndex(policy, [u as User])).toThrow()
      }),
      { numRuns: 1000 },
    )
  })
})
