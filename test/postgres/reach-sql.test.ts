import fc from 'fast-check'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { conversations, createPolicy, reachToSql, type User, type WorkItem } from '../../src/index.js'
import { SERVER_URL, usePglite } from './_db.js'

// R23 against a real PostgreSQL: for random work items and random users of the built-in
// catalogue, `SELECT id FROM items WHERE <reachToSql(policy.reach(user, p))>` selects exactly
// the items `policy.can(user, p, item)` allows. A NULL queue or assignee is an item without it.

const policy = createPolicy(conversations)
const PERMISSIONS = [...conversations.permissions.map((p) => p.id), 'no/such-permission']
const ROLES = conversations.roles.map((r) => r.id)
// Queue ids with every kind of character R19 allows, so a value that reached the SQL text would break it.
const QUEUES = ['billing', 'sales', 'Team-2/vip:eu.x_y', 'support']
const IDS = ['ana', 'bo', 'cy', 'di']

interface Row {
  readonly id: number
  readonly queue: string | null
  readonly assignee: string | null
}

/** What the caller's query runs on: PGlite or a pg client, both `query(text, values)` with `rows`. */
interface Db {
  query(text: string, values?: unknown[]): Promise<{ rows: Record<string, unknown>[] }>
}

const items = fc
  .array(
    fc.record({
      queue: fc.option(fc.constantFrom(...QUEUES, 'elsewhere'), { nil: null }),
      assignee: fc.option(fc.constantFrom(...IDS, 'zed'), { nil: null }),
    }),
    { minLength: 200, maxLength: 400 },
  )
  .map((rows): Row[] => rows.map((r, i) => ({ id: i + 1, ...r })))

const users = fc.uniqueArray(
  fc.record({
    id: fc.constantFrom(...IDS),
    roles: fc.subarray(ROLES, { maxLength: 3 }),
    seat: fc.boolean(),
    queues: fc.subarray([...QUEUES, 'empty-queue']),
  }),
  { minLength: 1, maxLength: IDS.length, selector: (u) => u.id },
)

const itemOf = (row: Row): WorkItem => ({
  ...(row.queue !== null ? { queue: row.queue } : {}),
  ...(row.assignee !== null ? { assignee: row.assignee } : {}),
})

async function fill(db: Db, rows: readonly Row[]): Promise<void> {
  await db.query('TRUNCATE reach_items')
  await db.query(
    'INSERT INTO reach_items (id, queue_id, assignee_id) SELECT * FROM unnest($1::integer[], $2::text[], $3::text[])',
    [rows.map((r) => r.id), rows.map((r) => r.queue), rows.map((r) => r.assignee)],
  )
}

/** Checks every (user, permission) of one random world; the column style and first parameter vary with the permission. */
async function agree(db: Db, rows: readonly Row[], people: readonly User[]): Promise<void> {
  await fill(db, rows)
  for (const user of people) {
    for (const [n, permission] of PERMISSIONS.entries()) {
      const qualified = n % 2 === 1
      const columns = qualified
        ? { queue: 'items.queue_id', assignee: 'items.assignee_id' }
        : { queue: 'queue_id', assignee: 'assignee_id' }
      const reach = policy.reach(user, permission)
      // Half the time the filter is ANDed after a parameter of the caller's own ($1).
      const { text, values } = reachToSql(reach, columns, qualified ? 2 : 1)
      const sql = qualified
        ? `SELECT items.id FROM reach_items AS items WHERE items.id > $1 AND ${text} ORDER BY items.id`
        : `SELECT id FROM reach_items WHERE ${text} ORDER BY id`
      const found = (await db.query(sql, qualified ? [0, ...values] : [...values])).rows.map((r) => Number(r.id))
      const allowed = rows.filter((r) => policy.can(user, permission, itemOf(r))).map((r) => r.id)
      expect(found, `${JSON.stringify(user)} ${permission} ${text}`).toEqual(allowed)
    }
  }
}

function reachSqlTests(db: () => Db): void {
  beforeAll(async () => {
    await db().query('CREATE TEMP TABLE reach_items (id integer PRIMARY KEY, queue_id text, assignee_id text)')
  })

  it('R23: the SQL filter of policy.reach selects exactly the items policy.can allows, for random items and users', async () => {
    await fc.assert(
      fc.asyncProperty(items, users, async (rows, people) => agree(db(), rows, people)),
      { numRuns: 12 },
    )
  }, 30_000)

  it('R23: the worked examples select what section 5 says', async () => {
    const rows: Row[] = [
      { id: 1, queue: 'billing', assignee: null },
      { id: 2, queue: 'sales', assignee: 'ana' },
      { id: 3, queue: 'sales', assignee: null },
      { id: 4, queue: null, assignee: null },
    ]
    await fill(db(), rows)
    const select = async (user: User, permission: string): Promise<number[]> => {
      const { text, values } = reachToSql(policy.reach(user, permission), {
        queue: 'queue_id',
        assignee: 'assignee_id',
      })
      return (await db().query(`SELECT id FROM reach_items WHERE ${text} ORDER BY id`, [...values])).rows.map((r) =>
        Number(r.id),
      )
    }
    const TRANSFER = 'conversations/my-work/transfer'
    const VIEW = 'contact-center/conversations/view'
    expect(await select({ id: 'ana', roles: ['agent'], seat: true, queues: ['billing'] }, TRANSFER)).toEqual([1, 2])
    expect(await select({ id: 'ben', roles: ['agent'], queues: ['billing'] }, VIEW)).toEqual([1])
    expect(await select({ id: 'ben', roles: ['agent'], queues: ['billing'] }, TRANSFER)).toEqual([])
    expect(await select({ id: 'vic', roles: ['viewer'] }, VIEW)).toEqual([])
    expect(await select({ id: 'bo', roles: ['supervisor'], seat: true }, TRANSFER)).toEqual([1, 2, 3, 4])
    expect(await select({ id: 'sol', roles: ['setup'], seat: true }, 'conversations/setup/queues')).toEqual([
      1, 2, 3, 4,
    ])
  })

  it('R23: column names that are not plain identifiers are refused with data/invalid, and no SQL runs', async () => {
    const reach = policy.reach(
      { id: 'ana', roles: ['agent'], seat: true, queues: ['billing'] },
      'conversations/my-work/transfer',
    )
    const bad = [
      'queue_id; DROP TABLE reach_items; --',
      'queue_id) OR (TRUE',
      '"queue_id"',
      'items."queue_id"',
      'a.b.c',
      '1queue',
      'queue id',
      '',
      'items.',
      'queue_id--',
    ]
    for (const column of bad) {
      for (const columns of [
        { queue: column, assignee: 'assignee_id' },
        { queue: 'queue_id', assignee: column },
      ]) {
        expect(() => reachToSql(reach, columns), JSON.stringify(columns)).toThrow(
          expect.objectContaining({ code: 'data/invalid' }),
        )
      }
    }
    for (const columns of [null, {}, { queue: 1, assignee: 'assignee_id' }, { queue: 'queue_id' }]) {
      expect(() => reachToSql(reach, columns as never), JSON.stringify(columns)).toThrow(
        expect.objectContaining({ code: 'data/invalid' }),
      )
    }
    // The table is still there and answers.
    expect((await db().query('SELECT count(*)::integer AS n FROM reach_items')).rows[0]?.n).toBeTypeOf('number')
  })
}

describe('reachToSql on PGlite', () => {
  const db = usePglite()
  reachSqlTests(() => db() as unknown as Db)
})

describe.skipIf(!SERVER_URL)('reachToSql on the real server', () => {
  let client: pg.Client | undefined
  beforeAll(async () => {
    client = new pg.Client({ connectionString: SERVER_URL })
    await client.connect()
  })
  afterAll(async () => {
    await client?.end()
  })
  reachSqlTests(() => {
    if (client === undefined) throw new Error('the client is only open inside the suite')
    return client as unknown as Db
  })
})
