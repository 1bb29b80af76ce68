import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { catalogueMarkdown } from '../../src/cli/catalogue.js'
import { conversations } from '../../src/index.js'
import { run } from './_run.js'

describe('seatguard catalogue', () => {
  it('R4, R6, R20: prints every permission once, with seat, prerequisites, reach and default roles', async () => {
    const r = await run(['catalogue'])
    expect(r.code).toBe(0)
    const lines = r.stdout.split('\n')
    for (const p of conversations.permissions)
      expect(
        lines.filter((l) => l.startsWith(`${p.id} `)),
        p.id,
      ).toHaveLength(1)
    expect(lines[0]).toBe('Conversations catalogue (conversations 1.0.0): 26 permissions, 5 default roles.')
    // R4: only view is seat-free; R6: the basic-access group is the prerequisite; R20: the
    // declared reach, inherits for a permission with prerequisites, — for one about no work item.
    expect(lines.find((l) => l.startsWith('contact-center/conversations/view '))).toMatch(
      / free +- +queue +agent, supervisor, viewer$/,
    )
    expect(lines.find((l) => l.startsWith('contact-center/conversations/work-assigned '))).toMatch(
      / needed +- +assigned +agent, supervisor$/,
    )
    expect(lines.find((l) => l.startsWith('contact-center/conversations/manage-all '))).toMatch(
      / needed +- +all +supervisor$/,
    )
    expect(lines.find((l) => l.startsWith('conversations/my-work/recordings '))).toMatch(
      / needed +any of group basic-access +inherits +supervisor$/,
    )
    expect(lines.find((l) => l.startsWith('conversations/setup/queues '))).toMatch(/ needed +- +— +setup$/)
  })

  it('lists the default roles in catalogue order, the R8 pair and the R11 capacity permissions', async () => {
    const { stdout } = await run(['catalogue'])
    const roleLines = stdout
      .split('\n')
      .filter((l) => /^(setup|agent|analytics|supervisor|viewer) +\S.* {2}\d+ {2}/.test(l))
    expect(roleLines.map((l) => l.split(' ')[0])).toEqual(['setup', 'agent', 'analytics', 'supervisor', 'viewer'])
    expect(stdout).toMatch(/^agent × supervisor +Supervisor already includes every Agent permission\.$/m)
    expect(stdout).toContain(
      'Capacity permissions (R11): contact-center/conversations/work-assigned, contact-center/conversations/manage-all.',
    )
  })

  it('aligns the permission table: every column starts at the same offset on every row', async () => {
    const lines = (await run(['catalogue'])).stdout.split('\n').slice(2, 2 + 1 + conversations.permissions.length)
    const header = lines[0] ?? ''
    for (const title of ['NAME', 'GROUP', 'SEAT', 'REQUIRES', 'REACH', 'DEFAULT']) {
      const at = header.indexOf(title)
      for (const line of lines.slice(1)) expect(line[at - 1], `${title} in ${line}`).toBe(' ')
      for (const line of lines.slice(1)) expect(line[at], `${title} in ${line}`).not.toBe(' ')
    }
  })

  it('--markdown prints tables with one row per permission and role', async () => {
    const r = await run(['catalogue', '--markdown'])
    expect(r.code).toBe(0)
    expect(r.stdout).toBe(catalogueMarkdown(conversations))
    const rows = r.stdout.split('\n').filter((l) => l.startsWith('| `'))
    expect(rows).toHaveLength(
      conversations.permissions.length * 2 + conversations.roles.length + conversations.exclusive.length,
    )
    expect(r.stdout).toContain(
      '| `conversations/allow-assignment` | Assign conversations | my-work | needed | any of group `basic-access` | inherits | `agent`, `supervisor` |',
    )
    expect(r.stdout).toContain(
      '| `contact-center/conversations/view` | View conversations | basic-access | free | - | queue | `agent`, `supervisor`, `viewer` |',
    )
    expect(r.stdout).toContain('| `conversations/setup/queues` | Manage queues | setup | needed | - | — | `setup` |')
  })

  it('--json prints the catalogue value itself', async () => {
    expect(JSON.parse((await run(['catalogue', '--json'])).stdout)).toEqual(JSON.parse(JSON.stringify(conversations)))
  })

  it('refuses --markdown with --json, and a file argument', async () => {
    expect(await run(['catalogue', '--markdown', '--json'])).toMatchObject({
      code: 2,
      stderr: 'seatguard: catalogue: choose one of --markdown and --json.\n',
    })
    expect(await run(['catalogue', 'x.json'])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('catalogue: unexpected argument "x.json"'),
    })
  })

  it('docs/catalogue.md is exactly the output of `seatguard catalogue --markdown` (regenerate it when this fails)', async () => {
    const doc = readFileSync('docs/catalogue.md', 'utf8')
    expect(
      doc,
      'docs/catalogue.md is out of date: npm run build && node dist/cli.js catalogue --markdown > docs/catalogue.md',
    ).toBe((await run(['catalogue', '--markdown'])).stdout)
  })
})
