import type { Grant, WithheldReason } from '../grant/format.js'

/**
 * The permission ids a guard is typed with: the ids of a catalogue type
 * (`typeof conversations`), a union of ids given directly, or `string` when no type is given.
 *
 * @example
 * ```ts
 * import type { conversations } from 'seatguard'
 * import type { PermissionIn } from 'seatguard/client'
 * const id: PermissionIn<typeof conversations> = 'conversations/my-work/transfer'
 * ```
 */
export type PermissionIn<TCatalogue> = [TCatalogue] extends [string]
  ? TCatalogue
  : TCatalogue extends { readonly permissions: readonly { readonly id: infer P extends string }[] }
    ? P
    : string

/** A permission argument: a literal must be one of `TPermission`; a plain `string` is accepted. */
type Known<P extends string, TPermission extends string> = string extends P ? P : TPermission

/**
 * Why the guard allows or refuses a permission, as the server's `explain` would say it:
 * `granted`, `not-granted` (no role of the user holds it, or it is not a permission at all),
 * `no-seat` (R4) or `missing-prerequisite` (R6); on a work item also `invalid-item` (not an
 * object, or a `queue` / `assignee` that is present but not a non-empty string, R21) and
 * `out-of-reach` (the permission is granted, but not on this item, R22).
 *
 * @example
 * ```ts
 * import type { GuardReason } from 'seatguard/client'
 * const reason: GuardReason = 'no-seat'
 * ```
 */
export type GuardReason = 'granted' | 'not-granted' | WithheldReason | 'invalid-item' | 'out-of-reach'

/**
 * A work item a guard check can be about (R21), the same shape as the core's `WorkItem`:
 * the queue it is in and the id of the user it is assigned to, both optional.
 *
 * @example
 * ```ts
 * import type { WorkItem } from 'seatguard/client'
 * const conversation: WorkItem = { queue: 'billing', assignee: 'ana' }
 * ```
 */
export interface WorkItem {
  /** The queue the item is in. */
  readonly queue?: string | undefined
  /** The id of the user the item is assigned to. */
  readonly assignee?: string | undefined
}

/**
 * The answer of `guard.explain`: whether the permission is allowed, why, the permission's
 * display name, and one sentence to show the user. `describeDecision` words it for another
 * audience or in the application's own words, as it does a server decision.
 *
 * @example
 * ```ts
 * import { createGuard, type GuardDecision } from 'seatguard/client'
 * declare const grant: unknown
 * const guard = createGuard(grant, { catalogue: { id: 'conversations', version: '1.0.0' } })
 * const decision: GuardDecision = guard.explain('conversations/my-work/transfer')
 * ```
 */
export interface GuardDecision<TPermission extends string = string> {
  /** `true` exactly when `reason` is `granted`. */
  readonly allowed: boolean
  /** The permission asked about. */
  readonly permission: TPermission
  /** Why the permission is allowed or refused. */
  readonly reason: GuardReason
  /** The permission's display name, from the grant; absent for an id the grant does not name (R35). */
  readonly name?: string
  /** One sentence to show the user: `describeDecision(decision, { audience: 'user' })` (R35). */
  readonly message: string
}

/**
 * What `createGuard` needs besides the grant: the catalogue id and version the page was
 * built for. A grant made with any other catalogue or version is refused.
 *
 * @example
 * ```ts
 * import type { GuardOptions } from 'seatguard/client'
 * const options: GuardOptions = { catalogue: { id: 'conversations', version: '1.0.0' } }
 * ```
 */
export interface GuardOptions {
  /** The catalogue the page was built for. */
  readonly catalogue: {
    /** The catalogue id, such as `conversations`. */
    readonly id: string
    /** The catalogue version, such as `1.0.0`. */
    readonly version: string
  }
}

/**
 * One user's decisions in the browser. `can` and `explain` never throw; with a catalogue
 * type, a misspelt permission literal is a compile error. Both take an optional work item
 * and answer what the server answers on it, from the reach the grant carries (R25). The
 * guard is live (R36): `update` swaps in a newer grant and `subscribe` tells the page, so
 * `user`, `mode`, `permissions` and every answer are always the current grant's.
 *
 * @example
 * ```ts
 * import type { conversations } from 'seatguard'
 * import { createGuard, type Guard, type PermissionIn } from 'seatguard/client'
 * declare const grant: unknown
 * const options = { catalogue: { id: 'conversations', version: '1.0.0' } }
 * const guard: Guard<PermissionIn<typeof conversations>> = createGuard<typeof conversations>(grant, options)
 * ```
 */
export interface Guard<TPermission extends string = string> {
  /** The id of the user the grant is for. */
  readonly user: string
  /** Their access mode (R7): `full`, `viewer` or `none`. */
  readonly mode: Grant['mode']
  /** Effective permissions, in catalogue order. */
  readonly permissions: readonly TPermission[]
  /**
   * Whether the user may use the permission, on the work item when one is given (R21): what
   * `policy.can(user, permission, item)` answers on the server.
   */
  can<P extends string>(permission: Known<P, TPermission>, item?: WorkItem): boolean
  /** The decision with its reason and a sentence to show, on the work item when one is given (R22). */
  explain<P extends string>(permission: Known<P, TPermission>, item?: WorkItem): GuardDecision<TPermission>
  /**
   * How many times the grant was replaced: 0 from `createGuard`, one more on each accepted
   * `update`. It changes exactly when the answers may have, so it is the snapshot for
   * `useSyncExternalStore(guard.subscribe, () => guard.revision)`.
   */
  readonly revision: number
  /**
   * Replaces the grant (R36), validated exactly as `createGuard` validates it. A refused
   * grant throws a `GrantError` and changes nothing: the old grant stays, no listener is
   * called. Every accepted grant counts as a change, even one that says the same.
   *
   * @example
   * ```ts
   * import { createGuard } from 'seatguard/client'
   * declare const first: unknown
   * const guard = createGuard(first, { catalogue: { id: 'conversations', version: '1.0.0' } })
   * const events = new EventSource('/grants') // the server pushes the user's new grant
   * events.onmessage = (event) => guard.update(JSON.parse(event.data))
   * ```
   */
  update(grant: unknown): void
  /**
   * Calls `listener` after each accepted `update`, until the function it returns is called.
   * Listeners are called in the order they subscribed; one that throws stops neither the
   * others nor the update, and its error is rethrown in a microtask (reported as uncaught,
   * as a throwing DOM event listener is). Works unbound, as `useSyncExternalStore` calls it.
   *
   * @example
   * ```ts
   * import { createGuard } from 'seatguard/client'
   * declare const grant: unknown
   * const guard = createGuard(grant, { catalogue: { id: 'conversations', version: '1.0.0' } })
   * const unsubscribe = guard.subscribe(() => console.log('now', guard.mode))
   * unsubscribe()
   * ```
   */
  subscribe(listener: () => void): () => void
}
