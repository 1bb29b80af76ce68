import { SeatguardError } from '../errors.js'
import type { StoredRole } from '../model/role.js'
import type { StoredSeatLimit } from '../model/seats.js'
import type { StoredUser } from '../model/user.js'
import type { PolicyStore, StoreTransaction } from '../store/types.js'
import type { Follower } from './_follower.js'
import { sameRole, sameUser, userOut } from './_records.js'
import type { Snapshot } from './_snapshot.js'
import type { Written } from './_writes.js'

/**
 * Runs a write in one store transaction, then waits until the snapshot shows it. `shown`
 * tells whether the snapshot already holds the record a no-op write returned. Once `closing`
 * says the service is closing, a committed write resolves to its record without waiting: it
 * was written, and a closed service's snapshot is read by no one (R28).
 *
 * R26: a write whose transaction committed resolves, also when the catch-up after it fails (the
 * store failed just after the commit, an entry in between cannot be compiled, an adapter does
 * not return the write): rejecting would tell the caller that a committed write was not made.
 * The snapshot then stays behind, whole at the version it had, and `status()` reports it stale
 * with that error until a poll, a change event or `refresh()` catches it up.
 */
export async function commit<T>(
  store: PolicyStore,
  tenant: string,
  follower: Follower,
  work: (tx: StoreTransaction) => Promise<Written<T>>,
  shown: (record: T) => boolean,
  closing: () => boolean = () => false,
): Promise<T> {
  const done = follower.writing()
  try {
    const { record, entries } = await store.transaction(tenant, work)
    try {
      await show(follower, record, entries, shown, closing)
    } catch (err) {
      follower.behind(err)
    }
    return record
  } finally {
    done()
  }
}

async function show<T>(
  follower: Follower,
  record: T,
  entries: Written<T>['entries'],
  shown: (record: T) => boolean,
  closing: () => boolean,
): Promise<void> {
  if (closing()) return
  const seq = entries[entries.length - 1]?.seq ?? 0
  if (seq === 0) {
    // A no-op wrote nothing, so there is no entry to wait for, and the record may already
    // have moved on (another writer): one catch-up started after the transaction suffices.
    if (!shown(record)) await follower.pull()
    return
  }
  // Usually nothing else happened in between: the write's own entries move the snapshot on.
  if (seq > follower.snapshot.version) follower.snapshot.apply(entries)
  for (let attempt = 0; follower.snapshot.version < seq && !closing(); attempt++) {
    if (attempt === 3)
      throw new SeatguardError(
        'data/invalid',
        `The store committed the write (seq ${seq}) but does not return it from audit() or load(); check the adapter against testStore.`,
      )
    if (attempt === 2) await follower.reload()
    else await follower.pull()
  }
}

/** A no-op write returns the stored record; the snapshot already shows it when it holds that version. */
export function showsUser(snapshot: Snapshot, record: StoredUser): boolean {
  const held = snapshot.users.get(record.id)
  return held?.version === record.version && sameUser(held, record)
}

/**
 * The same for a role, content too: on a store without retiredRoleVersion, a role deleted and
 * created again is at version 1 once more.
 */
export function showsRole(snapshot: Snapshot, record: StoredRole): boolean {
  const held = snapshot.roles.get(record.id)
  return held?.version === record.version && sameRole(held, record)
}

/** The kind of record a write resolves to; `users` is a batch's list of users (R38). */
export type RecordKind = 'role' | 'user' | 'users' | 'limit'

/** Whether the snapshot already holds the record a write of this kind returned. */
export function shows<T>(kind: RecordKind, snapshot: Snapshot, record: T): boolean {
  if (kind === 'role') return showsRole(snapshot, record as StoredRole)
  if (kind === 'user') return showsUser(snapshot, record as StoredUser)
  if (kind === 'users') return (record as readonly StoredUser[]).every((user) => showsUser(snapshot, user))
  return snapshot.seatLimit.version === (record as StoredSeatLimit).version
}

const frozenUser = (user: StoredUser): StoredUser => {
  Object.freeze(user.roles)
  if (user.queues !== undefined) Object.freeze(user.queues)
  return Object.freeze(user)
}

/** The record as handed to the caller: users and seat limits as frozen copies (a batch's frozen), roles as stored. */
export function recordOut<T>(kind: RecordKind, record: T): T {
  if (kind === 'user') return userOut(record as StoredUser) as T
  // A batch's records are the service's own (the store and the snapshot froze their own copies, or
  // these very objects): frozen in place rather than copied, thousands at a time (R38).
  if (kind === 'users') return Object.freeze((record as readonly StoredUser[]).map(frozenUser)) as T
  if (kind === 'limit') {
    const { limit, version } = record as StoredSeatLimit
    return Object.freeze({ limit, version }) as T
  }
  return record
}
