import { show } from '../_util.js'
import { errorFromProblems, SeatguardError } from '../errors.js'
import { checkCompiled, checkValid } from '../evaluate/_check.js'
import type { Compiled } from '../evaluate/_compile.js'
import type { AuditDraft, AuditEntry } from '../model/audit.js'
import type { Problem } from '../model/problem.js'
import type { StoredUser, UserInput } from '../model/user.js'
import { compiledOf } from '../policy/create.js'
import type { Policy } from '../policy/types.js'
import type { StoreTransaction } from '../store/types.js'
import { type ListEntry, readArgs, readList } from './_args.js'
import {
  type ReadOptions,
  readBatchVersion,
  readOptions,
  type UserWrite,
  userWrite,
  versionConflict,
} from './_records.js'
import { seatsUnderLimit } from './_seat-limit.js'
import { nextUser, type WriteContext, type Written } from './_writes.js'
import type { WriteOptions } from './types.js'

/**
 * Where a batch sits: the call its messages name, the position of its first user (an import
 * counts on) and, in an import, the position of every id its earlier batches wrote (R38: an id
 * is given once per import, not once per batch).
 */
export interface BatchPlace {
  readonly what: 'setUsers' | 'importUsers'
  readonly offset: number
  readonly earlier?: ReadonlyMap<string, number>
}

/**
 * A problem of one user of the batch: its index in the batch, its id when it has a valid one, and
 * whether its message still needs the user's position in front (worded only if the batch is refused).
 */
interface Found {
  readonly i: number
  readonly user: string | undefined
  readonly problem: Problem
  readonly prefix: boolean
}

/** A user of the batch that reads as a valid write, at index `i`. */
interface Entry {
  readonly i: number
  readonly write: UserWrite
  readonly expected: number | undefined
}

const isError = (p: Problem): boolean => p.severity === 'error'

/** The compiled form of a policy the service made (createPolicy's, so it always has one). */
function compiledPolicy(policy: Policy): Compiled {
  const c = compiledOf(policy)
  if (c === undefined) throw new SeatguardError('data/invalid', 'setUsers: the tenant policy is not compiled.')
  return c
}

/** The problems an error carries, or the error itself as one. */
const problemsOf = (err: SeatguardError): readonly Problem[] =>
  err.problems.length > 0 ? err.problems : [{ code: err.code, severity: 'error', message: err.message }]

const adapterFault = (method: string, value: unknown): SeatguardError =>
  new SeatguardError(
    'data/invalid',
    `The store's ${method}() returned ${show(value)}, not the list it should; check the adapter against testStore.`,
  )

/** R29: a batch's options read once; a batch-wide `expectedVersion` is refused, each user carries its own (R16). */
export function readBatchOptions(what: BatchPlace['what'], opts: unknown): ReadOptions {
  const [read] = readArgs(what, [opts])
  const o = readOptions(read as WriteOptions | undefined)
  if (o.expectedVersion !== undefined)
    throw new SeatguardError(
      'data/invalid',
      `${what}: give each user its own "expectedVersion" ({ id, roles, expectedVersion }), not the options (R16).`,
    )
  return o
}

/** R29 for setUsers: the options, then the list read entry by entry, each entry's failure kept at its position. */
export function readBatch(
  what: BatchPlace['what'],
  users: unknown,
  opts: unknown,
  offset = 0,
): [ListEntry[], ReadOptions] {
  const o = readBatchOptions(what, opts)
  return [readList(what, users, (i) => `${what}: users[${offset + i}]`), o]
}

/**
 * setUsers (R38): every user of the batch validated as setUser validates one (the same reader,
 * the same check on what it read, R16 per user), the stored seat limit held for the batch as a whole (R15), then
 * the changed users written and audited in batch order (R17), all in the caller's transaction.
 * Any error refuses the whole batch with every problem listed at its user's position (R14).
 */
export async function setUsers(
  ctx: WriteContext,
  tx: StoreTransaction,
  actor: string | null,
  list: readonly ListEntry[],
  place: BatchPlace,
): Promise<Written<readonly StoredUser[]>> {
  const found: Found[] = []
  const label = (i: number, user?: string): string =>
    `${place.what}: users[${place.offset + i}]${user === undefined ? '' : ` (${show(user)})`}`
  const note = (i: number, user: string | undefined, problems: readonly Problem[], prefix = true): void => {
    for (const problem of problems) found.push({ i, user, problem, prefix })
  }
  const entries = readEntries(list, place, label, note)
  const stored = await storedUsers(
    tx,
    entries.map((e) => e.write.id),
  )
  const records: StoredUser[] = []
  const writes: { readonly before: StoredUser | undefined; readonly after: StoredUser }[] = []
  const takers: { readonly i: number; readonly id: string }[] = []
  let freed = 0
  let compiled: Compiled | undefined
  for (const { i, write, expected } of entries) {
    const before = stored.get(write.id)
    const conflict = versionConflict('user', write.id, before?.version ?? 0, expected)
    if (conflict !== undefined) {
      note(i, write.id, [{ code: 'store/conflict', severity: 'error', message: conflict }])
      continue
    }
    const changed = nextUser(write, before)
    if (changed === undefined) {
      records[i] = before as StoredUser
      continue
    }
    compiled ??= compiledPolicy(ctx.policyOf(await tx.roles()))
    // The user as read above, not read again: what policy.check(next) finds (R8, R9, R6, R10).
    // Queues the write leaves as stored were not read above: then the whole user is checked, so
    // a stored list no reader accepts refuses the write here as it does in setUser.
    const { next } = changed
    const problems =
      write.queues === undefined && next.queues.length > 0
        ? checkCompiled(compiled, next)
        : checkValid(compiled, next.id, next.roles, next.seat)
    note(i, write.id, problems)
    if (problems.some(isError)) continue
    if (changed.next.seat && !before?.seat) takers.push({ i, id: write.id })
    else if (!changed.next.seat && before?.seat) freed++
    records[i] = changed.after
    writes.push({ before, after: changed.after })
  }
  if (takers.length > 0) await limitProblems(tx, takers, freed, note)
  if (found.some((f) => isError(f.problem))) throw refusal(found, place, label)
  await putAll(
    tx,
    writes.map((w) => w.after),
  )
  const at = ctx.now()
  const drafts = writes.map(
    ({ before, after }): AuditDraft => ({
      at,
      actor,
      action: 'user.set',
      target: after.id,
      before: before ?? null,
      after,
    }),
  )
  return { record: records, entries: await appendAll(tx, drafts) }
}

/** Reads each entry with the one user reader, its `expectedVersion`, and refuses an id given twice. */
function readEntries(
  list: readonly ListEntry[],
  { what, offset, earlier }: BatchPlace,
  label: (i: number, user?: string) => string,
  note: (i: number, user: string | undefined, problems: readonly Problem[], prefix?: boolean) => void,
): Entry[] {
  const entries: Entry[] = []
  // Positions over the whole call: this batch's, then (in an import) those of the batches before it.
  const first = new Map<string, number>()
  const scope = what === 'importUsers' ? 'import' : 'batch'

  for (let i = 0; i < list.length; i++) {
    const entry = list[i] as ListEntry
    if ('error' in entry) {
      note(i, undefined, problemsOf(entry.error), false)
      continue
    }
    const write = userWrite(entry.value as UserInput)
    if (typeof write === 'function') {
      note(i, undefined, problemsOf(write(label(i))), false)
      continue
    }
    const version = readBatchVersion(entry.value as Readonly<Record<string, unknown>>)
    if (!version.ok) {
      const message = `${label(i, write.id)}: ${version.message}`
      note(i, write.id, [{ code: 'data/invalid', severity: 'error', message }], false)
      continue
    }
    const seen = first.get(write.id) ?? earlier?.get(write.id)
    if (seen !== undefined) {
      const message = `this user is given twice in the ${scope} (also at users[${seen}]); give each user once, in the state it should end in.`
      note(i, write.id, [{ code: 'data/invalid', severity: 'error', message }])
      continue
    }
    first.set(write.id, offset + i)
    entries.push({ i, write, expected: version.expected })
  }
  return entries
}

/**
 * R15 for the batch as a whole: its new seats must fit under the stored limit once the seats it
 * frees are counted. Each new seat beyond the room left, in batch order, is a problem of its user.
 */
async function limitProblems(
  tx: StoreTransaction,
  takers: readonly { readonly i: number; readonly id: string }[],
  freed: number,
  note: (i: number, user: string, problems: readonly Problem[]) => void,
): Promise<void> {
  const seats = await seatsUnderLimit(tx)
  if (seats === undefined) return
  const { limit, held } = seats
  const room = Math.max(0, limit - (held - freed))
  const total = held - freed + takers.length
  const message = `no seat left for this user: the batch would hold ${total} seats, over the limit of ${limit} (${held} held before it, ${freed} freed and ${takers.length} taken by it); take fewer seats in the batch, revoke seats or raise the limit with setSeatLimit.`
  for (const { i, id } of takers.slice(room)) note(i, id, [{ code: 'seat/limit-reached', severity: 'error', message }])
}

/**
 * The batch's refusal (R14): every problem in batch order, each with its user's `path` and its
 * position in front of its message; the first error's code and message; where it is in `context`.
 */
function refusal(found: Found[], place: BatchPlace, label: (i: number, user?: string) => string): SeatguardError {
  found.sort((a, b) => a.i - b.i) // stable: each user's problems keep their order
  const first = found.find((f) => isError(f.problem)) as Found
  const index = place.offset + first.i
  const problems = found.map(({ i, user, problem, prefix }) => ({
    ...problem,
    message: prefix ? `${label(i, user)}: ${problem.message}` : problem.message,
    path: `users[${place.offset + i}]`,
  }))
  return errorFromProblems(problems, first.user === undefined ? { index } : { index, user: first.user })
}

/** The stored users of these ids, in one read when the store offers `usersById`. */
async function storedUsers(tx: StoreTransaction, ids: readonly string[]): Promise<Map<string, StoredUser>> {
  const found = new Map<string, StoredUser>()
  if (ids.length === 0) return found
  if (typeof tx.usersById !== 'function') {
    for (const id of ids) {
      const user = await tx.user(id)
      if (user !== undefined) found.set(id, user)
    }
    return found
  }
  const list: unknown = await tx.usersById(ids)
  if (!Array.isArray(list)) throw adapterFault('usersById', list)
  const asked = new Set(ids)
  for (const user of list as (StoredUser | undefined)[])
    if (user !== undefined && asked.has(user.id)) found.set(user.id, user)
  return found
}

/** The batch's users, in one write when the store offers `putUsers`. */
async function putAll(tx: StoreTransaction, users: readonly StoredUser[]): Promise<void> {
  if (users.length === 0) return
  if (typeof tx.putUsers === 'function') return tx.putUsers(users)
  for (const user of users) await tx.putUser(user)
}

/** The batch's audit entries in order, in one write when the store offers `appendAll`. */
async function appendAll(tx: StoreTransaction, drafts: readonly AuditDraft[]): Promise<readonly AuditEntry[]> {
  if (drafts.length === 0) return []
  if (typeof tx.appendAll !== 'function') {
    const entries: AuditEntry[] = []
    for (const draft of drafts) entries.push(await tx.append(draft))
    return entries
  }
  const entries: unknown = await tx.appendAll(drafts)
  if (!Array.isArray(entries) || entries.length !== drafts.length) throw adapterFault('appendAll', entries)
  return entries as AuditEntry[]
}
