import type { AuditDraft, AuditEntry } from '../model/audit.js'
import type { StoredRole } from '../model/role.js'
import type { StoredSeatLimit } from '../model/seats.js'
import type { StoredUser } from '../model/user.js'
import type { StoreTransaction } from '../store/types.js'
import {
  AUDIT_COLUMNS,
  jsonb,
  ROLE_COLUMNS,
  roleFromRow,
  SEAT_LIMIT_COLUMNS,
  seatLimitFromRow,
  USER_COLUMNS,
  userFromRow,
} from './_rows.js'
import type { Query } from './_runner.js'

/** Locks the tenant's row for the rest of the transaction (creating it once), and returns its last seq. */
export async function lockTenant(query: Query, tenant: string): Promise<number> {
  const select = 'SELECT seq FROM seatguard_tenants WHERE tenant = $1 FOR UPDATE'
  let [row] = await query(select, [tenant])
  if (row === undefined) {
    await query('INSERT INTO seatguard_tenants (tenant) VALUES ($1) ON CONFLICT (tenant) DO NOTHING', [tenant])
    ;[row] = await query(select, [tenant])
  }
  return Number(row?.seq ?? 0)
}

/** One tenant's transaction: reads and writes its rows; `seq` counts the entries it appended. */
export class PostgresTransaction implements StoreTransaction {
  seq: number

  constructor(
    private readonly query: Query,
    private readonly tenant: string,
    readonly start: number,
  ) {
    this.seq = start
  }

  async roles(): Promise<readonly StoredRole[]> {
    return (
      await this.query(`SELECT ${ROLE_COLUMNS} FROM seatguard_roles WHERE tenant = $1 ORDER BY ord`, [this.tenant])
    ).map(roleFromRow)
  }

  async user(id: string): Promise<StoredUser | undefined> {
    const [row] = await this.query(`SELECT ${USER_COLUMNS} FROM seatguard_users WHERE tenant = $1 AND id = $2`, [
      this.tenant,
      id,
    ])
    return row === undefined ? undefined : userFromRow(row)
  }

  async usersWithRole(roleId: string): Promise<readonly StoredUser[]> {
    const rows = await this.query(
      `SELECT ${USER_COLUMNS} FROM seatguard_users WHERE tenant = $1 AND roles @> $2::jsonb ORDER BY ord`,
      [this.tenant, JSON.stringify([roleId])],
    )
    return rows.map(userFromRow)
  }

  async seatsHeld(): Promise<number> {
    const [row] = await this.query('SELECT count(*)::integer AS n FROM seatguard_users WHERE tenant = $1 AND seat', [
      this.tenant,
    ])
    return Number(row?.n ?? 0)
  }

  async putRole(r: StoredRole): Promise<void> {
    await this.query(
      `INSERT INTO seatguard_roles (tenant, id, name, description, permissions, derived_from, version) VALUES ($1, $2, $3, $4, $5::jsonb, $6, $7)
       ON CONFLICT (tenant, id) DO UPDATE SET name = EXCLUDED.name, description = EXCLUDED.description, permissions = EXCLUDED.permissions,
         derived_from = EXCLUDED.derived_from, version = EXCLUDED.version`,
      [this.tenant, r.id, r.name, r.description ?? null, jsonb(r.permissions), r.derivedFrom ?? null, r.version],
    )
  }

  /** Removes the role and remembers its version (the greatest, if removed before), in one statement. */
  async removeRole(id: string): Promise<void> {
    await this.query(
      `WITH removed AS (DELETE FROM seatguard_roles WHERE tenant = $1 AND id = $2 RETURNING tenant, id, version)
       INSERT INTO seatguard_retired_roles (tenant, id, version) SELECT tenant, id, version FROM removed
       ON CONFLICT (tenant, id) DO UPDATE SET version = GREATEST(seatguard_retired_roles.version, EXCLUDED.version)`,
      [this.tenant, id],
    )
  }

  async retiredRoleVersion(id: string): Promise<number> {
    const [row] = await this.query('SELECT version FROM seatguard_retired_roles WHERE tenant = $1 AND id = $2', [
      this.tenant,
      id,
    ])
    return Number(row?.version ?? 0)
  }

  async putUser(u: StoredUser): Promise<void> {
    await this.query(
      `INSERT INTO seatguard_users (tenant, id, roles, seat, queues, version) VALUES ($1, $2, $3::jsonb, $4, $5::jsonb, $6)
       ON CONFLICT (tenant, id) DO UPDATE SET roles = EXCLUDED.roles, seat = EXCLUDED.seat, queues = EXCLUDED.queues,
         version = EXCLUDED.version`,
      [this.tenant, u.id, jsonb(u.roles), u.seat, jsonb(u.queues ?? []), u.version],
    )
  }

  /** R38: a batch's users in one statement, whatever its size (one array parameter). */
  async usersById(ids: readonly string[]): Promise<readonly StoredUser[]> {
    if (ids.length === 0) return []
    const rows = await this.query(
      `SELECT ${USER_COLUMNS} FROM seatguard_users WHERE tenant = $1 AND id = ANY($2::text[])`,
      [this.tenant, [...ids]],
    )
    return rows.map(userFromRow)
  }

  /**
   * R38: a batch's users in one statement, one array parameter per column; new users take
   * their `ord` in the batch's order. An id given twice is written once, with its last record,
   * at its first place (one row cannot be updated twice by one INSERT … ON CONFLICT).
   */
  async putUsers(list: readonly StoredUser[]): Promise<void> {
    if (list.length === 0) return
    const users = [...new Map(list.map((u) => [u.id, u])).values()]
    await this.query(
      `INSERT INTO seatguard_users (tenant, id, roles, seat, queues, version)
       SELECT $1, u.id, u.roles, u.seat, u.queues, u.version
       FROM unnest($2::text[], $3::jsonb[], $4::boolean[], $5::jsonb[], $6::integer[]) WITH ORDINALITY
         AS u(id, roles, seat, queues, version, n)
       ORDER BY u.n
       ON CONFLICT (tenant, id) DO UPDATE SET roles = EXCLUDED.roles, seat = EXCLUDED.seat, queues = EXCLUDED.queues,
         version = EXCLUDED.version`,
      [
        this.tenant,
        users.map((u) => u.id),
        users.map((u) => jsonb(u.roles)),
        users.map((u) => u.seat),
        users.map((u) => jsonb(u.queues ?? [])),
        users.map((u) => u.version),
      ],
    )
  }

  /** R38: a batch's audit entries in one statement, numbered on from the transaction's seq. */
  async appendAll(entries: readonly AuditDraft[]): Promise<readonly AuditEntry[]> {
    if (entries.length === 0) return []
    const first = this.seq
    await this.query(
      `INSERT INTO seatguard_audit (${AUDIT_COLUMNS})
       SELECT $1, $2::bigint + e.n, e.at, e.actor, e.action, e.target, e.before, e.after
       FROM unnest($3::timestamptz[], $4::text[], $5::text[], $6::text[], $7::jsonb[], $8::jsonb[]) WITH ORDINALITY
         AS e(at, actor, action, target, before, after, n)`,
      [
        this.tenant,
        first,
        entries.map((e) => e.at),
        entries.map((e) => e.actor),
        entries.map((e) => e.action),
        entries.map((e) => e.target),
        entries.map((e) => jsonb(e.before)),
        entries.map((e) => jsonb(e.after)),
      ],
    )
    this.seq = first + entries.length
    return entries.map((entry, i) => ({ ...entry, seq: first + i + 1, tenant: this.tenant }))
  }

  /** R15: read from the tenant's row, which this transaction holds locked, so it is the committed truth. */
  async seatLimit(): Promise<StoredSeatLimit> {
    const [row] = await this.query(`SELECT ${SEAT_LIMIT_COLUMNS} FROM seatguard_tenants WHERE tenant = $1`, [
      this.tenant,
    ])
    return seatLimitFromRow(row ?? {})
  }

  async putSeatLimit(record: StoredSeatLimit): Promise<void> {
    await this.query('UPDATE seatguard_tenants SET seat_limit = $2, seat_limit_version = $3 WHERE tenant = $1', [
      this.tenant,
      record.limit,
      record.version,
    ])
  }

  async append(entry: AuditDraft): Promise<AuditEntry> {
    const seq = this.seq + 1
    await this.query(
      `INSERT INTO seatguard_audit (${AUDIT_COLUMNS}) VALUES ($1, $2, $3::timestamptz, $4, $5, $6, $7::jsonb, $8::jsonb)`,
      [this.tenant, seq, entry.at, entry.actor, entry.action, entry.target, jsonb(entry.before), jsonb(entry.after)],
    )
    this.seq = seq
    return { ...entry, seq, tenant: this.tenant }
  }
}
