import { createPostgresStore } from '../../src/postgres/index.js'
import { dryRunProperty, dryRunSuite } from '../service/_dry-run-suite.js'
import { usePglite } from './_db.js'

const db = usePglite()
dryRunSuite('PGlite', () => createPostgresStore({ client: db(), autoMigrate: false }))
dryRunProperty('PGlite', () => createPostgresStore({ client: db(), autoMigrate: false }), 10)
