import type { Decision } from './model/decision.js'
import type { ErrorCode } from './model/error-code.js'
import type { Problem } from './model/problem.js'

/**
 * Options accepted by the {@link SeatguardError} constructor.
 *
 * @example
 * ```ts
 * import { SeatguardError, type SeatguardErrorOptions } from 'seatguard'
 * const options: SeatguardErrorOptions = { context: { tenant: 'acme', limit: 5 } }
 * const err = new SeatguardError('seat/limit-reached', 'Seat grant failed: the tenant has used all 5 seats.', options)
 * ```
 */
export interface SeatguardErrorOptions {
  /** Every problem that caused the error; the error's code is the first one's. */
  readonly problems?: readonly Problem[]
  /** Structured facts about the failure (ids, versions, limits). */
  readonly context?: Readonly<Record<string, unknown>>
  /** The underlying error, when seatguard wraps one (a driver error, say). */
  readonly cause?: unknown
}

const BRAND = Symbol.for('seatguard.error')

/**
 * The one error class seatguard throws (or a subclass of it). It carries a stable
 * `code`, every `problem` that caused it, and structured `context`. Every code, and the rule
 * (R1–R38) a message cites, is explained in `docs/errors.md` and `docs/rules.md` of the package.
 *
 * @example
 * ```ts
 * import { conversations, createPolicy, SeatguardError } from 'seatguard'
 * let code: string | undefined
 * try {
 *   createPolicy(conversations).deleteRole('agent')
 * } catch (err) {
 *   if (err instanceof SeatguardError) code = err.code // 'role/immutable'
 * }
 * ```
 */
export class SeatguardError extends Error {
  /** The stable code of this error. */
  readonly code: ErrorCode
  /** Every problem found; empty when the error has a single cause given by `code`. */
  readonly problems: readonly Problem[]
  /** Structured facts about the failure. */
  readonly context: Readonly<Record<string, unknown>>

  constructor(code: ErrorCode, message: string, options: SeatguardErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.name = 'SeatguardError'
    this.code = code
    this.problems = Object.freeze([...(options.problems ?? [])])
    this.context = Object.freeze({ ...options.context })
    Object.defineProperty(this, BRAND, { value: true })
  }

  // biome-ignore-start lint/complexity/noThisInStatic: `this` is the class on the right of instanceof, a subclass too
  /**
   * The entries of one format share one copy of this class, but the ESM and CJS builds each
   * have their own (an app can load both), and the client brands its GrantError without loading
   * the core: `instanceof` also accepts an error branded by another copy (same class name).
   */
  static override [Symbol.hasInstance](value: unknown): boolean {
    if (Function.prototype[Symbol.hasInstance].call(this, value)) return true
    if (typeof value !== 'object' || value === null || (value as Record<symbol, unknown>)[BRAND] !== true) return false
    return this === SeatguardError || (value as Error).name === this.name
  }
  // biome-ignore-end lint/complexity/noThisInStatic: -
}

/**
 * Thrown by `assertCan` when a user may not use a permission. `decision` says why.
 *
 * @example
 * ```ts
 * import { conversations, createPolicy, ForbiddenError } from 'seatguard'
 * const policy = createPolicy(conversations)
 * let reason: string | undefined
 * try {
 *   policy.assertCan({ id: 'ana', roles: ['agent'] }, 'conversations/allow-assignment')
 * } catch (err) {
 *   if (err instanceof ForbiddenError) reason = err.decision.reason // 'no-seat'
 * }
 * ```
 */
export class ForbiddenError extends SeatguardError {
  /** The decision that refused access. */
  readonly decision: Decision

  constructor(decision: Decision) {
    super('access/forbidden', decision.message, {
      context: { permission: decision.permission, reason: decision.reason },
    })
    this.name = 'ForbiddenError'
    this.decision = decision
  }
}

/**
 * The error of a refused definition or write (R13, R14): the code and message of the first
 * error-level problem (of the first problem when none is an error), a count of the other
 * errors, and every problem, warnings included, in `problems`.
 */
export function errorFromProblems(
  problems: readonly Problem[],
  context?: Readonly<Record<string, unknown>>,
): SeatguardError {
  const errors = problems.filter((p) => p.severity === 'error')
  const first = errors[0] ?? problems[0]
  const code = (first?.code ?? 'data/invalid') as ErrorCode
  const more = errors.length > 1 ? ` (and ${errors.length - 1} more problem${errors.length > 2 ? 's' : ''})` : ''
  return new SeatguardError(code, `${first?.message ?? 'Invalid data.'}${more}`, {
    problems,
    ...(context ? { context } : {}),
  })
}

/**
 * Visits each user of an iterable the caller passed. A value that cannot be iterated, or
 * whose iterator throws part-way, is `data/invalid` with the iterator's error as `cause`.
 */
export function eachUser<T>(what: string, users: Iterable<T>, visit: (user: T) => void): void {
  try {
    for (const user of users) visit(user)
  } catch (err) {
    const message = `${what}: pass an iterable of users (an array, a Set, a generator); iterating the value given failed.`
    throw new SeatguardError('data/invalid', message, { cause: err })
  }
}

/**
 * Runs a step that reads the caller's data. A getter or proxy that throws while being read
 * makes the data invalid: the caller gets a `data/invalid` SeatguardError carrying the
 * original error as `cause`, never that error bare. SeatguardErrors pass through.
 */
export function reading<T>(what: string, read: () => T): T {
  try {
    return read()
  } catch (err) {
    if (err instanceof SeatguardError) throw err
    throw new SeatguardError(
      'data/invalid',
      `${what}: the data could not be read (reading one of its properties threw).`,
      { cause: err },
    )
  }
}
