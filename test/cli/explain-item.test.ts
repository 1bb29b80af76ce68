import { describe, expect, it } from 'vitest'
import { conversations, createPolicy } from '../../src/index.js'
import { policyFile, run } from './_run.js'

// The worked examples of SPEC section 5 (R19–R23), asked through `seatguard explain --queue / --assignee`.
const F = 'items.json'
const ana = { id: 'ana', roles: ['agent'], seat: true, queues: ['billing'] }
const users = [
  ana,
  { id: 'ben', roles: ['agent'], queues: ['billing'] },
  { id: 'vic', roles: ['viewer'] },
  { id: 'bo', roles: ['supervisor'], seat: true },
  { id: 'sol', roles: ['setup'], seat: true, queues: ['billing'] },
]
const file = { [F]: policyFile(users) }
const TRANSFER = 'conversations/my-work/transfer'
const VIEW = 'contact-center/conversations/view'
const explain = (user: string, permission: string, ...more: string[]) =>
  run(['explain', F, '--user', user, '--permission', permission, ...more], file)
const reasonOf = (r: { stdout: string }) => /^reason +(\S+)$/m.exec(r.stdout)?.[1]

describe('seatguard explain on a work item (--queue, --assignee)', () => {
  it('R21: an item in one of her queues is within reach, exit 0, and the item is shown', async () => {
    const r = await explain('ana', TRANSFER, '--queue', 'billing')
    expect(r.code).toBe(0)
    expect(r.stdout).toBe(
      [
        'user        ana (roles: agent; seat: yes; queues: billing)',
        'permission  conversations/my-work/transfer (Transfer conversations)',
        'item        queue billing',
        'allowed     yes',
        'reason      granted',
        'granted by  agent',
        'missing     -',
        'message     User "ana" may use Transfer conversations (conversations/my-work/transfer), granted by role "agent".',
        '',
      ].join('\n'),
    )
  })

  it("R20, R21: transfer inherits work-assigned's reach, so an item of another queue assigned to her is allowed", async () => {
    const r = await explain('ana', TRANSFER, '--queue', 'sales', '--assignee', 'ana')
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/^item +queue sales, assigned to ana$/m)
  })

  it('R22: an item outside her reach is out-of-reach (exit 1), with where the permission does reach', async () => {
    const r = await explain('ana', TRANSFER, '--queue', 'sales')
    expect(r.code).toBe(1)
    expect(reasonOf(r)).toBe('out-of-reach')
    expect(r.stdout).toMatch(/^reach +items in queues billing; items assigned to ana$/m)
    expect(r.stdout).toContain('add them to queue "sales" or assign the item to them')
  })

  it('R22: the precedence holds: a seatless agent is no-seat on transfer before any reach is looked at', async () => {
    const r = await explain('ben', TRANSFER, '--queue', 'billing')
    expect(r.code).toBe(1)
    expect(reasonOf(r)).toBe('no-seat')
    expect(r.stdout).not.toMatch(/^reach /m)
    expect((await explain('ben', VIEW, '--queue', 'billing')).code).toBe(0) // R5, R19: still a viewer member
  })

  it('R23: a viewer in no queue reaches no item: out-of-reach, and the reach says so', async () => {
    const r = await explain('vic', VIEW, '--queue', 'billing')
    expect(r.code).toBe(1)
    expect(reasonOf(r)).toBe('out-of-reach')
    expect(r.stdout).toMatch(/^reach +no item \(no queue, no assigned work\)$/m)
  })

  it('R20: manage-all reaches every item; an unscoped permission ignores the item', async () => {
    expect((await explain('bo', TRANSFER, '--queue', 'sales')).code).toBe(0)
    expect((await explain('sol', 'conversations/setup/queues', '--queue', 'sales')).code).toBe(0)
  })

  it('R21: without --queue and --assignee the check is item-less, as before (no item row)', async () => {
    const r = await explain('vic', VIEW)
    expect(r.code).toBe(0)
    expect(r.stdout).not.toMatch(/^item /m)
  })

  it('R21: --json prints { user, item, decision }, the decision exactly policy.explain on that item', async () => {
    const r = await explain('ana', TRANSFER, '--queue', 'sales', '--json')
    expect(r.code).toBe(1)
    const data = JSON.parse(r.stdout) as Record<string, unknown>
    expect(Object.keys(data)).toEqual(['user', 'item', 'decision'])
    expect(data.item).toEqual({ queue: 'sales' })
    const expected = createPolicy(conversations).explain(ana, TRANSFER, { queue: 'sales' })
    expect(data.decision).toEqual(JSON.parse(JSON.stringify(expected)))
    expect(data.decision).toMatchObject({ reason: 'out-of-reach', reach: { kind: 'some', queues: ['billing'] } })
    expect(Object.keys(JSON.parse((await explain('ana', TRANSFER, '--json')).stdout))).toEqual(['user', 'decision'])
  })

  it('an empty --queue or --assignee is a usage error (exit 2), never a denial', async () => {
    expect(await explain('ana', TRANSFER, '--queue', '')).toMatchObject({
      code: 2,
      stdout: '',
      stderr: expect.stringContaining('explain: --queue needs a non-empty id'),
    })
    expect(await explain('ana', TRANSFER, '--assignee=')).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('explain: --assignee needs a non-empty id'),
    })
    expect(await explain('ana', TRANSFER, '--queue')).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('option --queue needs a value'),
    })
  })

  it('--help lists --queue and --assignee', async () => {
    const { stdout } = await run(['explain', '--help'])
    expect(stdout).toContain('    --queue <id>')
    expect(stdout).toContain('    --assignee <id>')
  })
})
