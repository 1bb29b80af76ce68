import { show } from '../_util.js'
import type { Decision } from '../model/decision.js'
import type { Reach } from '../model/reach.js'
import type { DecisionReason } from '../model/reason.js'
import { has } from './_bits.js'
import { type Compiled, roleHolds } from './_compile.js'
import { accessOf, effective, readUser } from './_decide.js'
import { admits, reachAdvice, reachBits, reachValue, reachWords, readItem, sortedQueues } from './_reach.js'

/**
 * `explain`: the decision with its reason and a sentence a person can act on, on a work item
 * when one is given (R21, R22). Never throws.
 */
export function explainCompiled(c: Compiled, user: unknown, permission: unknown, item?: unknown): Decision {
  const { cat } = c
  const name = typeof permission === 'string' ? permission : show(permission)
  const p = typeof permission === 'string' ? cat.index.get(permission) : undefined
  const title = (q: number): string => cat.catalogue.permissions[q]?.name ?? ''
  const decide = (
    reason: DecisionReason,
    message: string,
    grantedBy: readonly string[] = [],
    missing?: readonly number[],
    reach?: Reach,
  ): Decision =>
    Object.freeze({
      allowed: reason === 'granted',
      permission: name,
      // R35: the display names describeDecision words the decision with, so it needs no catalogue.
      ...(p === undefined ? {} : { name: title(p) }),
      reason,
      grantedBy: Object.freeze(grantedBy),
      ...(missing
        ? {
            missing: Object.freeze(missing.map((q) => cat.ids[q] as string)),
            missingNames: Object.freeze(missing.map(title)),
          }
        : {}),
      message,
      ...(reach ? { reach } : {}),
    })
  if (p === undefined) {
    return decide(
      'unknown-permission',
      `${show(permission)} is not a permission of the ${cat.catalogue.name} catalogue; check the id.`,
    )
  }
  const u = readUser(c, user)
  if (typeof u === 'string') return decide('invalid-user', `The user is malformed (${u}); fix the user record.`)
  const it = item === undefined ? undefined : readItem(item)
  if (item !== undefined && it === undefined) {
    const want = 'an object with an optional non-empty "queue" and "assignee"'
    return decide('invalid-item', `The work item is malformed (${show(item)}); pass ${want}.`)
  }
  const who = `User ${show(u.id)}`
  const what = `${title(p)} (${name})`
  const grantedBy = u.roles.filter((r) => roleHolds(c, r, p)).map((r) => c.roles[r]?.id as string)
  if (grantedBy.length === 0) {
    return decide(
      'not-granted',
      `${who} may not use ${what}: none of their roles includes it; give them a role that does.`,
    )
  }
  if (!u.seat && !has(cat.free, p)) {
    const mode = accessOf(c, u.roles, false).mode
    const now = mode === 'viewer' ? 'so they can only view (viewer mode)' : 'so they have no access'
    return decide(
      'no-seat',
      `${who} may not use ${what}: it needs a seat and they hold none, ${now}; grant them a seat.`,
      grantedBy,
    )
  }
  const eff = effective(c, u.roles, u.seat)
  if (!has(eff, p)) {
    const reqs = cat.requires[p] ?? []
    const names = reqs.map(title)
    const list = names.length > 1 ? `${names.slice(0, -1).join(', ')} or ${names.at(-1)}` : (names[0] ?? '')
    // A prerequisite they hold but that is not effective: a role granting it would change nothing.
    const held = reqs.filter((q) => u.roles.some((r) => roleHolds(c, r, q)))
    const withSeat = u.seat ? undefined : effective(c, u.roles, true)
    const seated = withSeat ? held.filter((q) => has(withSeat, q)) : []
    const them = (qs: number[], one: string, many: string): string =>
      `and ${qs.map(title).join(', ')}, which they hold, ${qs.length > 1 ? many : one}`
    const why =
      held.length === 0
        ? 'and they have none of these; give them a role that grants one'
        : seated.length > 0
          ? `${them(seated, 'needs', 'need')} a seat they do not have; grant them a seat`
          : `${them(held, 'has no effect itself', 'have no effect themselves')}; explain ${held.map((q) => show(cat.ids[q])).join(', ')} for them to see what is lacking`
    return decide(
      'missing-prerequisite',
      `${who} may not use ${what}: it needs ${list} as well, ${why}.`,
      grantedBy,
      reqs,
    )
  }
  const by = grantedBy.map((id) => show(id)).join(', ')
  if (it !== undefined) {
    const bits = reachBits(c, eff, p)
    if (!admits(bits, u, it)) {
      return decide(
        'out-of-reach',
        `${who} may not use ${what} on this item: for them it reaches ${reachWords(bits, u)}; ${reachAdvice(bits, it)}.`,
        grantedBy,
        undefined,
        reachValue(bits, u.id, sortedQueues(u.queues)),
      )
    }
  }
  return decide(
    'granted',
    `${who} may use ${what}, granted by ${grantedBy.length > 1 ? 'roles' : 'role'} ${by}.`,
    grantedBy,
  )
}
