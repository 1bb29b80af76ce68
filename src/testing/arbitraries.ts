/*
 * Generators drawn from a policy (R31). They take the caller's fast-check module, so seatguard
 * has no dependency on it: the types below name fast-check's, and nothing of it is loaded at
 * run time. Every value drawn is valid for the policy unless an option asks otherwise.
 */
import type * as FastCheckModule from 'fast-check'
import type { Arbitrary } from 'fast-check'
import { QUEUE_ID, ROLE_ID } from '../model/ids.js'
import type { WorkItem } from '../model/reach.js'
import type { NewRole, RolePatch } from '../model/role.js'
import type { User } from '../model/user.js'
import type { Policy } from '../policy/types.js'
import { count, invalid, requireInputs } from './_options.js'
import type { PolicyLike } from './_policy-like.js'

/**
 * The part of the fast-check module the arbitraries use: pass `fc` itself (`import fc from
 * 'fast-check'`, version 3.10 or later). seatguard never imports fast-check.
 *
 * @example
 * ```ts
 * import fc from 'fast-check'
 * import type { FastCheck } from 'seatguard/testing'
 * const mine: FastCheck = fc
 * ```
 */
export type FastCheck = Pick<
  typeof FastCheckModule,
  | 'constant'
  | 'constantFrom'
  | 'boolean'
  | 'integer'
  | 'array'
  | 'uniqueArray'
  | 'subarray'
  | 'oneof'
  | 'record'
  | 'tuple'
  | 'option'
  | 'stringMatching'
  | 'property'
  | 'check'
>

/**
 * Options of {@link policyArbitraries}. Sizes are bounded so a run stays fast; `edges`
 * (default `true`) draws the edge cases often: no seat, no role, every role at once.
 *
 * @example
 * ```ts
 * import type { PolicyArbitrariesOptions } from 'seatguard/testing'
 * const options: PolicyArbitrariesOptions = { queues: ['billing', 'sales'], maxUsers: 4 }
 * ```
 */
export interface PolicyArbitrariesOptions {
  /** Queue ids users belong to and items are in (default `['q1', 'q2', 'q3']`). */
  readonly queues?: readonly string[]
  /** User ids drawn (default `['ana', 'ben', 'cy']`); items are assigned to these and to others. */
  readonly userIds?: readonly string[]
  /** The most roles a drawn user holds (default 4). */
  readonly maxRoles?: number
  /** The most users in `users` (default 5, at most the number of user ids). */
  readonly maxUsers?: number
  /** Whether users sometimes hold a role id the policy does not have (default `true`; R13: it grants nothing). */
  readonly unknownRoles?: boolean
  /** Whether to draw edge cases often: no seat, no role, every role at once (default `true`). */
  readonly edges?: boolean
  /** Whether users and items are sometimes malformed (default `false`; R13, R21: checks deny them). */
  readonly malformed?: boolean
}

/**
 * One change to the custom roles of a policy, as data: apply it with {@link applyRoleEdit}.
 *
 * @example
 * ```ts
 * import type { RoleEdit } from 'seatguard/testing'
 * const edit: RoleEdit = { kind: 'duplicate', source: 'agent', role: { id: 'junior', name: 'Junior' } }
 * ```
 */
export type RoleEdit =
  | {
      /** Create a custom role from scratch. */
      readonly kind: 'create'
      /** The new role. */
      readonly role: NewRole
    }
  | {
      /** Duplicate a role. */
      readonly kind: 'duplicate'
      /** The id of the role copied. */
      readonly source: string
      /** The copy's id and name. */
      readonly role: {
        /** The copy's id. */
        readonly id: string
        /** The copy's display name. */
        readonly name: string
      }
    }
  | {
      /** Change a custom role. */
      readonly kind: 'update'
      /** The custom role changed. */
      readonly id: string
      /** What changes. */
      readonly patch: RolePatch
    }
  | {
      /** Delete a custom role. */
      readonly kind: 'delete'
      /** The custom role deleted. */
      readonly id: string
    }

/**
 * What {@link policyArbitraries} returns: fast-check arbitraries drawn from one policy.
 *
 * @example
 * ```ts
 * import fc from 'fast-check'
 * import { conversations, createPolicy, type User } from 'seatguard'
 * import { type PolicyArbitraries, policyArbitraries } from 'seatguard/testing'
 * const arbs: PolicyArbitraries = policyArbitraries(fc, createPolicy(conversations))
 * const someUsers: User[] = fc.sample(arbs.user, 3)
 * ```
 */
export interface PolicyArbitraries {
  /** A user: the policy's roles (sometimes an unknown id), with or without a seat, in some queues. */
  readonly user: Arbitrary<User>
  /** Users with distinct ids. */
  readonly users: Arbitrary<User[]>
  /** A permission id of the catalogue. */
  readonly permission: Arbitrary<string>
  /** A work item: in one of the queues or another, assigned to one of the users, another or nobody. */
  readonly item: Arbitrary<WorkItem>
  /** A custom role valid under R3 for this policy: a free id, a name, catalogue permissions. */
  readonly customRole: Arbitrary<NewRole>
  /** An edit the policy accepts: create, duplicate, or update or delete one of its custom roles. */
  readonly roleEdit: Arbitrary<RoleEdit>
}

function ids(name: string, value: unknown, fallback: readonly string[], test: (id: string) => boolean): string[] {
  if (value === undefined) return [...fallback]
  if (!Array.isArray(value) || value.length === 0 || value.some((id) => typeof id !== 'string' || !test(id)))
    throw invalid(`policyArbitraries: ${name} must be a non-empty array of valid ids.`)
  return [...new Set(value as string[])]
}

const flag = (name: string, value: unknown, fallback: boolean): boolean => {
  if (value === undefined) return fallback
  if (typeof value !== 'boolean') throw invalid(`policyArbitraries: ${name} must be true or false.`)
  return value
}

/** The options of policyArbitraries, checked, with their defaults. */
function readArbitraryOptions(fc: FastCheck, policy: PolicyLike, options: PolicyArbitrariesOptions) {
  requireInputs('policyArbitraries', fc, policy)
  if (typeof options !== 'object' || options === null) throw invalid('policyArbitraries: options must be an object.')
  const userIds = ids('userIds', options.userIds, ['ana', 'ben', 'cy'], (id) => id !== '')
  return {
    queues: ids('queues', options.queues, ['q1', 'q2', 'q3'], (id) => QUEUE_ID.test(id)),
    userIds,
    maxRoles: count('policyArbitraries', 'maxRoles', options.maxRoles, 4),
    maxUsers: Math.min(count('policyArbitraries', 'maxUsers', options.maxUsers, 5, 0), userIds.length),
    unknownRoles: flag('unknownRoles', options.unknownRoles, true),
    edges: flag('edges', options.edges, true),
    malformed: flag('malformed', options.malformed, false),
  }
}

const OTHER_QUEUE = 'elsewhere'
const OTHER_USER = 'someone-else'
const UNKNOWN_ROLE = 'not-a-role'

/**
 * Arbitraries drawn from `policy` (R31), built with the caller's fast-check module: users,
 * user lists, permissions, work items, custom roles valid under R3, and role edits. Use them
 * with `fc.property` to state what your own policy must keep.
 *
 * @example
 * ```ts
 * import fc from 'fast-check'
 * import { conversations, createPolicy } from 'seatguard'
 * import { policyArbitraries } from 'seatguard/testing'
 * const policy = createPolicy(conversations)
 * const { user } = policyArbitraries(fc, policy)
 * fc.assert(fc.property(user, (u) => !policy.can({ ...u, seat: false }, 'conversations/my-work/transfer')))
 * ```
 */
export function policyArbitraries(
  fc: FastCheck,
  policy: PolicyLike,
  options: PolicyArbitrariesOptions = {},
): PolicyArbitraries {
  const o = readArbitraryOptions(fc, policy, options)
  const roleIds = policy.roles.map((r) => r.id as string)
  const customIds = policy.roles.filter((r) => r.kind === 'custom').map((r) => r.id as string)
  const permissionIds = policy.catalogue.permissions.map((p) => p.id as string)
  const pool = o.unknownRoles ? [...roleIds, UNKNOWN_ROLE] : roleIds

  const weighted = <T>(edge: Arbitrary<T>, usual: Arbitrary<T>): Arbitrary<T> =>
    o.edges ? fc.oneof({ arbitrary: usual, weight: 2 }, { arbitrary: edge, weight: 1 }) : usual
  // Edges: no role, every role at once, each role alone (where its own promises show).
  const roleEdges = fc.oneof(
    fc.constantFrom<string[]>([], roleIds),
    ...(roleIds.length > 0 ? [fc.constantFrom(...roleIds).map((r) => [r])] : []),
  )
  const roles = weighted(roleEdges, fc.subarray(pool, { maxLength: Math.min(o.maxRoles, pool.length) }))
  const seat = weighted(fc.constant(false), fc.boolean())
  const queues = fc.option(fc.subarray([...o.queues]), { nil: undefined })
  const wellFormed = (id: Arbitrary<string>): Arbitrary<User> =>
    fc.record({ id, roles, seat, queues }).map(({ id: userId, roles: r, seat: s, queues: q }) => ({
      id: userId,
      roles: r,
      seat: s,
      ...(q === undefined ? {} : { queues: q }),
    }))
  const malformed = fc.constantFrom<User>(
    { id: '', roles: ['viewer'] },
    { id: 'x', roles: 'agent' } as unknown as User,
    { id: 'x', roles: [], seat: 'yes' } as unknown as User,
    { id: 'x', roles: [], queues: [''] },
  )
  const user = o.malformed
    ? fc.oneof({ arbitrary: wellFormed(fc.constantFrom(...o.userIds)), weight: 5 }, { arbitrary: malformed, weight: 1 })
    : wellFormed(fc.constantFrom(...o.userIds))
  const users = fc
    .subarray([...o.userIds], { maxLength: o.maxUsers })
    .chain((ids) =>
      ids.length === 0 ? fc.constant<User[]>([]) : fc.tuple(...ids.map((id) => wellFormed(fc.constant(id)))),
    )
  const permission = fc.constantFrom(...permissionIds)
  const good = fc
    .record(
      { queue: fc.constantFrom(...o.queues, OTHER_QUEUE), assignee: fc.constantFrom(...o.userIds, OTHER_USER) },
      { requiredKeys: [] },
    )
    .map((it): WorkItem => ({ ...it }))
  const item = o.malformed
    ? fc.oneof(
        { arbitrary: good, weight: 5 },
        { arbitrary: fc.constantFrom<WorkItem>({ queue: '' }, { assignee: '' }), weight: 1 },
      )
    : good

  const taken = new Set(roleIds)
  const freeId = fc.stringMatching(ROLE_ID, { maxLength: 12 }).filter((id) => !taken.has(id))
  const name = fc.stringMatching(/^[A-Z][a-z]{0,7}( [a-z]{1,6})?$/)
  const customRole = fc
    .record({ id: freeId, name, permissions: fc.subarray(permissionIds) })
    .map((r): NewRole => ({ id: r.id, name: r.name, permissions: r.permissions }))
  const edits: Arbitrary<RoleEdit>[] = [customRole.map((role): RoleEdit => ({ kind: 'create', role }))]
  if (roleIds.length > 0) {
    edits.push(
      fc
        .tuple(fc.constantFrom(...roleIds), freeId, name)
        .map(([source, id, n]): RoleEdit => ({ kind: 'duplicate', source, role: { id, name: n } })),
    )
  }
  if (customIds.length > 0) {
    edits.push(
      fc
        .tuple(fc.constantFrom(...customIds), fc.subarray(permissionIds))
        .map(([id, permissions]): RoleEdit => ({ kind: 'update', id, patch: { permissions } })),
      fc.constantFrom(...customIds).map((id): RoleEdit => ({ kind: 'delete', id })),
    )
  }
  return { user, users, permission, item, customRole, roleEdit: fc.oneof(...edits) }
}

/**
 * Applies a {@link RoleEdit} to a policy and returns the new policy (the edit's own rules,
 * R2 and R3, apply: an edit drawn by `roleEdit` for this policy is always accepted).
 *
 * @example
 * ```ts
 * import { conversations, createPolicy } from 'seatguard'
 * import { applyRoleEdit } from 'seatguard/testing'
 * const next = applyRoleEdit(createPolicy(conversations), { kind: 'duplicate', source: 'agent', role: { id: 'junior', name: 'Junior' } })
next.role('junior')?.derivedFrom // 'agent'
 * ```
 */
export function applyRoleEdit(policy: Policy, edit: RoleEdit): Policy {
  switch (edit.kind) {
    case 'create':
      return policy.createRole(edit.role)
    case 'duplicate':
      return policy.duplicateRole(edit.source, edit.role)
    case 'update':
      return policy.updateRole(edit.id, edit.patch)
    case 'delete':
      return policy.deleteRole(edit.id)
  }
}
