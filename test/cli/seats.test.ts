import { describe, expect, it } from 'vitest'
import { conversations, createPolicy } from '../../src/index.js'
import { AGENT_COPY, policyFile, run } from './_run.js'

const F = 's.json'
const roles = [AGENT_COPY, { id: 'empty', name: 'Nothing yet', permissions: [] }]
const users = [
  { id: 'ana', roles: ['agent'], seat: true },
  { id: 'ben', roles: ['agent-lite'], seat: true },
  { id: 'dan', roles: ['viewer'] },
  { id: 'eva', roles: ['supervisor', 'analytics'] },
  { id: 'finn', roles: ['viewer'], seat: true },
  { id: 'gus', roles: ['empty'] },
]

describe('seatguard seats', () => {
  it('R10–R12: prints an aligned table with labels, modes, flags, then totals', async () => {
    const r = await run(['seats', F], { [F]: policyFile(users, roles) })
    expect(r.code).toBe(0)
    expect(r.stderr).toBe('')
    expect(r.stdout).toBe(
      [
        'USER  LABEL                                                      MODE    SEAT  NEEDS SEAT  CAPACITY  FLAGS',
        'ana   Agent for Conversations                                    full    yes   yes         yes       -',
        'ben   No default role                                            full    yes   yes         yes       -',
        'dan   Viewer for Conversations                                   viewer  no    no          no        -',
        'eva   Analytics for Conversations, Supervisor for Conversations  viewer  no    yes         no        seat-missing',
        'finn  Viewer for Conversations                                   viewer  yes   no          no        seat-unused',
        'gus   -                                                          none    no    no          no        -',
        '',
        'Totals: 6 users, 3 seats used, 3 needed, 3 viewers, 1 missing a seat, 1 unused seat.',
        '',
      ].join('\n'),
    )
  })

  it('--json prints exactly policy.seatReport(users)', async () => {
    const r = await run(['seats', F, '--json'], { [F]: policyFile(users, roles) })
    expect(r.code).toBe(0)
    const expected = createPolicy(conversations, roles).seatReport(users)
    expect(JSON.parse(r.stdout)).toEqual(JSON.parse(JSON.stringify(expected)))
  })

  it('exits 0 even with seat flags (check is the command that fails CI)', async () => {
    expect((await run(['seats', 'examples/policy.json'])).code).toBe(0)
  })

  it('a user id cannot forge a row or send terminal escapes: control characters in cells are escaped', async () => {
    const forged = 'eve\nmallory  Supervisor for Conversations  full    yes   yes         yes       -'
    const r = await run(['seats', F], {
      [F]: policyFile([
        { id: forged, roles: ['viewer'] },
        { id: '\u001b[2Jwiped', roles: ['viewer'] },
      ]),
    })
    expect(r.code).toBe(0)
    const lines = r.stdout.split('\n')
    expect(lines).toHaveLength(6) // header, two rows, blank, totals, final newline
    expect(lines[1]).toMatch(/^eve\\u000amallory {2}.* {2}Viewer for Conversations {2}viewer/)
    expect(lines[2]).toMatch(/^\\u001b\[2Jwiped {2}/)
    expect(r.stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/)
    const bidi = await run(['seats', F], {
      [F]: policyFile([
        { id: 'ana\u202egnp.exe', roles: ['viewer'] },
        { id: 'x\u2028y', roles: [] },
      ]),
    })
    expect(bidi.stdout).toContain('ana\\u202egnp.exe')
    expect(bidi.stdout).toContain('x\\u2028y')
    const e = await run(['explain', F, '-u', forged, '-p', 'contact-center/conversations/view'], {
      [F]: policyFile([{ id: forged, roles: ['viewer', 'x\ry'] }]),
    })
    expect(e.stdout).toContain('eve\\u000amallory')
    expect(e.stdout).toContain('roles: viewer, x\\u000dy')
    expect(e.stdout.split('\n')).toHaveLength(8)
  })

  it('prints an empty table and zero totals for a file without users', async () => {
    const r = await run(['seats', F], { [F]: policyFile([]) })
    expect(r.stdout).toBe(
      'USER  LABEL  MODE  SEAT  NEEDS SEAT  CAPACITY  FLAGS\n\nTotals: 0 users, 0 seats used, 0 needed, 0 viewers, 0 missing a seat, 0 unused seats.\n',
    )
  })
})
