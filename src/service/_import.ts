import { isObject, show } from '../_util.js'
import { reading, SeatguardError } from '../errors.js'
import type { ImportProgress } from '../model/batch.js'
import type { StoredUser } from '../model/user.js'
import type { StoreTransaction } from '../store/types.js'
import { MAX_ENTRIES, readArgs } from './_args.js'
import { readBatch, readBatchOptions, setUsers } from './_batch.js'
import type { ReadOptions } from './_records.js'
import type { WriteContext, Written } from './_writes.js'

/** Runs one batch's work through the service's write path (commit, then read your own writes). */
export type CommitBatch = (
  o: ReadOptions,
  work: (tx: StoreTransaction) => Promise<Written<readonly StoredUser[]>>,
) => Promise<unknown>

/** Calls `listener` once when the service closes (at once if it has); returns how to stop listening (R28). */
export type OnClose = (listener: () => void) => () => void

type Users = Iterator<unknown> | AsyncIterator<unknown>
type Totals = { written: number; unchanged: number; batches: number }

const DEFAULT_BATCH = 1000
const invalid = (message: string, cause?: unknown): SeatguardError =>
  new SeatguardError('data/invalid', message, cause === undefined ? {} : { cause })

/** What the batches before this point left written: the sentence every failure of an import ends with. */
function kept({ written, unchanged, batches }: Totals): string {
  if (batches === 0) return 'No batch was written before it.'
  const users = written + unchanged
  return `The ${batches} batch${batches === 1 ? '' : 'es'} before it stay written (users[0] to users[${users - 1}]: ${written} written, ${unchanged} unchanged); resume from users[${users}].`
}

/** What the batches so far left written, when the import stops between two of them. */
function sofar({ written, unchanged, batches }: Totals): string {
  return `the ${batches} batch${batches === 1 ? '' : 'es'} so far stay written (${written} written, ${unchanged} unchanged); resume from users[${written + unchanged}].`
}

const CLOSED: unique symbol = Symbol('closed')

/** The `then` of an answer, read once (a getter could answer differently twice); undefined when it is no thenable. */
function thenOf(answer: unknown): PromiseLike<unknown>['then'] | undefined {
  const then: unknown = (answer as { readonly then?: unknown } | null | undefined)?.then
  return typeof then === 'function' ? (then as PromiseLike<unknown>['then']) : undefined
}

/**
 * R28: a thenable answer (an async source's next(), an async onProgress) settled, or CLOSED as
 * soon as the service closes, so an import never waits past close() on one that does not settle.
 * A sync answer never comes here: no race and no promise, so an array's import costs no tick per user.
 */
function untilClosed(answer: unknown, then: PromiseLike<unknown>['then'], onClose: OnClose): Promise<unknown> {
  return new Promise<unknown>((resolve, reject) => {
    const off = onClose(() => resolve(CLOSED))
    then.call(
      answer,
      (value) => {
        off()
        resolve(value)
      },
      (err: unknown) => {
        off()
        reject(err)
      },
    )
  })
}

const closedWhile = (what: string, rest: string, context: Record<string, number>): SeatguardError =>
  new SeatguardError('store/unavailable', `importUsers: the service was closed while ${what}${rest}`, { context })

/**
 * importUsers (R38): streams `source` as consecutive setUsers batches of `batchSize`, each its
 * own transaction, reporting the totals after each; the first batch that fails stops the import
 * with an error naming the batch and the user, and the batches before it stay written. Closing
 * the service stops it too, also while it waits on the source or on onProgress (R28).
 */
export async function importUsers(
  ctx: WriteContext,
  source: unknown,
  opts: unknown,
  commit: CommitBatch,
  onClose: OnClose,
): Promise<ImportProgress> {
  const { o, size, onProgress } = readImportOptions(opts)
  const users = iteratorOf(source)
  const totals: Totals = { written: 0, unchanged: 0, batches: 0 }
  // Every id written so far and its position: an id given twice is refused across batches too,
  // as within one (R38). The one thing an import keeps per user, about a map entry each.
  const earlier = new Map<string, number>()
  let ended = false
  try {
    while (!ended) {
      const offset = totals.written + totals.unchanged
      const batch: unknown[] = []
      while (batch.length < size && !ended) {
        // Until next() answers: a source that threw, like one that is done, is not closed again.
        ended = true
        // A sync source (an array, a generator) answers at once: no await, and no tick, per user.
        const answer = next(users, offset + batch.length, totals, onClose)
        const step = answer instanceof Promise ? await answer : (answer as Step)
        ended = step.done
        if (!step.done) batch.push(step.value)
      }
      if (batch.length === 0) break
      const [list] = readBatch('importUsers', batch, undefined, offset)
      let written = 0
      let ids: readonly string[] = []
      await commit(o, async (tx) => {
        const done = await setUsers(ctx, tx, o.actor, list, { what: 'importUsers', offset, earlier })
        written = done.entries.length
        ids = done.record.map((user) => user.id)
        return done
      }).catch((err: unknown) => {
        throw batchFailed(err, totals, offset, batch.length)
      })
      // Only once committed: a store that runs the work twice must not meet its own first run.
      for (let i = 0; i < ids.length; i++) earlier.set(ids[i] as string, offset + i)
      totals.written += written
      totals.unchanged += batch.length - written
      totals.batches++
      await report(onProgress, totals, onClose)
    }
  } catch (err) {
    if (!ended) stop(users)
    throw err
  }
  return Object.freeze({ ...totals })
}

function readImportOptions(opts: unknown): {
  o: ReadOptions
  size: number
  onProgress: ((progress: ImportProgress) => unknown) | undefined
} {
  const [read] = readArgs('importUsers', [opts])
  if (read !== undefined && !isObject(read))
    throw invalid(`importUsers: the options must be an object such as { batchSize: 1000 }, got ${show(read)}.`)
  const { batchSize, onProgress, dryRun, ...rest } = (read ?? {}) as Record<string, unknown>
  if (dryRun !== undefined)
    throw invalid(
      'importUsers: an import has no dry run (each batch is checked against what the ones before it wrote); try a batch with setUsers(users, { dryRun: true }) instead.',
    )
  const o = readBatchOptions('importUsers', rest)
  if (
    batchSize !== undefined &&
    !(typeof batchSize === 'number' && Number.isInteger(batchSize) && batchSize >= 1 && batchSize <= MAX_ENTRIES)
  )
    throw invalid(`importUsers: "batchSize" must be a whole number from 1 to ${MAX_ENTRIES}, got ${show(batchSize)}.`)
  if (onProgress !== undefined && typeof onProgress !== 'function')
    throw invalid(`importUsers: "onProgress" must be a function, got ${show(onProgress)}.`)
  return { o, size: (batchSize as number | undefined) ?? DEFAULT_BATCH, onProgress: onProgress as never }
}

/** The source's iterator: its async one, else its sync one (an array, a Set, a generator). */
function iteratorOf(source: unknown): Users {
  return reading('importUsers: the users', () => {
    if (typeof source === 'object' && source !== null) {
      const s = source as Partial<AsyncIterable<unknown> & Iterable<unknown>>
      const open: unknown = s[Symbol.asyncIterator] ?? s[Symbol.iterator]
      if (typeof open === 'function') {
        const users: unknown = (open as (this: unknown) => unknown).call(source)
        if (typeof users === 'object' && users !== null) return users as Users
      }
    }
    throw invalid(
      `importUsers: pass an iterable or async iterable of users (an array, a generator, a readline interface over parsed lines), got ${show(source)}.`,
    )
  })
}

type Step = { done: true } | { done: false; value: unknown }

/**
 * The next user, or done; an iterator that throws (or answers nonsense) stops the import with
 * `data/invalid`. A promise only when the source answered with one.
 */
function next(users: Users, index: number, totals: Totals, onClose: OnClose): Step | Promise<Step> {
  let answer: unknown
  let then: PromiseLike<unknown>['then'] | undefined
  try {
    answer = users.next()
    then = thenOf(answer)
  } catch (err) {
    throw sourceFailed(err, index, totals)
  }
  if (then === undefined) return stepOf(answer, users, index, totals)
  return untilClosed(answer, then, onClose).then(
    (step: unknown) => stepOf(step, users, index, totals),
    (err: unknown) => {
      throw sourceFailed(err, index, totals)
    },
  )
}

/** What the source answered, as a step; CLOSED when the service closed while it waited (R28). */
function stepOf(step: unknown, users: Users, index: number, totals: Totals): Step {
  if (step === CLOSED) {
    stop(users) // the source is left waiting: closed, as any source the import stops reading early
    const rest = `; the users read since the last batch were not written. ${kept(totals)}`
    throw closedWhile(`the import waited for users[${index}] from the source`, rest, {
      batch: totals.batches + 1,
      ...totals,
    })
  }
  try {
    if (typeof step !== 'object' || step === null) throw new TypeError(`next() returned ${show(step)}`)
    const { done, value } = step as IteratorResult<unknown>
    return done ? DONE : { done: false, value }
  } catch (err) {
    throw sourceFailed(err, index, totals)
  }
}

const DONE: Step = Object.freeze({ done: true })

function sourceFailed(err: unknown, index: number, totals: Totals): SeatguardError {
  const why = err instanceof Error ? err.message : show(err)
  return invalid(
    `importUsers: reading users[${index}] from the source failed (${why}); the users read since the last batch were not written. ${kept(totals)}`,
    err,
  )
}

/** A failed batch: its own error (code, problems, the user's position) inside one that says which batch and what stays. */
function batchFailed(err: unknown, totals: Totals, offset: number, count: number): SeatguardError {
  const e = err instanceof SeatguardError ? err : new SeatguardError('store/unavailable', String(err), { cause: err })
  const batch = totals.batches + 1
  return new SeatguardError(
    e.code,
    `importUsers: batch ${batch} (users[${offset}] to users[${offset + count - 1}]) was not written: ${e.message} ${kept(totals)}`,
    {
      problems: e.problems,
      context: { ...e.context, batch, ...totals },
      cause: e,
    },
  )
}

/** Tells the caller how far the import has come; a callback that throws stops it. */
async function report(
  onProgress: ((progress: ImportProgress) => unknown) | undefined,
  totals: Totals,
  onClose: OnClose,
): Promise<void> {
  if (onProgress === undefined) return
  let done: unknown
  try {
    const answer = onProgress(Object.freeze({ ...totals }))
    const then = thenOf(answer)
    done = then === undefined ? answer : await untilClosed(answer, then, onClose)
  } catch (err) {
    throw invalid(
      `importUsers: onProgress threw after batch ${totals.batches}, so the import stopped there; ${sofar(totals)}`,
      err,
    )
  }
  if (done === CLOSED)
    throw closedWhile(
      `onProgress ran after batch ${totals.batches}`,
      `, so the import stopped there; ${sofar(totals)}`,
      {
        ...totals,
      },
    )
}

/** Ends a source the import stops reading early (a file stream closes); what it throws or rejects with is dropped. */
function stop(users: Users): void {
  try {
    const ended: unknown = users.return?.()
    if (typeof (ended as Promise<unknown> | undefined)?.then === 'function')
      (ended as Promise<unknown>).then(undefined, () => undefined)
  } catch {
    // The source could not be closed: the import has failed already, with its own error.
  }
}
