import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import pg from 'pg'
import { afterAll, describe, expect, it } from 'vitest'
import { dropTenants, SERVER_URL, uniquePrefix } from './_db.js'

const root = fileURLToPath(new URL('../..', import.meta.url))

// examples/postgres.ts imports the built package (`seatguard`, `seatguard/postgres`), as a user would:
// `npm test` builds first. It runs against the real server, on a tenant of its own, twice.
describe.skipIf(!SERVER_URL || !existsSync(`${root}dist/postgres.js`))('examples/postgres.ts', () => {
  const tenant = `${uniquePrefix('example')}acme`
  afterAll(async () => {
    const pool = new pg.Pool({ connectionString: SERVER_URL })
    await dropTenants(pool, tenant)
    await pool.end()
  })

  it('runs, shows both instances agreeing and every rule refusing, and runs again', async () => {
    const run = () =>
      promisify(execFile)(process.execPath, ['--import', 'tsx', 'examples/postgres.ts'], {
        cwd: root,
        env: { ...process.env, DATABASE_URL: SERVER_URL, TENANT: tenant },
        timeout: 60_000,
      })
    for (let i = 0; i < 2; i++) {
      const { stdout } = await run()
      expect(stdout).toMatch(/ana may assign \(B\):\s+true/)
      expect(stdout).toMatch(/jo may assign \(B, junior copy without it\):\s+false/)
      for (const code of ['store/conflict', 'assignment/exclusive-roles', 'role/in-use', 'seat/limit-reached'])
        expect(stdout).toContain(code)
      expect(stdout).toMatch(/seats used:\s+3/)
    }
  }, 120_000)
})
