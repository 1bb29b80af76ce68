import type { Query } from './_runner.js'

/** Held (per transaction) while migrating, so two processes migrating at once take turns. */
const MIGRATE_LOCK = 7_305_117_093

/** Each migration is a list of statements; the index + 1 is the schema version it brings. */
const MIGRATIONS: readonly (readonly string[])[] = [
  [
    `CREATE TABLE IF NOT EXISTS seatguard_tenants (
      tenant text PRIMARY KEY,
      seq bigint NOT NULL DEFAULT 0
    )`,
    `CREATE TABLE IF NOT EXISTS seatguard_roles (
      tenant text NOT NULL,
      id text NOT NULL,
      ord bigserial NOT NULL,
      name text NOT NULL,
      description text,
      permissions jsonb NOT NULL,
      derived_from text,
      version integer NOT NULL CHECK (version > 0),
      PRIMARY KEY (tenant, id)
    )`,
    `CREATE TABLE IF NOT EXISTS seatguard_users (
      tenant text NOT NULL,
      id text NOT NULL,
      ord bigserial NOT NULL,
      roles jsonb NOT NULL,
      seat boolean NOT NULL,
      version integer NOT NULL CHECK (version > 0),
      PRIMARY KEY (tenant, id)
    )`,
    'CREATE INDEX IF NOT EXISTS seatguard_users_seat ON seatguard_users (tenant) WHERE seat',
    `CREATE TABLE IF NOT EXISTS seatguard_audit (
      tenant text NOT NULL,
      seq bigint NOT NULL,
      at timestamptz NOT NULL,
      actor text,
      action text NOT NULL,
      target text NOT NULL,
      before jsonb,
      after jsonb,
      PRIMARY KEY (tenant, seq)
    )`,
  ],
  // 2: the last version of each removed role id, so a role created again with that id
  // continues its version (R16). Filled from the audit log's role.deleted entries, so roles
  // deleted before the upgrade count too (entries whose version is no whole number are skipped).
  [
    `CREATE TABLE IF NOT EXISTS seatguard_retired_roles (
      tenant text NOT NULL,
      id text NOT NULL,
      version integer NOT NULL CHECK (version > 0),
      PRIMARY KEY (tenant, id)
    )`,
    `INSERT INTO seatguard_retired_roles (tenant, id, version)
      SELECT tenant, target, max(v)::integer FROM (
        SELECT tenant, target, (before->>'version')::numeric AS v FROM seatguard_audit
        WHERE action = 'role.deleted' AND jsonb_typeof(before->'version') = 'number'
      ) deleted
      WHERE v = trunc(v) AND v BETWEEN 1 AND 2147483647
      GROUP BY tenant, target
      ON CONFLICT (tenant, id) DO UPDATE SET version = GREATEST(seatguard_retired_roles.version, EXCLUDED.version)`,
  ],
  // 3: the queues each user belongs to (R19, R25), a jsonb list of queue ids; users stored
  // before the upgrade belong to none. IF NOT EXISTS: safe to run again. The constant default
  // adds the column without rewriting the table (PostgreSQL 11 and later).
  [
    `ALTER TABLE seatguard_users ADD COLUMN IF NOT EXISTS queues jsonb NOT NULL DEFAULT '[]'::jsonb
      CONSTRAINT seatguard_users_queues_list CHECK (jsonb_typeof(queues) = 'array')`,
  ],
  // 4: the tenant's seat limit (R15), kept beside the seq its transactions lock: NULL for no
  // limit, with its version (0: never set). Tenants stored before the upgrade have none.
  // IF NOT EXISTS: safe to run again; constant defaults add the columns without a rewrite.
  [
    `ALTER TABLE seatguard_tenants
      ADD COLUMN IF NOT EXISTS seat_limit integer CONSTRAINT seatguard_tenants_seat_limit CHECK (seat_limit >= 0),
      ADD COLUMN IF NOT EXISTS seat_limit_version integer NOT NULL DEFAULT 0
        CONSTRAINT seatguard_tenants_seat_limit_version CHECK (seat_limit_version >= 0)`,
  ],
]

/** The schema version this code expects. */
export const SCHEMA_VERSION = MIGRATIONS.length

/**
 * Brings the schema up to {@link SCHEMA_VERSION} in one transaction under an advisory
 * lock: safe to run twice, and safe when several processes run it at once.
 */
export async function migrate(query: Query): Promise<number> {
  // READ COMMITTED whatever the server's default: under REPEATABLE READ or SERIALIZABLE the
  // snapshot predates the lock, so a process that waited would miss the schema row and fail.
  await query('SET TRANSACTION ISOLATION LEVEL READ COMMITTED')
  await query('SELECT pg_advisory_xact_lock($1::bigint)', [MIGRATE_LOCK])
  await query(
    'CREATE TABLE IF NOT EXISTS seatguard_schema (id integer PRIMARY KEY CHECK (id = 1), version integer NOT NULL)',
  )
  const [row] = await query('SELECT version FROM seatguard_schema WHERE id = 1')
  const current = Number(row?.version ?? 0)
  for (let v = current; v < MIGRATIONS.length; v++) {
    for (const statement of MIGRATIONS[v] ?? []) await query(statement)
  }
  if (current < MIGRATIONS.length) {
    await query(
      'INSERT INTO seatguard_schema (id, version) VALUES (1, $1) ON CONFLICT (id) DO UPDATE SET version = EXCLUDED.version',
      [MIGRATIONS.length],
    )
  }
  return Math.max(current, MIGRATIONS.length)
}
