import { conversations } from '../catalogue/conversations.js'
import type { KnownId, PermissionOf } from '../catalogue/types.js'
import { type Compiled, compile, indexCatalogue } from '../evaluate/_compile.js'
import { canCompiled } from '../evaluate/_decide.js'
import { explainCompiled } from '../evaluate/_explain.js'
import { canItemCompiled } from '../evaluate/_reach.js'
import type { Decision } from '../model/decision.js'
import type { WorkItem } from '../model/reach.js'
import type { User } from '../model/user.js'
import { defaultRoles } from './_roles.js'

type ConversationsPermission = PermissionOf<typeof conversations>

let builtIn: Compiled | undefined
// Compiled on first use, so importing seatguard costs nothing until a check runs. This is
// what createPolicy(conversations) holds; going to it directly keeps the Policy class (and
// everything only its other methods need) out of a bundle that imports just `can`.
function compiled(): Compiled {
  if (builtIn === undefined) {
    const cat = indexCatalogue(conversations)
    builtIn = compile(cat, Object.freeze(defaultRoles(cat)))
  }
  return builtIn
}

/**
 * Whether the user may use the permission, on the built-in `conversations` catalogue
 * with its default roles, on the work item when one is given (R21). Never throws (R13).
 *
 * @example
 * ```ts
 * import { can } from 'seatguard'
 * can({ id: 'ana', roles: ['agent'], seat: true }, 'conversations/allow-assignment') // true
 * can({ id: 'ana', roles: ['agent'] }, 'conversations/allow-assignment') // false: no seat (R4)
 * can({ id: 'ana', roles: ['agent'], seat: true, queues: ['billing'] }, 'conversations/my-work/transfer', { queue: 'sales' }) // false
 * ```
 */
export function can<P extends string>(
  user: User,
  permission: KnownId<P, ConversationsPermission>,
  item?: WorkItem,
): boolean {
  const c = compiled()
  return canCompiled(c, user, permission) && (item === undefined || canItemCompiled(c, user, permission, item))
}

/**
 * The decision with its reason, on the built-in `conversations` catalogue, on the work item
 * when one is given (R22). Never throws (R13).
 *
 * @example
 * ```ts
 * import { explain } from 'seatguard'
 * const decision = explain({ id: 'vic', roles: ['viewer'] }, 'conversations/my-work/transfer')
 * const { reason, message } = decision // 'not-granted', and a sentence saying what to do
 * ```
 */
export function explain<P extends string>(
  user: User,
  permission: KnownId<P, ConversationsPermission>,
  item?: WorkItem,
): Decision<ConversationsPermission> {
  return explainCompiled(compiled(), user, permission, item) as Decision<ConversationsPermission>
}
