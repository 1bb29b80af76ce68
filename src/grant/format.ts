/**
 * The wire format of a grant, shared by `createGrant` (server) and `seatguard/client`.
 * Data, types and one tiny rule: no import from the core, so the client stays small.
 */

/** The `format` tag every grant carries. */
export const GRANT_FORMAT = 'seatguard.grant'

/** The grant format version this build writes and reads. Bumped only on a breaking change. */
export const GRANT_VERSION = 1

/**
 * What two catalogue versions must share for data made with one to be read with the other
 * (a grant by the page, a policy file by the CLI): `1.x` for `1.4.2`, `0.4.x` for `0.4.2`
 * (before 1.0 a minor release may break, as npm's `^0.4.2` reads it), and the version
 * itself when it is not `MAJOR.MINOR.PATCH` (`1`, `2024-05`, `1.0.0-beta.1` only read
 * themselves). Within a major version a catalogue only adds permissions, so `1.0.0` and
 * `1.4.0` read each other's data, both ways; another major means ids may have changed.
 */
export const versionLine = (version: string): string => {
  const v = /^(\d+)\.(\d+)\.\d+$/.exec(version)
  return v ? `${v[1] === '0' ? `0.${v[2]}` : v[1]}.x` : version
}

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
 * Where one granted scoped permission reaches for the user (R20, R23), in a grant: `q`, the
 * queues whose items it reaches (the user's own queues, sorted; absent when it reaches no
 * queue), and `a: true` when it reaches the items assigned to the user. An entry with
 * neither reaches no item at all. A permission that reaches every item has no entry.
 *
 * @example
 * ```ts
 * import type { GrantReach } from 'seatguard'
 * const transfer: GrantReach = { q: ['billing'], a: true } // ana's queue, and what is assigned to her
 * ```
 */
export interface GrantReach {
  /** The queues it reaches, sorted, each once; absent when none. */
  readonly q?: readonly string[]
  /** Present (`true`) when it reaches the items assigned to the user. */
  readonly a?: true
}

/**
 * One user's decisions, made on the server and shipped to the browser: the catalogue it
 * was made for, the user's access mode (R7), their effective permissions in catalogue
 * order, the permissions their roles hold but that are withheld, with the reason, and where
 * each granted scoped permission reaches (R25), so the browser can check a work item, and the
 * display names of the catalogue's permissions, so it can say what was denied (R35). Plain
 * JSON: send it with `JSON.stringify` and read it with `createGuard` from
 * `seatguard/client`. It is a hint for the interface, not a token: it is not signed, and the
 * server checks every request itself.
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
  /**
   * Where each effective permission that does not reach every item reaches (R25); an
   * effective permission without an entry reaches every item. Always present (`{}` when no
   * entry), so a reader can tell a grant made before reach existed.
   */
  readonly reach: { readonly [P in TPermission]?: GrantReach }
  /**
   * The display name of every permission of the catalogue, by id, so the browser words its
   * decisions with names, not ids (R35). Always written by `createGrant`; a grant from a server
   * older than it has none, and the guard then words with ids.
   */
  readonly names?: { readonly [P in TPermission]?: string }
}
