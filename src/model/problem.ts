import type { ErrorCode } from './error-code.js'

/**
 * The code of a {@link Problem}: an error code, or one of the warnings (all explained in
 * `docs/errors.md` in the package).
 *
 * @example
 * ```ts
 * import type { ProblemCode } from 'seatguard'
 * const code: ProblemCode = 'seat/unused'
 * ```
 */
export type ProblemCode = ErrorCode | 'assignment/unusable-permission' | 'seat/missing' | 'seat/unused'

/**
 * One finding of `check`, or one reason a write was refused.
 *
 * @example
 * ```ts
 * import { conversations, createPolicy } from 'seatguard'
 * const [problem] = createPolicy(conversations).check({ id: 'ana', roles: ['agent', 'supervisor'], seat: true })
 * const code = problem?.code // 'assignment/exclusive-roles'
 * ```
 */
export interface Problem {
  /** The stable code of the problem. */
  readonly code: ProblemCode
  /** Errors block a store write (R14); warnings never do. */
  readonly severity: 'error' | 'warning'
  /** One plain sentence a person can act on. */
  readonly message: string
  /** The role ids involved, when the problem is about roles. */
  readonly roles?: readonly string[]
  /** The permission ids involved, when the problem is about permissions. */
  readonly permissions?: readonly string[]
  /**
   * Where the problem is, when a write took many records: `users[3]` for the fourth user of a
   * `setUsers` batch (counted from 0), or of the whole stream for `importUsers` (R38).
   */
  readonly path?: string
}
