import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { conversations } from '../../src/index.js'

// docs/catalogue.md is the user-facing reference of the built-in catalogue. The CLI test
// holds it to `seatguard catalogue --markdown` through dist/; this one holds the catalogue
// object itself to the page's tables, without a build, for every text a user reads.
const doc = readFileSync(new URL('../../docs/catalogue.md', import.meta.url), 'utf8')

/** The rows of the markdown table that follows a heading, as cells without backticks. */
function table(heading: string): string[][] {
  const section = doc.split(`\n## ${heading}\n`)[1]?.split('\n## ')[0] ?? ''
  return section
    .split('\n')
    .filter((line) => line.startsWith('| ') && !line.startsWith('| ---'))
    .slice(1)
    .map((line) =>
      line
        .slice(2, -2)
        .split(' | ')
        .map((cell) => cell.replaceAll('`', '')),
    )
}

describe('the built-in catalogue agrees with docs/catalogue.md', () => {
  it('SPEC section 2: every permission has the one-sentence description the reference shows, in catalogue order', () => {
    const rows = table('Permission descriptions')
    expect(rows).toHaveLength(26)
    expect(conversations.permissions.map((p) => [p.id, p.description])).toEqual(rows)
    for (const p of conversations.permissions) expect(p.description).toMatch(/^[A-Z][^.]*\.$/)
  })

  it('SPEC section 2: every default role has the name, bundle size and description the reference shows', () => {
    const rows = table('Default roles')
    expect(conversations.roles.map((r) => [r.id, r.name, String(r.permissions.length), r.description])).toEqual(rows)
  })

  it('R8: the Agent × Supervisor pair carries the reason the reference shows', () => {
    expect(table('Exclusive roles')).toEqual([
      ['agent × supervisor', 'Supervisor already includes every Agent permission.'],
    ])
    expect(conversations.exclusive).toEqual([
      { roles: ['agent', 'supervisor'], reason: 'Supervisor already includes every Agent permission.' },
    ])
  })

  it('SPEC section 2: the reference names the catalogue id and version; R11: its capacity permissions', () => {
    expect(doc).toContain(
      `Catalogue \`${conversations.id}\`, version \`${conversations.version}\`: 26 permissions, 5 default roles.`,
    )
    expect([conversations.id, conversations.name, conversations.version]).toEqual([
      'conversations',
      'Conversations',
      '1.0.0',
    ])
    expect(doc).toContain(`effective (R11): ${conversations.capacity.map((id) => `\`${id}\``).join(', ')}.`)
  })

  it('R4, R6, R20: the permission table shows the seat, prerequisites and reach each permission has', () => {
    const rows = table('Permissions')
    const basic = conversations.permissions.filter((p) => p.group === 'basic-access').map((p) => p.id)
    expect(
      conversations.permissions.map((p) => [
        p.id,
        p.name,
        p.group,
        p.seat ? 'needed' : 'free',
        p.requires.length === 0 ? '-' : p.requires.join(' '),
        p.reach ?? (p.requires.length > 0 ? 'inherits' : '—'),
      ]),
    ).toEqual(
      rows.map(([id, name, group, seat, requires, reach]) => [
        id,
        name,
        group,
        seat,
        requires === 'any of group basic-access' ? basic.join(' ') : requires,
        reach,
      ]),
    )
  })

  it('R20: the reference shows the built-in reaches: view queue, work-assigned assigned, manage-all all, setup unscoped', () => {
    const reach = new Map(table('Permissions').map((row) => [row[0], row[5]]))
    expect(reach.get('contact-center/conversations/view')).toBe('queue')
    expect(reach.get('contact-center/conversations/work-assigned')).toBe('assigned')
    expect(reach.get('contact-center/conversations/manage-all')).toBe('all')
    expect(reach.get('conversations/my-work/transfer')).toBe('inherits')
    expect(reach.get('conversations/setup/queues')).toBe('—')
  })
})
