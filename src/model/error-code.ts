/**
 * Every stable error code seatguard throws. Match on `err.code`, never on the message;
 * `docs/errors.md` in the package says what each one means and which rule it comes from.
 *
 * @example
 * ```ts
 * import { type ErrorCode, SeatguardError } from 'seatguard'
 * const retryable = (err: unknown): boolean =>
 *   err instanceof SeatguardError && err.code === ('store/conflict' satisfies ErrorCode)
 * ```
 */
export type ErrorCode =
  | 'role/immutable'
  | 'role/unknown'
  | 'role/duplicate-id'
  | 'role/invalid-id'
  | 'role/unknown-permission'
  | 'role/in-use'
  | 'catalogue/invalid'
  | 'assignment/exclusive-roles'
  | 'assignment/derived-with-source'
  | 'assignment/unknown-role'
  | 'seat/limit-reached'
  | 'store/conflict'
  | 'store/not-found'
  | 'data/invalid'
  | 'store/unavailable'
  | 'access/forbidden'
