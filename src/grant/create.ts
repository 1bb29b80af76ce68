import { reading, SeatguardError } from '../errors.js'
import type { User } from '../model/user.js'
import { compiledOf } from '../policy/create.js'
import type { Policy } from '../policy/types.js'
import { GRANT_FORMAT, GRANT_VERSION, type Grant, type GrantReach, type WithheldReason } from './format.js'

/**
 * Turns one user's access under a policy into a small, JSON-safe {@link Grant} to ship to
 * their browser, where `createGuard` from `seatguard/client` reads it. The grant names the
 * catalogue (id and version), the user's id, mode and effective permissions, and the
 * permissions their own roles hold but that are withheld (`no-seat`, `missing-prerequisite`),
 * and, for each effective permission that does not reach every work item, where it reaches
 * (the user's queues, and whether items assigned to them count; R25), and the display name of
 * each catalogue permission, for the guard's sentences (R35). It carries no role
 * definitions and nothing about other users. A grant is a hint for the interface, not a
 * proof: it is not signed, the user can edit it in their browser, and the server checks
 * every request itself. A malformed user throws a `SeatguardError` with code `data/invalid`.
 *
 * @example
 * ```ts
 * import { conversations, createGrant, createPolicy } from 'seatguard'
 * const policy = createPolicy(conversations)
 * const grant = createGrant(policy, { id: 'ana', roles: ['agent'], seat: true })
 * const body = JSON.stringify(grant) // send it to ana's browser
 * ```
 */
export function createGrant<TPermission extends string, TRole extends string>(
  policy: Policy<TPermission, TRole>,
  user: User,
): Grant<TPermission> {
  if (compiledOf(policy) === undefined)
    throw new SeatguardError('data/invalid', 'createGrant: pass a policy made by createPolicy.')
  return reading('createGrant: the user', () => grantOf(policy, user))
}

function grantOf<TPermission extends string, TRole extends string>(
  policy: Policy<TPermission, TRole>,
  user: User,
): Grant<TPermission> {
  const { catalogue } = policy
  const first = catalogue.permissions[0]?.id as string
  // explain validates the user exactly as every check does (R13); reuse it rather than repeat the rules.
  const probe = policy.explain(user, first)
  if (probe.reason === 'invalid-user') {
    throw new SeatguardError('data/invalid', `createGrant: ${probe.message}`, { context: { reason: probe.reason } })
  }
  const access = policy.access(user)
  const effective = new Set<string>(access.permissions)
  const held = new Set<string>()
  for (const id of user.roles) for (const p of policy.role(id)?.permissions ?? []) held.add(p)
  const withheld: { [P in TPermission]?: WithheldReason } = {}
  for (const { id } of catalogue.permissions) {
    if (!held.has(id) || effective.has(id)) continue
    // A held, ineffective permission is refused for want of a seat (R4) or of a prerequisite (R6).
    const { reason } = policy.explain(user, id)
    if (reason === 'no-seat' || reason === 'missing-prerequisite') withheld[id] = reason
  }
  // R25: each effective permission that does not reach every item carries its reach, as
  // policy.reach gives it, so the browser answers item checks as the server does.
  const reach: { [P in TPermission]?: GrantReach } = {}
  for (const id of access.permissions) {
    const r = policy.reach(user, id)
    if (r.kind !== 'some') continue
    reach[id] = Object.freeze({
      ...(r.queues.length > 0 ? { q: Object.freeze([...r.queues]) } : {}),
      ...(r.assignee !== null ? { a: true as const } : {}),
    })
  }
  // R35: every permission's name, not only the user's, so a not-granted check is named too.
  const names: { [P in TPermission]?: string } = {}
  for (const { id, name } of catalogue.permissions) names[id] = name
  return Object.freeze({
    format: GRANT_FORMAT,
    v: GRANT_VERSION,
    catalogue: Object.freeze({ id: catalogue.id, version: catalogue.version }),
    user: user.id,
    mode: access.mode,
    permissions: Object.freeze([...access.permissions]),
    withheld: Object.freeze(withheld),
    reach: Object.freeze(reach),
    names: Object.freeze(names),
  })
}
