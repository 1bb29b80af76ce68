import type { Change, Impact } from './impact.js'

/**
 * The impact of a service write on its tenant (R34): {@link Impact} over the tenant's users,
 * plus its seats (R15): the stored limit and the seats held before and after, and `excess`,
 * how many more seats are held after the write than its limit allows (0 within the limit or
 * without one) — what lowering the limit below the seats held leaves over.
 *
 * @example
 * ```ts
 * import { conversations, createAccessControl, createMemoryStore } from 'seatguard'
 * const ac = await createAccessControl({ catalogue: conversations, store: createMemoryStore(), tenant: 'acme' })
 * await ac.setUser({ id: 'ana', roles: ['agent'], seat: true })
 * const { impact } = await ac.setSeatLimit(0, { dryRun: true })
 * const { limit, excess } = impact.seats // [null, 0], 1
 * ```
 */
export interface TenantImpact<TPermission extends string = string> extends Impact<TPermission> {
  /** The tenant's seats before and after the write (R15). */
  readonly seats: {
    /** The stored seat limit; `null` for none. */
    readonly limit: Change<number | null>
    /** Seats held. */
    readonly held: Change<number>
    /** Seats held beyond the limit after the write; 0 within it or without one. */
    readonly excess: number
  }
}

/**
 * What a write with `dryRun: true` resolves to (R34): the record it would write and its
 * impact on the tenant. Nothing was written, audited or announced.
 *
 * @example
 * ```ts
 * import { conversations, createAccessControl, createMemoryStore, type DryRun, type StoredUser } from 'seatguard'
 * const ac = await createAccessControl({ catalogue: conversations, store: createMemoryStore(), tenant: 'acme' })
 * const run: DryRun<StoredUser> = await ac.setUser({ id: 'ana', roles: ['agent'] }, { dryRun: true })
 * const [version, rows] = [run.record.version, run.impact.rows.length] // 1, 1
 * ```
 */
export interface DryRun<TRecord, TPermission extends string = string> {
  /** The record the write would store (with the version it would get), or return for a no-op. */
  readonly record: TRecord
  /** What the write would change for the tenant's users and seats. */
  readonly impact: TenantImpact<TPermission>
}
