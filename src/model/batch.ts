import type { UserInput } from './user.js'

/**
 * One user of a {@link AccessControl.setUsers} batch or an {@link AccessControl.importUsers}
 * stream: a {@link UserInput}, plus the version the caller last saw of that user (R16; 0 means
 * "must not exist yet"). A different stored version refuses the whole batch with `store/conflict`.
 *
 * @example
 * ```ts
 * import type { BatchUserInput } from 'seatguard'
 * const users: BatchUserInput[] = [
 *   { id: 'ana', roles: ['agent'], seat: true, expectedVersion: 3 },
 *   { id: 'new-hire', roles: ['viewer'], expectedVersion: 0 },
 * ]
 * ```
 */
export interface BatchUserInput extends UserInput {
  /** The version the caller last saw of this user; 0 = must not exist yet (R16). */
  readonly expectedVersion?: number | undefined
}

/**
 * Options of {@link AccessControl.setUsers}: who writes the batch (R17) and `dryRun` (R34).
 * There is no batch-wide `expectedVersion`: each user carries its own ({@link BatchUserInput}),
 * and passing one here is refused with `data/invalid`.
 *
 * @example
 * ```ts
 * import type { SetUsersOptions } from 'seatguard'
 * const opts: SetUsersOptions = { actor: 'idp-sync', dryRun: true }
 * ```
 */
export interface SetUsersOptions {
  /** Who makes the write, recorded in every audit entry of the batch (R17). */
  readonly actor?: string | undefined
  /** R34: validate the batch exactly as it would run, write nothing, resolve to `{ record, impact }`. */
  readonly dryRun?: boolean | undefined
  /** Not taken: give each user its own `expectedVersion` ({@link BatchUserInput}). */
  readonly expectedVersion?: never
}

/**
 * How far an {@link AccessControl.importUsers} has come, counted over the batches committed so
 * far: `written` users changed (one `user.set` entry each), `unchanged` users already stored as
 * given (no entry), and `batches` committed. It is also what the import resolves to.
 *
 * @example
 * ```ts
 * import type { ImportProgress } from 'seatguard'
 * const show = ({ written, unchanged, batches }: ImportProgress): string =>
 *   `${batches} batches: ${written} written, ${unchanged} unchanged`
 * ```
 */
export interface ImportProgress {
  /** Users the batches so far changed or created. */
  readonly written: number
  /** Users the batches so far found already stored as given. */
  readonly unchanged: number
  /** Batches committed so far. */
  readonly batches: number
}

/**
 * Options of {@link AccessControl.importUsers}: the actor of every batch (R17), how many users
 * each `setUsers` batch takes (default 1000, from 1 to 10,000), and `onProgress`, called after
 * each committed batch with the totals so far (a promise it returns is awaited before the next
 * batch, so a slow consumer holds the import back).
 *
 * @example
 * ```ts
 * import type { ImportOptions } from 'seatguard'
 * const opts: ImportOptions = { actor: 'nightly-sync', batchSize: 500, onProgress: (p) => { process.stdout.write(`${p.written} written\n`) } }
 * ```
 */
export interface ImportOptions {
  /** Who makes the import, recorded in every audit entry (R17). */
  readonly actor?: string | undefined
  /** Users per batch: a whole number from 1 to 10,000 (default 1000). */
  readonly batchSize?: number | undefined
  /** Called after each committed batch with the totals so far; a promise it returns is awaited. */
  readonly onProgress?: ((progress: ImportProgress) => void | Promise<void>) | undefined
}
