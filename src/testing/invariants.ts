/*
 * The properties every policy keeps (R31), stated on what a policy declares (its catalogue and
 * roles) and what it answers, so they hold any object with the Policy methods to the rules:
 * a product's wrapper, or an evaluator patched to be wrong.
 */
import type { Permission } from '../catalogue/types.js'
import type { Reach, WorkItem } from '../model/reach.js'
import type { User } from '../model/user.js'
import type { PolicyLike } from './_policy-like.js'

/**
 * One drawn case an invariant is checked on: a user, a permission, a work item, another role
 * id (added to the user for R1) and a list of users (for the seat report).
 *
 * @example
 * ```ts
 * import type { InvariantSample } from 'seatguard/testing'
 * const sample: InvariantSample = {
 *   user: { id: 'ana', roles: ['agent'] },
 *   permission: 'conversations/my-work/transfer',
 *   item: { queue: 'q1' },
 *   role: 'viewer',
 *   users: [],
 * }
 * ```
 */
export interface InvariantSample {
  /** The user checked. */
  readonly user: User
  /** The permission checked. */
  readonly permission: string
  /** The work item checked on. */
  readonly item: WorkItem
  /** A role id added to the user (R1), sometimes one the policy lacks. */
  readonly role: string
  /** Users for the seat report (R12). */
  readonly users: readonly User[]
}

/**
 * A property every policy must keep, named by its rule: `check` returns what broke, in one
 * sentence, or `undefined` when the property holds on the sample. {@link assertPolicy} checks
 * each drawn user and item with every permission of the catalogue in turn, the drawn one first.
 *
 * @example
 * ```ts
 * import { policyInvariants, type PolicyInvariant } from 'seatguard/testing'
 * const seatRules: PolicyInvariant[] = policyInvariants.filter((i) => i.rule === 'R4' || i.rule === 'R10')
 * ```
 */
export interface PolicyInvariant {
  /** The rule it holds the policy to: `R4`. */
  readonly rule: string
  /** What the rule promises, in one line. */
  readonly title: string
  /** What broke on this sample, or `undefined` when the property holds. */
  readonly check: (policy: PolicyLike, sample: InvariantSample) => string | undefined
}

const wellFormed = (u: User): boolean =>
  typeof u === 'object' &&
  u !== null &&
  typeof u.id === 'string' &&
  u.id !== '' &&
  Array.isArray(u.roles) &&
  u.roles.every((r) => typeof r === 'string') &&
  (u.seat === undefined || typeof u.seat === 'boolean') &&
  (u.queues === undefined || (Array.isArray(u.queues) && u.queues.every((q) => typeof q === 'string' && q !== '')))

const name = (p: Permission): string => `${p.name} (${p.id})`

/** The permissions the user's known roles hold, by id (R1). */
function held(policy: PolicyLike, user: User): Set<string> {
  const out = new Set<string>()
  for (const r of policy.roles) if (user.roles.includes(r.id)) for (const p of r.permissions) out.add(p)
  return out
}

const permissionOf = (policy: PolicyLike, id: string): Permission | undefined =>
  policy.catalogue.permissions.find((p) => p.id === id)

/** Whether a reach admits an item, read as a filter reads it (R23). */
/** R21: a work item is an object whose `queue` and `assignee`, when present, are non-empty strings. */
function isWorkItem(item: unknown): item is WorkItem {
  if (typeof item !== 'object' || item === null || Array.isArray(item)) return false
  const { queue, assignee } = item as { queue?: unknown; assignee?: unknown }
  const field = (v: unknown): boolean => v === undefined || (typeof v === 'string' && v !== '')
  return field(queue) && field(assignee)
}

function admits(reach: Reach, item: WorkItem): boolean {
  if (reach.kind === 'all') return true
  if (reach.kind === 'none') return false
  return (
    (item.queue !== undefined && reach.queues.includes(item.queue)) ||
    (reach.assignee !== null && item.assignee === reach.assignee)
  )
}

const needsSeatBy = (policy: PolicyLike, ids: readonly string[]): boolean =>
  ids.some((id) => policy.catalogue.permissions.find((p) => p.id === id)?.seat === true)

/** R12: the label a seat view gives the user. */
function label(policy: PolicyLike, user: User): string {
  const mine = policy.roles.filter((r) => user.roles.includes(r.id))
  if (mine.some((r) => r.kind === 'custom' && r.permissions.length > 0)) return 'No default role'
  return policy.catalogue.roles
    .filter((r) => mine.some((m) => m.id === r.id && m.kind === 'default'))
    .map((r) => r.name)
    .join(', ')
}

const R1: PolicyInvariant = {
  rule: 'R1',
  title: 'adding a role never removes a permission (roles add up, no deny rules)',
  check(policy, { user, permission, role, item }) {
    const p = permissionOf(policy, permission)
    if (!wellFormed(user) || p === undefined) return undefined
    const more = { ...user, roles: [...user.roles, role] }
    if (policy.can(user, p.id) && !policy.can(more, p.id)) return `adding role ${role} took ${name(p)} away`
    if (policy.can(user, p.id, item) && !policy.can(more, p.id, item))
      return `adding role ${role} took ${name(p)} away on the item`
    return undefined
  },
}

const R4: PolicyInvariant = {
  rule: 'R4',
  title: 'without a seat, no seat-requiring permission is effective',
  check(policy, { user, permission, item }) {
    const p = permissionOf(policy, permission)
    if (!wellFormed(user) || user.seat === true || p === undefined || !p.seat) return undefined
    if (policy.can(user, p.id)) return `can() allowed ${name(p)}, which needs a seat, to a user without one`
    if (policy.can(user, p.id, item)) return `can() allowed ${name(p)} on the item to a user without a seat`
    if (policy.access(user).permissions.includes(p.id))
      return `access() lists ${name(p)} as effective for a user without a seat`
    return undefined
  },
}

const R5: PolicyInvariant = {
  rule: 'R5',
  title: 'a user without a seat who holds an effective seat-free permission is a viewer',
  check(policy, { user }) {
    if (!wellFormed(user) || user.seat === true) return undefined
    const mine = held(policy, user)
    const free = policy.catalogue.permissions.filter(
      (p) => !p.seat && mine.has(p.id) && (p.requires.length === 0 || p.requires.some((q) => policy.can(user, q))),
    )
    const [p] = free
    if (p === undefined) return undefined
    if (!policy.can(user, p.id)) return `can() denied the seat-free ${name(p)} to a user without a seat who holds it`
    const { mode } = policy.access(user)
    return mode === 'viewer' ? undefined : `access() gave mode ${mode}, not viewer, to a user without a seat`
  },
}

const R6: PolicyInvariant = {
  rule: 'R6',
  title: 'a permission that requires basic access is effective exactly when a prerequisite is',
  check(policy, { user, permission }) {
    const p = permissionOf(policy, permission)
    if (!wellFormed(user) || p === undefined) return undefined
    const allowed = policy.can(user, p.id)
    const anyPrerequisite = p.requires.length === 0 || p.requires.some((q) => policy.can(user, q))
    if (allowed && !anyPrerequisite) return `can() allowed ${name(p)} with none of its prerequisites effective`
    const expected = held(policy, user).has(p.id) && (!p.seat || user.seat === true) && anyPrerequisite
    if (expected && !allowed) return `can() denied ${name(p)}: the user holds it, with its seat and a prerequisite`
    return undefined
  },
}

const R7: PolicyInvariant = {
  rule: 'R7',
  title: 'the access mode is full, viewer or none as the effective permissions and seat say',
  check(policy, { user }) {
    if (!wellFormed(user)) return undefined
    const access = policy.access(user)
    const effective = policy.catalogue.permissions.filter((p) => policy.can(user, p.id)).map((p) => p.id)
    if (access.permissions.join() !== effective.join())
      return `access() lists [${access.permissions.join(', ')}] as effective, can() allows [${effective.join(', ')}]`
    const paid = needsSeatBy(policy, effective)
    const free = effective.some((id) => !needsSeatBy(policy, [id]))
    const mode = user.seat === true && paid ? 'full' : free ? 'viewer' : 'none'
    return access.mode === mode ? undefined : `access() gave mode ${access.mode}; the rule gives ${mode}`
  },
}

const R10: PolicyInvariant = {
  rule: 'R10',
  title: 'a user needs a seat when a seat-requiring permission would be effective with one; flags follow',
  check(policy, { user }) {
    if (!wellFormed(user)) return undefined
    const access = policy.access(user)
    const needs = needsSeatBy(policy, policy.access({ ...user, seat: true }).permissions)
    if (access.needsSeat !== needs) return `access() says needsSeat ${access.needsSeat}; the rule gives ${needs}`
    const holds = user.seat === true
    if (access.consumesSeat !== holds) return `access() says consumesSeat ${access.consumesSeat} for seat ${holds}`
    const flags = [...(needs && !holds ? ['seat-missing'] : []), ...(holds && !needs ? ['seat-unused'] : [])]
    const row = policy.seatReport([user]).rows[0]
    return row?.flags.join() === flags.join()
      ? undefined
      : `seatReport() flags [${row?.flags.join(', ') ?? ''}]; the rule gives [${flags.join(', ')}]`
  },
}

const R11: PolicyInvariant = {
  rule: 'R11',
  title: 'only a full user with an effective capacity permission counts toward capacity',
  check(policy, { user }) {
    if (!wellFormed(user)) return undefined
    const access = policy.access(user)
    const counts = access.mode === 'full' && policy.catalogue.capacity.some((id) => access.permissions.includes(id))
    if (access.countsTowardCapacity !== counts)
      return `access() says countsTowardCapacity ${access.countsTowardCapacity}; the rule gives ${counts}`
    const row = policy.seatReport([user]).rows[0]
    return row?.countsTowardCapacity === counts ? undefined : 'seatReport() disagrees with access() on capacity'
  },
}

const R12: PolicyInvariant = {
  rule: 'R12',
  title: 'the seat label is "No default role" beside a custom role, else the default roles held',
  check(policy, { users }) {
    const rows = policy.seatReport(users).rows
    for (const [i, user] of users.entries()) {
      const expected = label(policy, user)
      if (rows[i]?.label !== expected)
        return `seatReport() labels ${user.id} ${JSON.stringify(rows[i]?.label)}; the rule gives ${JSON.stringify(expected)}`
    }
    return undefined
  },
}

const R21: PolicyInvariant = {
  rule: 'R21',
  title: 'a check on a work item never allows what the check without one denies',
  check(policy, { user, permission, item }) {
    if (!policy.can(user, permission, item)) return undefined
    if (!isWorkItem(item)) return 'can() allowed the permission on an item that is not a work item'
    if (policy.can(user, permission)) return undefined
    return 'can() allowed the permission on the item but denies it without one'
  },
}

const R23: PolicyInvariant = {
  rule: 'R23',
  title: 'check and filter agree: can(user, permission, item) is "reach(user, permission) admits item"',
  check(policy, { user, permission, item }) {
    if (!wellFormed(user) || !isWorkItem(item)) return undefined // a malformed item is R21's: denied
    const reach = policy.reach(user, permission)
    const allowed = policy.can(user, permission, item)
    if (admits(reach, item) !== allowed)
      return `can() says ${allowed} on the item, reach() is ${JSON.stringify(reach)} and ${allowed ? 'does not admit' : 'admits'} it`
    if ((reach.kind === 'none') === policy.can(user, permission))
      return `reach() is ${reach.kind} while can() without an item says ${policy.can(user, permission)}`
    return undefined
  },
}

/**
 * The properties every policy must keep (R31), each named by its rule: R1 (a role never
 * removes a permission), R4, R5, R6, R7, R10, R11, R12, R21 and R23's check-filter agreement.
 * {@link assertPolicy} runs them; pick some with `filter` to run fewer.
 *
 * @example
 * ```ts
 * import { policyInvariants } from 'seatguard/testing'
 * const rules = policyInvariants.map((i) => i.rule) // ['R1', 'R4', 'R5', …]
 * ```
 */
export const policyInvariants: readonly PolicyInvariant[] = Object.freeze([R1, R4, R5, R6, R7, R10, R11, R12, R21, R23])
