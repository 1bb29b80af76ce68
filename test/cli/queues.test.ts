import { describe, expect, it } from 'vitest'
import { conversations, createPolicy } from '../../src/index.js'
import { policyFile, run } from './_run.js'

const F = 'q.json'
const users = [
  { id: 'ana', roles: ['agent'], seat: true, queues: ['billing', 'sales'] },
  { id: 'ben', roles: ['agent'], queues: ['billing'] },
  { id: 'bo', roles: ['supervisor'], seat: true },
  { id: 'sol', roles: ['setup'], seat: true, queues: ['billing'] },
  { id: 'vic', roles: ['viewer'], queues: ['sales', 'sales'] },
]

describe('seatguard queues', () => {
  it('R19, R24: one row per membership, queue by queue in first-seen order, agents, viewers, inert; then totals', async () => {
    const r = await run(['queues', F], { [F]: policyFile(users) })
    expect(r.code).toBe(0)
    expect(r.stderr).toBe('')
    expect(r.stdout).toBe(
      [
        'QUEUE    KIND    USER  FLAGS',
        'billing  agent   ana   -',
        'billing  viewer  ben   seat-missing',
        'billing  inert   sol   -',
        'sales    agent   ana   -',
        'sales    viewer  vic   -',
        '',
        'Totals: 2 queues, 2 agent memberships, 2 viewer memberships, 1 inert membership.',
        '',
      ].join('\n'),
    )
  })

  it('R24: a supervisor who reaches every item without a queue is no member and is not listed', async () => {
    const { stdout } = await run(['queues', F], { [F]: policyFile(users) })
    expect(stdout).not.toMatch(/\bbo\b/)
  })

  it('R24: --json prints exactly policy.queueReport(users)', async () => {
    const r = await run(['queues', F, '--json'], { [F]: policyFile(users) })
    expect(r.code).toBe(0)
    const expected = createPolicy(conversations).queueReport(users)
    expect(JSON.parse(r.stdout)).toEqual(JSON.parse(JSON.stringify(expected)))
    expect(JSON.parse(r.stdout).totals).toEqual({ queues: 2, agents: 2, viewers: 2, inert: 1 })
  })

  it('prints an empty table and zero totals when nobody belongs to a queue', async () => {
    const r = await run(['queues', F], { [F]: policyFile([{ id: 'ana', roles: ['agent'], seat: true }]) })
    expect(r.stdout).toBe(
      'QUEUE  KIND  USER  FLAGS\n\nTotals: 0 queues, 0 agent memberships, 0 viewer memberships, 0 inert memberships.\n',
    )
  })

  it('R13, R25: a malformed queues list stops the report (exit 2) with its path, like any invalid entry', async () => {
    const r = await run(['queues', F], { [F]: policyFile([{ id: 'ana', roles: ['agent'], queues: ['billing', ''] }]) })
    expect(r.code).toBe(2)
    expect(r.stdout).toBe('')
    expect(r.stderr).toContain('before running queues')
    expect(r.stderr).toContain('  users[0].queues[1]: A queue id must be')
  })

  it('a queue id cannot forge a row: control characters are refused by the reader, so never printed', async () => {
    const r = await run(['queues', F], {
      [F]: policyFile([{ id: 'ana', roles: ['agent'], queues: ['a\nsales  agent  eve'] }]),
    })
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('users[0].queues[0]')
  })
})
