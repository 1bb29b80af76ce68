import type { Catalogue } from '../catalogue/types.js'
import { SeatguardError } from '../errors.js'
import { createGrant } from '../grant/create.js'
import type { Grant } from '../grant/format.js'
import type { AuditEntry, AuditQuery } from '../model/audit.js'
import type { BatchUserInput, ImportOptions, ImportProgress, SetUsersOptions } from '../model/batch.js'
import type { Access, Decision } from '../model/decision.js'
import type { Problem } from '../model/problem.js'
import type { QueueReport } from '../model/queues.js'
import type { Reach, WorkItem } from '../model/reach.js'
import type { NewRole, RolePatch, StoredRole } from '../model/role.js'
import type { SeatUsage, StoredSeatLimit, TenantSeatReport } from '../model/seats.js'
import type { StoredUser, UserInput } from '../model/user.js'
import type { Policy } from '../policy/types.js'
import { InFlight } from '../store/_in-flight.js'
import type { PolicyStore, StoreTransaction } from '../store/types.js'
import { readArgs, readWrite } from './_args.js'
import { readBatch, setUsers } from './_batch.js'
import { commit, type RecordKind, recordOut, shows } from './_commit.js'
import { dryRun } from './_dry-run.js'
import { Follower } from './_follower.js'
import { type CommitBatch, importUsers } from './_import.js'
import { policyOf, type ReadOptions, readAuditQuery } from './_records.js'
import { readLimitArgument, seatUsage, setSeatLimit, withLimit } from './_seat-limit.js'
import type { Snapshot } from './_snapshot.js'
import { addRole, deleteRole, setSeat, setUser, updateRole, type WriteContext, type Written } from './_writes.js'
import type { AccessControl, DeleteRoleOptions, SyncStatus, WriteOptions, WriteOutcome } from './types.js'

const CLOSED =
  'This AccessControl is closed: it no longer follows the store. Create a new one with createAccessControl().'

/**
 * One tenant's service (what {@link createAccessControl} returns): writes through the store,
 * checks from the follower's snapshot.
 */
export class Service implements AccessControl {
  readonly tenant: string
  readonly #store: PolicyStore
  readonly #ctx: WriteContext
  readonly #follower: Follower
  /** Set by close(): later calls are refused, calls already under way finish. */
  #closed = false
  /** The calls that reach the store (writes, refresh, audit), so close() can wait for them (R28). */
  readonly #calls = new InFlight(CLOSED)
  #closing: Promise<void> | undefined
  /** Imports waiting on their source or onProgress, told at once when close() begins (R28). */
  readonly #onClose = new Set<() => void>()

  constructor(catalogue: Catalogue, store: PolicyStore, tenant: string) {
    this.tenant = tenant
    this.#store = store
    this.#follower = new Follower(catalogue, store, tenant)
    this.#ctx = {
      catalogue,
      now: () => new Date().toISOString(),
      policyOf: (roles) => this.#follower.current?.policyIfSame(roles) ?? policyOf(catalogue, roles),
    }
  }

  /** A started service. Starting is not a method of the instance: nothing can start it again after close(). */
  static async open(catalogue: Catalogue, store: PolicyStore, tenant: string, pollInterval: number): Promise<Service> {
    const service = new Service(catalogue, store, tenant)
    await service.#start(pollInterval)
    return service
  }

  async #start(pollInterval: number): Promise<void> {
    try {
      await this.#follower.start(pollInterval)
    } catch (err) {
      this.#closed = true
      throw err
    }
  }

  policy(): Policy {
    this.#open()
    return this.#s.policy
  }

  snapshotVersion(): number {
    this.#open()
    return this.#s.version
  }

  status(): SyncStatus {
    this.#open()
    return this.#follower.status()
  }

  async refresh(): Promise<number> {
    this.#open()
    await this.#calls.run(() => this.#follower.pull())
    return this.#s.version
  }

  async createRole<O extends WriteOptions>(roleArg: NewRole, optsArg?: O): Promise<WriteOutcome<O, StoredRole>> {
    const [[role], o] = readWrite('createRole', [roleArg, optsArg] as const)
    const id = (role as { id?: unknown } | null)?.id
    return this.#write<O, StoredRole>('role', o, (tx) =>
      addRole(this.#ctx, tx, o, (p) => p.createRole(role), id, 'role.created'),
    )
  }

  async duplicateRole<O extends WriteOptions>(
    sourceIdArg: string,
    roleArg: { readonly id: string; readonly name: string; readonly description?: string },
    optsArg?: O,
  ): Promise<WriteOutcome<O, StoredRole>> {
    const [[sourceId, role], o] = readWrite('duplicateRole', [sourceIdArg, roleArg, optsArg] as const, 1)
    const make = (p: Policy) => p.duplicateRole(sourceId, role)
    const id = (role as { id?: unknown } | null)?.id
    return this.#write<O, StoredRole>('role', o, (tx) => addRole(this.#ctx, tx, o, make, id, 'role.duplicated'))
  }

  async updateRole<O extends WriteOptions>(
    idArg: string,
    patchArg: RolePatch,
    optsArg?: O,
  ): Promise<WriteOutcome<O, StoredRole>> {
    const [[id, patch], o] = readWrite('updateRole', [idArg, patchArg, optsArg] as const, 1)
    return this.#write<O, StoredRole>('role', o, (tx) => updateRole(this.#ctx, tx, o, id, patch))
  }

  async deleteRole<O extends DeleteRoleOptions>(idArg: string, optsArg?: O): Promise<WriteOutcome<O, StoredRole>> {
    const [[id, opts], o] = readWrite('deleteRole', [idArg, optsArg] as const, 1)
    return this.#write<O, StoredRole>('role', o, (tx) => deleteRole(this.#ctx, tx, o, id, opts?.unassign === true))
  }

  async setUser<O extends WriteOptions>(userArg: UserInput, optsArg?: O): Promise<WriteOutcome<O, StoredUser>> {
    const [[user], o] = readWrite('setUser', [userArg, optsArg] as const)
    return this.#write<O, StoredUser>('user', o, (tx) => setUser(this.#ctx, tx, o, user))
  }

  async setUsers<O extends SetUsersOptions>(
    usersArg: readonly BatchUserInput[],
    optsArg?: O,
  ): Promise<WriteOutcome<O, readonly StoredUser[]>> {
    const [list, o] = readBatch('setUsers', usersArg, optsArg)
    const place = { what: 'setUsers', offset: 0 } as const
    return this.#write<O, readonly StoredUser[]>('users', o, (tx) => setUsers(this.#ctx, tx, o.actor, list, place))
  }

  async importUsers(
    source: Iterable<BatchUserInput> | AsyncIterable<BatchUserInput>,
    opts?: ImportOptions,
  ): Promise<ImportProgress> {
    this.#open()
    const commit: CommitBatch = (o, work) => this.#write<object, readonly StoredUser[]>('users', o, work)
    // Tracked as a call, so close() resolves once the import has settled; it stops at close() (R28).
    return this.#calls.run(() => importUsers(this.#ctx, source, opts, commit, (listener) => this.#listen(listener)))
  }

  /** Calls `listener` once when close() begins (at once if it has); returns how to stop listening. */
  #listen(listener: () => void): () => void {
    if (this.#closed) {
      listener()
      return () => undefined
    }
    this.#onClose.add(listener)
    return () => this.#onClose.delete(listener)
  }

  async grantSeat<O extends WriteOptions>(userIdArg: string, optsArg?: O): Promise<WriteOutcome<O, StoredUser>> {
    const [[userId], o] = readWrite('grantSeat', [userIdArg, optsArg] as const, 1)
    return this.#write<O, StoredUser>('user', o, (tx) => setSeat(this.#ctx, tx, o, userId, true))
  }

  async revokeSeat<O extends WriteOptions>(userIdArg: string, optsArg?: O): Promise<WriteOutcome<O, StoredUser>> {
    const [[userId], o] = readWrite('revokeSeat', [userIdArg, optsArg] as const, 1)
    return this.#write<O, StoredUser>('user', o, (tx) => setSeat(this.#ctx, tx, o, userId, false))
  }

  async setSeatLimit<O extends WriteOptions>(
    limitArg: number | null,
    optsArg?: O,
  ): Promise<WriteOutcome<O, StoredSeatLimit>> {
    const [[limit], o] = readWrite('setSeatLimit', [limitArg, optsArg] as const)
    const value = readLimitArgument(limit)
    return this.#write<O, StoredSeatLimit>('limit', o, (tx) => setSeatLimit(this.#ctx.now, tx, o, this.tenant, value))
  }

  async seats(): Promise<SeatUsage> {
    this.#open()
    return seatUsage(this.#s)
  }

  async user(id: string): Promise<StoredUser | undefined> {
    this.#open()
    return this.#s.users.get(id)
  }

  async users(): Promise<readonly StoredUser[]> {
    this.#open()
    return [...this.#s.users.values()]
  }

  async audit(...args: [query?: AuditQuery]): Promise<readonly AuditEntry[]> {
    this.#open()
    const [query = {}] = readArgs('audit', args)
    const q = readAuditQuery(query)
    return this.#calls.run(() => this.#store.audit(this.tenant, q))
  }

  async can(userId: string, permission: string, item?: WorkItem): Promise<boolean> {
    this.#open()
    return this.#s.policy.can(this.#s.userOf(userId), permission, item)
  }

  async explain(userId: string, permission: string, item?: WorkItem): Promise<Decision> {
    this.#open()
    return this.#s.policy.explain(this.#s.userOf(userId), permission, item)
  }

  async reach(userId: string, permission: string): Promise<Reach> {
    this.#open()
    return this.#s.policy.reach(this.#s.userOf(userId), permission)
  }

  async access(userId: string): Promise<Access> {
    this.#open()
    return this.#s.policy.access(this.#s.userOf(userId))
  }

  async grant(userIdArg: string): Promise<Grant> {
    this.#open()
    const [userId] = readArgs('grant', [userIdArg] as const, 1)
    if (userId === '') throw new SeatguardError('data/invalid', 'grant: a user id must be a non-empty string.')
    return createGrant(this.#s.policy, this.#s.userOf(userId))
  }

  async check(userId: string): Promise<Problem[]> {
    this.#open()
    return this.#s.problemsOf(userId)
  }

  async seatReport(): Promise<TenantSeatReport> {
    this.#open()
    return withLimit(this.#s.policy.seatReport(this.#s.users.values()), this.#s.seatLimit)
  }

  async queueReport(): Promise<QueueReport> {
    this.#open()
    return this.#s.policy.queueReport(this.#s.users.values())
  }

  /**
   * R28: refuses every later call at once, stops following the store (waiting for a catch-up
   * under way), then waits for the calls already accepted to settle. A write whose transaction
   * committed resolves without waiting for the snapshot, which no one can read any more.
   */
  close(): Promise<void> {
    this.#closed = true
    for (const listener of this.#onClose) listener()
    this.#onClose.clear()
    this.#closing ??= (async () => {
      try {
        await this.#follower.stop()
      } finally {
        // Also when the store's unsubscribe failed: the calls accepted still settle first.
        await this.#calls.close()
      }
    })()
    return this.#closing
  }

  /** Refuses a call on a closed service: its snapshot no longer follows the store, so its answers could be stale. */
  #open(): void {
    if (this.#closed) throw new SeatguardError('store/unavailable', CLOSED)
  }

  get #s(): Snapshot {
    return this.#follower.snapshot
  }

  /**
   * One write: committed, then shown by the snapshot (read your own writes); or with
   * `dryRun`, run and rolled back, resolving to its record and impact (R34).
   */
  async #write<O, T extends StoredRole | StoredUser | readonly StoredUser[] | StoredSeatLimit>(
    kind: RecordKind,
    o: ReadOptions,
    work: (tx: StoreTransaction) => Promise<Written<T>>,
  ): Promise<WriteOutcome<O, T>> {
    this.#open()
    const out = (record: T): T => recordOut(kind, record)
    if (o.dryRun) {
      const run = this.#calls.run(() => dryRun(this.#ctx, this.#store, this.tenant, this.#s, work))
      return run.then((r) => ({ record: out(r.record), impact: r.impact })) as Promise<WriteOutcome<O, T>>
    }
    const shown = (record: T): boolean => shows(kind, this.#s, record)
    const run = this.#calls.run(() => commit(this.#store, this.tenant, this.#follower, work, shown, () => this.#closed))
    return run.then(out) as Promise<WriteOutcome<O, T>>
  }
}
