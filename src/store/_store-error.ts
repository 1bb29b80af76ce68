import { SeatguardError } from '../errors.js'

const codeOf = (err: unknown): string | undefined => {
  const code = (err as { code?: unknown } | null)?.code
  return typeof code === 'string' ? code : undefined
}

/**
 * What an error a store throws becomes, for the service and the built-in stores alike: a
 * SeatguardError passes as it is; any other error (a driver's, a third-party adapter's, a
 * bug) is `store/unavailable`, keeping it as `cause` and its code (a SQLSTATE, an errno) in
 * `context.driverCode` for retry logic. `describe` words the message around the error's own.
 * `connectionError` is what the connection's 'error' event carried: node-postgres rejects the
 * statement after a kill with a bare "Connection terminated" or "not queryable" while the
 * event had the 57P01, so the code comes from there when the rejection has none.
 */
export function storeError(
  err: unknown,
  describe: (message: string) => string,
  connectionError?: unknown,
): SeatguardError {
  if (err instanceof SeatguardError) return err
  const driverCode = codeOf(err) ?? codeOf(connectionError)
  const message = err instanceof Error ? err.message : String(err)
  return new SeatguardError('store/unavailable', describe(message), {
    cause: err,
    context: driverCode === undefined ? {} : { driverCode },
  })
}
