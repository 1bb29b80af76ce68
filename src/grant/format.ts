/**
 * The wire format of a grant, shared by `createGrant` (server) and `seatguard/client`.
 * Pure data and types: no import from the core, so the client stays small.
 */

/** The `format` tag every grant carries. */
export const GRANT_FORMAT = 'seatguard.grant'

/** The grant format version this build writes and reads. Bumped only on a breaking change. */
export const GRANT_VERSION = 1

/**
 * Why a permission the user's own roles hold is not effective: no active seat (R4), or
 * none of its prerequisites is effective (R6).
 *
 * @example
 * ```ts
 * import type { WithheldReason } from 'seatguard'
 * const reason: WithheldReason = 'no-seat'
 * ```
 */
export type WithheldReason = 'no-seat' | 'missing-prerequisite'

/**
 * One user's decisions, made on the server and shipped to the browser: the catalogue it
 * was made for, the user's access mode (R7), their effective permissions in catalogue
 * order, and the permissions their roles hold but that are withheld, with the reason.
 * Plain JSON: send it with `JSON.stringify` and read it with `createGuard` from
 * `seatguard/client`. It is a hint for the interface, not a token: the server still checks.
 *
 * @example
 * ```ts
 * import { conversations, createGrant, createPolicy, type Grant } from 'seatguard'
 * const grant: Grant = createGrant(createPolicy(conversations), { id: 'ana', roles: ['agent'] })
 * const why = grant.withheld['conversations/my-work/transfer'] // 'no-seat' (grant.mode is 'viewer')
 * ```
 */
export interface Grant<TPermission extends string = string> {
  /** Marks the JSON as a seatguard grant. */
  readonly format: typeof GRANT_FORMAT
  /** The version of the grant format. */
  readonly v: typeof GRANT_VERSION
  /** The catalogue the decisions were made with; a client built for another one refuses the grant. */
  readonly catalogue: {
    /** The catalogue id. */
    readonly id: string
    /** The catalogue version. */
    readonly version: string
  }
  /** The id of the user the grant is for. */
  readonly user: string
  /** The user's access mode (R7). */
  readonly mode: 'full' | 'viewer' | 'none'
  /** Effective permissions, in catalogue order. */
  readonly permissions: readonly TPermission[]
  /** Permissions the user's roles hold that are not effective, and why. Nothing else is listed. */
  readonly withheld: { readonly [P in TPermission]?: WithheldReason }
}
