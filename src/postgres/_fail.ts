import { show } from '../_util.js'
import { SeatguardError } from '../errors.js'
import { storeError } from '../store/_store-error.js'

/** The deadline of every database call when the store is given none: 5 s. */
export const DEFAULT_DEADLINE = 5000

const databaseFailed = (message: string): string =>
  `PostgreSQL store: the database failed (${message}); check the connection and retry.`

/**
 * Every thrown error is a SeatguardError: a driver's error (a refused connection, a failed
 * statement, a terminated backend) becomes `store/unavailable`, as {@link storeError} makes it,
 * worded for the database; `connectionError` is what the connection's 'error' event carried.
 */
export const toStoreError = (err: unknown, connectionError?: unknown): SeatguardError =>
  storeError(err, databaseFailed, connectionError)

/** The error of a call that got no answer in time. */
export function deadlineError(deadline: number, what: string): SeatguardError {
  return new SeatguardError(
    'store/unavailable',
    `PostgreSQL store: ${what} got no answer within the deadline of ${deadline} ms; the connection was given up, check the database and retry.`,
    { context: { deadline, operation: what } },
  )
}

/**
 * Settles as `promise` does, or rejects with {@link deadlineError} after `ms`, calling
 * `onExpire` first (to destroy the connection the call used). What `promise` does after the
 * deadline is ignored. `deadline` is the one the error names, when `ms` is what was left of it.
 */
export function withDeadline<T>(
  promise: Promise<T>,
  ms: number,
  what: string,
  onExpire?: () => void,
  deadline = ms,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      try {
        onExpire?.()
      } finally {
        reject(deadlineError(deadline, what))
      }
    }, ms)
    // A call no one can answer any more (its pool ended under it) must not keep Node alive;
    // a silent socket keeps the process up by itself, so the deadline still fires then.
    ;(timer as { unref?: () => void }).unref?.()
    promise.then(
      (value) => {
        clearTimeout(timer)
        resolve(value)
      },
      (err: unknown) => {
        clearTimeout(timer)
        reject(err)
      },
    )
  })
}

/** Reads the `deadline` option: a whole number of ms from 1 to 2³¹ − 1 (the most a timer holds). */
export function readDeadline(value: unknown): number {
  if (value === undefined) return DEFAULT_DEADLINE
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > 2 ** 31 - 1) {
    throw new SeatguardError(
      'data/invalid',
      `createPostgresStore: "deadline" must be a whole number of milliseconds from 1 to 2147483647, got ${show(value)}.`,
    )
  }
  return value
}
