import { describe, expect, it } from 'vitest'
import { conversations } from '../../src/index.js'
import { ASSIGN } from '../_fixtures.js'
import { run } from './_run.js'

const agent = conversations.roles.find((r) => r.id === 'agent')?.permissions ?? []
const desk = (permissions: readonly string[]) => ({
  catalogue: { id: 'conversations', version: '1.0.0' },
  roles: [{ id: 'desk', name: 'Desk agent', permissions, derivedFrom: 'agent' }],
  users: [
    { id: 'ana', roles: ['desk'], seat: true },
    { id: 'bo', roles: ['supervisor'], seat: true },
    { id: 'ben', roles: ['desk'], seat: true },
    { id: 'cy', roles: ['desk'], seat: true, queues: ['billing'] },
  ],
})
const files = {
  'before.json': desk(agent),
  'after.json': desk(agent.filter((p) => p !== ASSIGN)),
}

describe('R34: seatguard diff', () => {
  it('R34: removing allow-assignment from a copy of Agent held by 3 users lists exactly those 3 as losing it', async () => {
    const out = await run(['diff', 'before.json', 'after.json'], files)
    expect(out.code).toBe(0)
    const lines = out.stdout.trim().split('\n')
    expect(lines[0]).toMatch(/^USER\s+MODE\s+NEEDS SEAT\s+CAPACITY\s+MEMBERSHIP\s+LOST\s+GAINED\s+NEW ERRORS$/)
    expect(lines.slice(1, 4).map((l) => l.split(/\s+/)[0])).toEqual(['ana', 'ben', 'cy'])
    for (const line of lines.slice(1, 4)) expect(line).toContain(ASSIGN)
    expect(out.stdout).toContain('Totals: 3 users of 4 changed; seats needed 4; capacity 4.')
  })

  it('R34: --json prints the impact; --fail-on-loss exits 1 on a loss and 0 on a gain', async () => {
    const json = await run(['diff', 'before.json', 'after.json', '--json'], files)
    const impact = JSON.parse(json.stdout) as { rows: { userId: string; lost: string[] }[] }
    expect(impact.rows.map((r) => [r.userId, r.lost])).toEqual([
      ['ana', [ASSIGN]],
      ['ben', [ASSIGN]],
      ['cy', [ASSIGN]],
    ])
    expect((await run(['diff', 'before.json', 'after.json', '--fail-on-loss'], files)).code).toBe(1)
    expect((await run(['diff', 'after.json', 'before.json', '--fail-on-loss'], files)).code).toBe(0)
    expect((await run(['diff', 'before.json', 'before.json', '--fail-on-loss'], files)).stdout).toContain(
      "No user's access changes.",
    )
  })

  it('R34: bad input exits 2: a missing file, a second file missing, an invalid file, a missing catalogue file', async () => {
    expect((await run(['diff', 'before.json'], files)).code).toBe(2)
    expect((await run(['diff', 'before.json', 'nope.json'], files)).code).toBe(2)
    const broken = { ...files, 'bad.json': { ...desk(agent), users: [{ id: '', roles: [] }] } }
    expect((await run(['diff', 'before.json', 'bad.json'], broken)).code).toBe(2)
    // R37: --catalogue takes a file now, not a catalogue id.
    const other = await run(['diff', 'before.json', 'after.json', '--catalogue', 'helpdesk'], files)
    expect([other.code, other.stderr]).toEqual([
      2,
      'seatguard: helpdesk: cannot read the catalogue file: no such file (ENOENT).\n',
    ])
  })
})
