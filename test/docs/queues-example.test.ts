/**
 * docs/queues.md has a runnable example: a conversations table on PGlite, filtered with
 * `reachToSql`. This test runs that very block (its `seatguard` import mapped to src) and
 * checks that each `console.log` prints the rows its `// [..]` comment says; then, on the
 * block's own rows, that every list agrees with `can` (R23).
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { PGlite } from '@electric-sql/pglite'
import { afterAll, describe, expect, it, vi } from 'vitest'
import { conversations, createPolicy, reachToSql, type User } from '../../src/index.js'
import { markdownSnippets } from './_extract.js'

const here = dirname(fileURLToPath(import.meta.url))
const root = resolve(here, '../..')
const DOC = 'docs/queues.md'
const out = join(here, '.queues-example', String(process.pid))

/** The one ```ts block of docs/queues.md that opens a PGlite database. */
function exampleBlock(): string[] {
  const blocks = markdownSnippets(DOC, readFileSync(join(root, DOC), 'utf8')).filter((s) =>
    s.code.some((line) => line.includes('new PGlite') || line.includes('PGlite.create')),
  )
  expect(blocks, `${DOC} has exactly one PGlite example`).toHaveLength(1)
  return [...(blocks[0]?.code ?? [])]
}

/** What each `console.log(...) // [1, 2]: why` line of the block says it prints. */
function expectedLists(code: readonly string[]): number[][] {
  return code
    .filter((line) => line.startsWith('console.log('))
    .map((line) => {
      const said = /\/\/ (\[[\d, ]*\])/.exec(line)?.[1]
      if (said === undefined) throw new Error(`${DOC}: no // [..] comment on: ${line}`)
      return JSON.parse(said) as number[]
    })
}

/** The rows the block inserts: its CREATE TABLE and INSERT, as written. */
function setupSql(code: readonly string[]): string {
  const text = code.join('\n')
  const sql = /await db\.exec\(`([\s\S]*?)`\)/.exec(text)?.[1]
  if (sql === undefined) throw new Error(`${DOC}: the example has no db.exec(\`...\`) setup`)
  return sql
}

afterAll(() => rmSync(out, { recursive: true, force: true }))

describe('docs/queues.md: the reachToSql example on PGlite runs and lists what it says', () => {
  it('R23: running the block prints, for each user and permission, the conversation ids its comments show', async () => {
    const code = exampleBlock()
    const expected = expectedLists(code)
    expect(expected.length).toBeGreaterThanOrEqual(4)
    mkdirSync(out, { recursive: true })
    const file = join(out, 'example.ts')
    const src = relative(out, join(root, 'src/index.js')).replaceAll('\\', '/')
    writeFileSync(file, `${code.join('\n').replace("from 'seatguard'", `from '${src}'`)}\nexport {}\n`)
    const printed: unknown[] = []
    const log = vi.spyOn(console, 'log').mockImplementation((value: unknown) => {
      printed.push(value)
    })
    try {
      await import(/* @vite-ignore */ file)
    } finally {
      log.mockRestore()
    }
    expect(printed).toEqual(expected)
  }, 60_000)

  it("R21, R23: on the block's own rows, the SQL filter selects exactly the rows can allows, for every permission", async () => {
    const db = await PGlite.create()
    try {
      await db.exec(setupSql(exampleBlock()))
      const policy = createPolicy(conversations)
      const { rows: all } = await db.query<{
        id: number
        tenant: string
        queue_id: string | null
        assignee_id: string | null
      }>('SELECT * FROM conversations ORDER BY id')
      expect(all.length).toBeGreaterThanOrEqual(5)
      const users: User[] = [
        { id: 'ana', roles: ['agent'], seat: true, queues: ['billing'] },
        { id: 'ben', roles: ['agent'], queues: ['billing'] },
        { id: 'vic', roles: ['viewer'] },
        { id: 'bo', roles: ['supervisor'], seat: true },
        { id: 'bo', roles: ['supervisor'] },
        { id: 'sol', roles: ['setup'], seat: true, queues: ['billing'] },
        { id: 'ana', roles: ['agent', 'analytics'], seat: true, queues: ['sales', 'billing'] },
      ]
      let nonTrivial = 0
      for (const user of users) {
        for (const { id: permission } of conversations.permissions) {
          const filter = reachToSql(policy.reach(user, permission), { queue: 'queue_id', assignee: 'assignee_id' }, 2)
          const { rows } = await db.query<{ id: number }>(
            `SELECT id FROM conversations WHERE tenant = $1 AND ${filter.text} ORDER BY id`,
            ['acme', ...filter.values],
          )
          const allowed = all
            .filter((r) => r.tenant === 'acme')
            .filter((r) =>
              policy.can(user, permission, {
                ...(r.queue_id === null ? {} : { queue: r.queue_id }),
                ...(r.assignee_id === null ? {} : { assignee: r.assignee_id }),
              }),
            )
            .map((r) => r.id)
          expect(
            rows.map((r) => r.id),
            `${JSON.stringify(user)} ${permission}`,
          ).toEqual(allowed)
          if (allowed.length > 0 && allowed.length < all.length - 1) nonTrivial++
        }
      }
      expect(nonTrivial).toBeGreaterThan(0)
    } finally {
      await db.close()
    }
  }, 60_000)
})
