/**
 * The PostgreSQL store for `createAccessControl`: pass a node-postgres `Pool` or `Client`,
 * or a PGlite instance.
 *
 * @module seatguard/postgres
 */

export type {
  PgConnection,
  PgliteLike,
  PgNotification,
  PgPool,
  PgPoolConnection,
  PgQueryable,
  PgResult,
  PostgresClient,
} from './client.js'
export type { PostgresStore, PostgresStoreOptions } from './store.js'
export { createPostgresStore } from './store.js'
