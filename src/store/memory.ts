import { type AuditDraft, type AuditEntry, type AuditQuery, isRoleEntry, isTenantEntry } from '../model/audit.js'
import type { StoredRole } from '../model/role.js'
import { NO_SEAT_LIMIT, type StoredSeatLimit } from '../model/seats.js'
import type { StoredUser } from '../model/user.js'
import { auditWindow } from './_audit-window.js'
import { checkEntry, checkListener, readTenantList } from './_entries.js'
import { InFlight } from './_in-flight.js'
import { Listeners } from './_listeners.js'
import { SerialQueue } from './_serial.js'
import type { PolicyStore, StoreEvent, StoreTransaction, TenantState } from './types.js'

interface TenantData {
  roles: Map<string, StoredRole>
  readonly users: Map<string, StoredUser>
  readonly audit: AuditEntry[]
  seats: number
  /** The last version of each removed role id (R16: a re-created role starts above it). */
  readonly retired: Map<string, number>
  /** The tenant's seat limit (R15). */
  seatLimit: StoredSeatLimit
}

const freezeRole = (role: StoredRole): StoredRole =>
  Object.freeze({ ...role, permissions: Object.freeze([...role.permissions]) })
// The fields of a stored user, by name (what a database row holds too): a batch copies thousands (R38).
const freezeUser = ({ id, roles, seat, queues, version }: StoredUser): StoredUser =>
  Object.freeze(
    queues === undefined
      ? { id, roles: Object.freeze([...roles]), seat, version }
      : { id, roles: Object.freeze([...roles]), seat, queues: Object.freeze([...queues]), version },
  )
const freezeLimit = (record: StoredSeatLimit): StoredSeatLimit =>
  Object.freeze({ limit: record.limit, version: record.version })

/**
 * The embedded {@link PolicyStore}: everything in memory, no dependency, browser-safe.
 * It keeps the same contract as the database stores (serialised, atomic transactions
 * per tenant, audit `seq` 1, 2, 3…, tenant isolation), so it suits tests, demos and
 * single-process apps; its data ends with the process.
 *
 * @example
 * ```ts
 * import { conversations, createAccessControl, createMemoryStore } from 'seatguard'
 * const store = createMemoryStore()
 * const ac = await createAccessControl({ catalogue: conversations, store, tenant: 'acme' })
 * ```
 */
export function createMemoryStore(): PolicyStore {
  const tenants = new Map<string, TenantData>()
  const queue = new SerialQueue()
  const listeners = new Listeners()
  // R28: close() waits for the calls under way and refuses new ones at once.
  const calls = new InFlight('This store is closed: create a new one.')
  const data = (tenant: string): TenantData => {
    let t = tenants.get(tenant)
    if (t === undefined) {
      t = { roles: new Map(), users: new Map(), audit: [], seats: 0, retired: new Map(), seatLimit: NO_SEAT_LIMIT }
      tenants.set(tenant, t)
    }
    return t
  }

  return {
    load: (tenant: string): Promise<TenantState> =>
      calls.run(async () => {
        checkEntry('load', tenant)
        const t = tenants.get(tenant)
        if (t === undefined) return { version: 0, roles: [], users: [] }
        const { audit, roles, users, seatLimit } = t
        // A tenant that never had a seat limit loads as it did before limits were stored.
        const limit = seatLimit.version > 0 ? { seatLimit } : {}
        return { version: audit.length, roles: [...roles.values()], users: [...users.values()], ...limit }
      }),

    audit: (tenant: string, query: AuditQuery = {}): Promise<readonly AuditEntry[]> =>
      calls.run(async () => {
        checkEntry('audit', tenant)
        const log = tenants.get(tenant)?.audit ?? []
        const { after, limit } = auditWindow(query)
        return log.slice(after, limit === undefined ? log.length : after + limit)
      }),

    transaction<T>(tenant: string, work: (tx: StoreTransaction) => Promise<T>): Promise<T> {
      return calls.run(() => {
        checkEntry('transaction', tenant, work)
        return queue.run(tenant, async () => {
          const t = data(tenant)
          const tx = new MemoryTransaction(tenant, t)
          const result = await work(tx)
          if (tx.commit()) listeners.emit({ type: 'change', tenant, version: t.audit.length })
          return result
        })
      })
    },

    versions: (list: readonly string[]): Promise<ReadonlyMap<string, number>> =>
      calls.run(async () => {
        const found = new Map<string, number>()
        for (const tenant of readTenantList(list)) {
          const version = tenants.get(tenant)?.audit.length ?? 0
          if (version > 0) found.set(tenant, version)
        }
        return found
      }),

    async watch(listener: (event: StoreEvent) => void): Promise<() => Promise<void>> {
      if (calls.closed) throw calls.refuse()
      checkListener(listener)
      listeners.add(listener)
      return async () => {
        listeners.delete(listener)
      }
    },

    async close(): Promise<void> {
      await calls.close()
      listeners.clear()
    },
  }
}

const sameList = (a: readonly string[] | undefined, b: readonly string[] | undefined): boolean => {
  if (a === b) return true
  if (a === undefined || b === undefined || a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}

/** Frozen copies of the role and seat-limit records an audit entry carries (user records: MemoryTransaction). */
function frozenRecords(entry: AuditDraft): Pick<AuditDraft, 'before' | 'after'> {
  if (isRoleEntry(entry))
    return { before: entry.before && freezeRole(entry.before), after: entry.after && freezeRole(entry.after) }
  if (isTenantEntry(entry))
    return { before: entry.before && freezeLimit(entry.before), after: entry.after && freezeLimit(entry.after) }
  return entry
}

/** Buffers one transaction's writes over the tenant's committed data; applies them on commit. */
class MemoryTransaction implements StoreTransaction {
  #roles: Map<string, StoredRole> | undefined
  readonly #users = new Map<string, StoredUser>()
  readonly #audit: AuditEntry[] = []
  readonly #retired = new Map<string, number>()
  #seatLimit: StoredSeatLimit | undefined

  constructor(
    private readonly tenant: string,
    private readonly t: TenantData,
  ) {}

  async roles(): Promise<readonly StoredRole[]> {
    return [...(this.#roles ?? this.t.roles).values()]
  }

  async user(id: string): Promise<StoredUser | undefined> {
    return this.#users.get(id) ?? this.t.users.get(id)
  }

  async usersWithRole(roleId: string): Promise<readonly StoredUser[]> {
    const found: StoredUser[] = []
    for (const user of this.#allUsers()) if (user.roles.includes(roleId)) found.push(user)
    return found
  }

  async seatsHeld(): Promise<number> {
    let seats = this.t.seats
    for (const [id, user] of this.#users) seats += Number(user.seat) - Number(this.t.users.get(id)?.seat ?? false)
    return seats
  }

  async putRole(role: StoredRole): Promise<void> {
    this.#writableRoles().set(role.id, freezeRole(role))
  }

  async removeRole(id: string): Promise<void> {
    const roles = this.#writableRoles()
    const removed = roles.get(id)
    if (removed === undefined) return
    roles.delete(id)
    this.#retired.set(id, Math.max(removed.version, await this.retiredRoleVersion(id)))
  }

  async retiredRoleVersion(id: string): Promise<number> {
    return this.#retired.get(id) ?? this.t.retired.get(id) ?? 0
  }

  async putUser(user: StoredUser): Promise<void> {
    this.#users.set(user.id, freezeUser(user))
  }

  async usersById(ids: readonly string[]): Promise<readonly StoredUser[]> {
    const found: StoredUser[] = []
    for (const id of ids) {
      const user = this.#users.get(id) ?? this.t.users.get(id)
      if (user !== undefined) found.push(user)
    }
    return found
  }

  async putUsers(users: readonly StoredUser[]): Promise<void> {
    for (const user of users) this.#users.set(user.id, freezeUser(user))
  }

  async seatLimit(): Promise<StoredSeatLimit> {
    return this.#seatLimit ?? this.t.seatLimit
  }

  async putSeatLimit(record: StoredSeatLimit): Promise<void> {
    this.#seatLimit = freezeLimit(record)
  }

  async append(entry: AuditDraft): Promise<AuditEntry> {
    return this.#append(entry)
  }

  async appendAll(entries: readonly AuditDraft[]): Promise<readonly AuditEntry[]> {
    return entries.map((entry) => this.#append(entry))
  }

  #append(entry: AuditDraft): AuditEntry {
    // The log is append-only: entries and the records they carry are frozen copies.
    const { before, after } =
      isRoleEntry(entry) || isTenantEntry(entry) ? frozenRecords(entry) : this.#frozenUsers(entry)
    const seq = this.t.audit.length + this.#audit.length + 1
    const { at, actor, action, target } = entry
    const written = Object.freeze({ seq, at, tenant: this.tenant, actor, action, target, before, after }) as AuditEntry
    this.#audit.push(written)
    return written
  }

  /**
   * Frozen copies of the user records an audit entry carries. A record the store already holds
   * frozen is shared instead of copied again, so a batch of many users keeps one copy of each (R38).
   */
  #frozenUsers(entry: AuditDraft): Pick<AuditDraft, 'before' | 'after'> {
    const before = entry.before as StoredUser | null
    const after = entry.after as StoredUser | null
    return {
      before: before && (this.#held(before) ?? freezeUser(before)),
      after: after && (this.#held(after) ?? freezeUser(after)),
    }
  }

  /**
   * The frozen record that stands for `user` in an audit entry: the tenant's stored record itself
   * (a `before` the service read), or the copy this transaction put with the same values (an `after`).
   */
  #held(user: StoredUser): StoredUser | undefined {
    // The transaction's own puts first: a small map, where a batch's `after` records are.
    const put = this.#users.get(user.id)
    if (put === user) return user
    if (put !== undefined && put.version === user.version && put.seat === user.seat)
      if (sameList(put.roles, user.roles) && sameList(put.queues, user.queues)) return put
    return this.t.users.get(user.id) === user ? user : undefined
  }

  /** Applies the buffered writes; true when the transaction appended audit entries. */
  commit(): boolean {
    if (this.#roles !== undefined) this.t.roles = this.#roles
    for (const [id, version] of this.#retired) this.t.retired.set(id, version)
    if (this.#seatLimit !== undefined) this.t.seatLimit = this.#seatLimit
    for (const [id, user] of this.#users) {
      this.t.seats += Number(user.seat) - Number(this.t.users.get(id)?.seat ?? false)
      this.t.users.set(id, user)
    }
    this.t.audit.push(...this.#audit)
    return this.#audit.length > 0
  }

  #writableRoles(): Map<string, StoredRole> {
    this.#roles ??= new Map(this.t.roles)
    return this.#roles
  }

  *#allUsers(): Generator<StoredUser> {
    for (const [id, user] of this.t.users) yield this.#users.get(id) ?? user
    for (const [id, user] of this.#users) if (!this.t.users.has(id)) yield user
  }
}
