/**
 * The PostgreSQL store for `createAccessControl`: pass a node-postgres `Pool` or `Client`,
 * or a PGlite instance.
 *
 * @module seatguard/postgres
 */
export { createPostgresStore } from './store.js'
export type { PostgresStore, PostgresStoreOptions } from './store.js'
export type { PgConnection, PgNotification, PgPool, PgPoolConnection, PgQueryable, PgResult, PgliteLike, PostgresClient } from './client.js'
