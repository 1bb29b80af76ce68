import { describe, expect, it } from 'vitest'
import { conversations, defineCatalogue } from '../../src/index.js'

// SPEC section 2, written out independently of src/ so a drift in the data fails here.
const basic = [
  'contact-center/conversations/view',
  'contact-center/conversations/work-assigned',
  'contact-center/conversations/manage-all',
]
const table: [id: string, name: string, group: string, seat: boolean, requiresBasic: boolean, roles: string][] = [
  ['contact-center/conversations/view', 'View conversations', 'basic-access', false, false, 'viewer agent supervisor'],
  [
    'contact-center/conversations/work-assigned',
    'Work on assigned conversations',
    'basic-access',
    true,
    false,
    'agent supervisor',
  ],
  ['contact-center/conversations/manage-all', 'Manage all conversations', 'basic-access', true, false, 'supervisor'],
  ['conversations/allow-assignment', 'Assign conversations', 'my-work', true, true, 'agent supervisor'],
  ['conversations/my-work/download-conversation', 'Download conversations', 'my-work', true, true, 'supervisor'],
  ['conversations/my-work/transfer', 'Transfer conversations', 'my-work', true, true, 'agent supervisor'],
  ['conversations/my-work/internal-notes', 'Add internal notes', 'my-work', true, true, 'agent supervisor'],
  ['conversations/my-work/tags', 'Tag conversations', 'my-work', true, true, 'agent supervisor'],
  ['conversations/my-work/outbound', 'Start outbound conversations', 'my-work', true, true, 'agent supervisor'],
  [
    'conversations/my-work/customer-profile',
    'View and edit customer profiles',
    'my-work',
    true,
    true,
    'agent supervisor',
  ],
  ['conversations/my-work/recordings', 'Play call recordings', 'my-work', true, true, 'supervisor'],
  ['conversations/supervision/reassign', 'Reassign conversations', 'supervision', true, true, 'supervisor'],
  ['conversations/supervision/agent-status', 'Change agent status', 'supervision', true, true, 'supervisor'],
  ['conversations/supervision/live-monitoring', 'Monitor live calls', 'supervision', true, true, 'supervisor'],
  ['conversations/setup/queues', 'Manage queues', 'setup', true, false, 'setup'],
  ['conversations/setup/routing', 'Manage routing', 'setup', true, false, 'setup'],
  ['conversations/setup/automations', 'Manage automations', 'setup', true, false, 'setup'],
  ['conversations/setup/templates', 'Manage templates and canned responses', 'setup', true, false, 'setup'],
  ['conversations/setup/forms', 'Manage conversation forms', 'setup', true, false, 'setup'],
  ['conversations/setup/tags', 'Manage tags', 'setup', true, false, 'setup'],
  ['conversations/setup/working-hours', 'Manage working hours', 'setup', true, false, 'setup'],
  ['conversations/setup/agents', 'Manage agent settings', 'setup', true, false, 'setup'],
  ['conversations/setup/settings', 'Manage system settings', 'setup', true, false, 'setup'],
  ['conversations/analytics/dashboards', 'View dashboards', 'analytics', true, false, 'analytics'],
  ['conversations/analytics/reports', 'Create and schedule reports', 'analytics', true, false, 'analytics'],
  ['conversations/analytics/data-exchange', 'Exchange data with other systems', 'analytics', true, false, 'analytics'],
]

describe('the built-in conversations catalogue (SPEC section 2)', () => {
  it('has the 26 permissions, in order, with names, groups, seat and prerequisite flags', () => {
    expect(conversations.permissions.map((p) => [p.id, p.name, p.group, p.seat, p.requires.length > 0])).toEqual(
      table.map(([id, name, group, seat, req]) => [id, name, group, seat, req]),
    )
    for (const p of conversations.permissions) {
      if (p.requires.length > 0) expect(p.requires).toEqual(basic)
      expect(p.description).toMatch(/^[A-Z].{10,}\.$/)
    }
  })

  it('R4: only View conversations is seat-free', () => {
    expect(conversations.permissions.filter((p) => !p.seat).map((p) => p.id)).toEqual([
      'contact-center/conversations/view',
    ])
  })

  it('has the five default roles in catalogue order with their names and bundles', () => {
    expect(conversations.roles.map((r) => [r.id, r.name])).toEqual([
      ['setup', 'Conversations setup'],
      ['agent', 'Agent for Conversations'],
      ['analytics', 'Analytics for Conversations'],
      ['supervisor', 'Supervisor for Conversations'],
      ['viewer', 'Viewer for Conversations'],
    ])
    for (const role of conversations.roles) {
      const expected = table.filter((row) => row[5].split(' ').includes(role.id)).map((row) => row[0])
      expect(role.permissions, role.id).toEqual(expected)
    }
  })

  it('R8: declares Agent × Supervisor exclusive; R11: capacity is work-assigned and manage-all', () => {
    expect(conversations.exclusive.map((e) => e.roles)).toEqual([['agent', 'supervisor']])
    expect(conversations.capacity).toEqual([
      'contact-center/conversations/work-assigned',
      'contact-center/conversations/manage-all',
    ])
  })

  it('R8: Supervisor includes every Agent permission', () => {
    const supervisor = conversations.roles.find((r) => r.id === 'supervisor')?.permissions ?? []
    const agent = conversations.roles.find((r) => r.id === 'agent')?.permissions ?? []
    expect(agent.filter((p) => !supervisor.includes(p))).toEqual([])
  })

  it('is frozen all the way down and passes its own validation again', () => {
    expect(Object.isFrozen(conversations)).toBe(true)
    expect(Object.isFrozen(conversations.permissions[3])).toBe(true)
    expect(Object.isFrozen(conversations.roles[1]?.permissions)).toBe(true)
    const again = defineCatalogue({
      id: conversations.id,
      name: conversations.name,
      version: conversations.version,
      permissions: Object.fromEntries(conversations.permissions.map(({ id, ...p }) => [id, p])),
      roles: Object.fromEntries(conversations.roles.map(({ id, ...r }) => [id, r])),
      exclusive: conversations.exclusive,
      capacity: conversations.capacity,
    })
    expect(again).toEqual(conversations)
  })
})
