export { createPostgresStore } from './store.js'
export type { PostgresStore, PostgresStoreOptions } from './store.js'
export type { PgConnection, PgNotification, PgPool, PgPoolConnection, PgQueryable, PgResult, PgliteLike, PostgresClient } from './client.js'
