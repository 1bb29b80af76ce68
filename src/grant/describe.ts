/**
 * R35: one decision in words for each reader. Shared by the core and `seatguard/client`, so
 * the sentences cannot drift between server and browser; types only from the core, so the
 * client bundles none of it. Every byte here counts toward the client's budget.
 */
import type { Reach } from '../model/reach.js'
import type { DecisionReason } from '../model/reason.js'

/**
 * Who reads the sentence: `user`, the person who was allowed or denied (told what happened,
 * never given advice only an administrator can follow), or `admin`, who is told what to change.
 *
 * @example
 * ```ts
 * import type { Audience } from 'seatguard'
 * const audience: Audience = 'user'
 * ```
 */
export type Audience = 'user' | 'admin'

/**
 * What a message function of {@link DecisionMessages} is given to word a decision with.
 * `missing` and `reach` come only from a server decision: the grant a browser guard reads
 * does not carry them.
 *
 * @example
 * ```ts
 * import type { DecisionWords } from 'seatguard'
 * const german = (w: DecisionWords): string => `Keine Lizenz für ${w.name}.`
 * ```
 */
export interface DecisionWords {
  /** The permission id. */
  readonly permission: string
  /** The permission's display name; the id when the decision carries no name. */
  readonly name: string
  /** Why the decision came out as it did. */
  readonly reason: DecisionReason
  /** Who the sentence is for. */
  readonly audience: Audience
  /** The display names of the missing prerequisites (`missing-prerequisite`), else empty. */
  readonly missing: readonly string[]
  /** Where the permission does reach (`out-of-reach`, server decisions only). */
  readonly reach?: Reach
  /** seatguard's own sentence for this decision and audience, to keep or to extend. */
  readonly text: string
}

/**
 * An application's wording for one reason: a fixed sentence, or a function of the
 * decision's {@link DecisionWords}.
 *
 * @example
 * ```ts
 * import type { DecisionMessage } from 'seatguard'
 * const seat: DecisionMessage = (w) => `Keine Lizenz für ${w.name}.`
 * ```
 */
export type DecisionMessage = string | ((words: DecisionWords) => string)

/**
 * An application's own wording, per reason (its language, its tone). A reason without an
 * entry keeps seatguard's sentence.
 *
 * @example
 * ```ts
 * import type { DecisionMessages } from 'seatguard'
 * const messages: DecisionMessages = {
 *   'no-seat': (w) => `Keine Lizenz für ${w.name}. Bitte wenden Sie sich an Ihre Administration.`,
 *   'not-granted': 'Dafür fehlt Ihnen die Berechtigung.',
 * }
 * ```
 */
export type DecisionMessages = { readonly [R in DecisionReason]?: DecisionMessage }

/**
 * The options of {@link describeDecision}: who reads the sentence, and the application's own
 * wording per reason.
 *
 * @example
 * ```ts
 * import type { DescribeOptions } from 'seatguard'
 * const options: DescribeOptions = { audience: 'user', messages: { 'no-seat': 'Ask for a licence.' } }
 * ```
 */
export interface DescribeOptions {
  /** Who reads the sentence; anything but `admin` is taken as `user`. */
  readonly audience: Audience
  /** The application's wording per reason; a reason without an entry keeps seatguard's. */
  readonly messages?: DecisionMessages | undefined
}

/**
 * What {@link describeDecision} reads from a decision: the fields a server `Decision` and a
 * browser `GuardDecision` share, so either can be passed.
 *
 * @example
 * ```ts
 * import { describeDecision, type DescribableDecision } from 'seatguard'
 * const d: DescribableDecision = { permission: 'conversations/my-work/transfer', reason: 'no-seat' }
 * describeDecision(d, { audience: 'user' })
 * ```
 */
export interface DescribableDecision {
  /** The permission id. */
  readonly permission: string
  /** Why the decision came out as it did. */
  readonly reason: DecisionReason
  /** The permission's display name, when the decision carries one. */
  readonly name?: string | undefined
  /** The display names of the missing prerequisites, when the decision carries them. */
  readonly missingNames?: readonly string[] | undefined
  /** Where the permission does reach, when the decision carries it. */
  readonly reach?: Reach | undefined
}

// Each sentence follows the name; the name is used as the catalogue writes it (no case folding:
// a name may start with a product name or an acronym), so it opens the sentence.
const USER: Record<DecisionReason, string> = {
  granted: ' is available to you.',
  'unknown-permission': ' is unknown.',
  'invalid-user': " isn't available to you: your account can't be read. Ask your administrator.",
  'invalid-item': " isn't available on this item: it can't be read.",
  'not-granted': " isn't available to you: your roles don't include it. Ask your administrator.",
  'no-seat': " isn't available to you: you have no seat. Ask your administrator.",
  'missing-prerequisite': " isn't available to you: it needs access you don't have. Ask your administrator.",
  'out-of-reach': " isn't available on this item: it isn't in your queues or assigned to you.",
}

const ADMIN: Record<DecisionReason, string> = {
  granted: ' is granted to the user.',
  'unknown-permission': ' is unknown: check the id.',
  'invalid-user': ' is denied: fix the malformed user record.',
  'invalid-item': ' is denied: fix the malformed work item.',
  'not-granted': ' is denied: give the user a role that includes it.',
  'no-seat': ' is denied: grant the user a seat.',
  'missing-prerequisite': ' is denied: give the user a role with one of its prerequisites.',
  'out-of-reach': " is denied on this item: add the user to the item's queue or assign it to them.",
}

/**
 * Words a decision for its reader (R35): for the `user` who was denied, a sentence with the
 * permission's display name and no advice only an administrator can follow; for an `admin`,
 * what to change. `messages` replaces the sentence of any reason with the application's own.
 * Takes a server `Decision` or a `GuardDecision` from `seatguard/client`, and words both
 * alike. Never throws: a message entry that is neither a string nor a function, or one that
 * throws or returns no string, keeps seatguard's sentence.
 *
 * @example
 * ```ts
 * import { describeDecision, explain } from 'seatguard'
 * const d = explain({ id: 'ben', roles: ['agent'] }, 'conversations/my-work/transfer')
 * describeDecision(d, { audience: 'user' })
 * // "Transfer conversations isn't available to you: you have no seat. Ask your administrator."
 * describeDecision(d, { audience: 'user', messages: { 'no-seat': (w) => `Keine Lizenz für ${w.name}.` } })
 * // 'Keine Lizenz für Transfer conversations.'
 * ```
 */
export function describeDecision(decision: DescribableDecision, options: DescribeOptions): string {
  let text = 'Not available.'
  try {
    const { permission, reason, name, missingNames, reach } = decision
    // Only a reason of the tables: a prototype key such as `constructor` is none.
    const known = Object.hasOwn(USER, reason)
    const id = `${permission}`
    const label = typeof name === 'string' && name !== '' ? name : id
    const say = (table: Record<DecisionReason, string>, who: string): string =>
      `${who}${known ? table[reason] : ' is denied.'}`
    // The user's sentence first: options that cannot be read leave it, never the administrator's.
    text = say(USER, label)
    const audience: Audience = options?.audience === 'admin' ? 'admin' : 'user'
    if (audience === 'admin') text = say(ADMIN, label === id ? id : `${label} (${id})`)
    const own = known ? options?.messages?.[reason] : undefined
    const missing = Array.isArray(missingNames) ? missingNames : []
    const out =
      typeof own === 'function'
        ? own({ permission: id, name: label, reason, audience, missing, ...(reach ? { reach } : {}), text })
        : own
    return typeof out === 'string' ? out : text
  } catch {
    return text
  }
}
