import { conversations } from './catalogue/conversations.js'
import type { KnownId, PermissionOf, RoleOf } from './catalogue/types.js'
import { createPolicy } from './policy/create.js'
import type { Decision, Policy, User } from './policy/types.js'

type ConversationsPermission = PermissionOf<typeof conversations>

let builtIn: Policy<ConversationsPermission, RoleOf<typeof conversations>> | undefined
// Built on first use, so importing seatguard costs nothing until a check runs.
const policy = (): Policy<ConversationsPermission, RoleOf<typeof conversations>> => (builtIn ??= createPolicy(conversations))

/**
 * Whether the user may use the permission, on the built-in `conversations` catalogue
 * with its default roles. Never throws (R13).
 *
 * @example
 * ```ts
 * import { can } from 'seatguard'
 * can({ id: 'ana', roles: ['agent'], seat: true }, 'conversations/allow-assignment') // true
 * can({ id: 'ana', roles: ['agent'] }, 'conversations/allow-assignment') // false: no seat (R4)
 * ```
 */
export function can<P extends string>(user: User, permission: KnownId<P, ConversationsPermission>): boolean {
  return policy().can(user, permission)
}

/**
 * The decision with its reason, on the built-in `conversations` catalogue. Never throws (R13).
 *
 * @example
 * ```ts
 * import { explain } from 'seatguard'
 * const decision = explain({ id: 'vic', roles: ['viewer'] }, 'conversations/my-work/transfer')
 * console.log(decision.reason, decision.message) // 'not-granted' …
 * ```
 */
export function explain<P extends string>(user: User, permission: KnownId<P, ConversationsPermission>): Decision<ConversationsPermission> {
  return policy().explain(user, permission)
}
