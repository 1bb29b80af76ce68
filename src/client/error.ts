/**
 * What was wrong with a refused grant: not a well-formed grant (`malformed`), a format
 * version this client does not read (`unsupported-version`), or made for another
 * catalogue or catalogue version than the page expects (`catalogue-mismatch`).
 *
 * @example
 * ```ts
 * import type { GrantProblem } from 'seatguard/client'
 * const refetch = (problem: GrantProblem): boolean => problem === 'catalogue-mismatch'
 * ```
 */
export type GrantProblem = 'malformed' | 'unsupported-version' | 'catalogue-mismatch'

/**
 * Thrown by `createGuard` when it refuses a grant; a refused grant never allows anything.
 * `code` is always `data/invalid`, the same stable code the core uses for bad data, and
 * `problem` says which check failed. It is also an `instanceof SeatguardError` (the core's
 * class recognises it by a shared brand), without the client loading the core.
 *
 * @example
 * ```ts
 * import { createGuard, GrantError } from 'seatguard/client'
 * try {
 *   createGuard({ format: 'other' }, { catalogue: { id: 'conversations', version: '1.0.0' } })
 * } catch (err) {
 *   if (err instanceof GrantError) console.log(err.code, err.problem) // 'data/invalid' 'malformed'
 * }
 * ```
 */
export class GrantError extends Error {
  /** The stable code, shared with the core's `SeatguardError`. */
  readonly code = 'data/invalid'
  /** Which check refused the grant. */
  declare readonly problem: GrantProblem

  constructor(problem: GrantProblem, message: string) {
    super(`seatguard/client: ${message}`)
    this.name = 'GrantError'
    this.problem = problem
  }

  /** The core's brand: `err instanceof SeatguardError` holds for a GrantError too (SPEC: every thrown error is one). */
  get [Symbol.for('seatguard.error')](): true {
    return true
  }
}
