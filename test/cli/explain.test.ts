import { describe, expect, it } from 'vitest'
import { conversations, createPolicy } from '../../src/index.js'
import { AGENT_COPY, policyFile, run } from './_run.js'

const F = 'p.json'
const users = [
  { id: 'ana', roles: ['agent'], seat: true },
  { id: 'eva', roles: ['agent'] },
  { id: 'jo', roles: ['dl'], seat: true },
  { id: 'lee', roles: ['agent-lite'], seat: true },
]
const roles = [AGENT_COPY, { id: 'dl', name: 'Download', permissions: ['conversations/my-work/download-conversation'] }]
const file = { [F]: policyFile(users, roles) }
const explain = (user: string, permission: string, ...more: string[]) =>
  run(['explain', F, '--user', user, '--permission', permission, ...more], file)

describe('seatguard explain', () => {
  it('prints an allowed decision and exits 0', async () => {
    const r = await explain('ana', 'conversations/allow-assignment')
    expect(r.code).toBe(0)
    expect(r.stdout).toBe(
      [
        'user        ana (roles: agent; seat: yes)',
        'permission  conversations/allow-assignment (Assign conversations)',
        'allowed     yes',
        'reason      granted',
        'granted by  agent',
        'missing     -',
        'message     User "ana" may use Assign conversations (conversations/allow-assignment), granted by role "agent".',
        '',
      ].join('\n'),
    )
  })

  it('R4: denies a seat-requiring permission without a seat, exit 1', async () => {
    const r = await explain('eva', 'conversations/my-work/transfer')
    expect(r.code).toBe(1)
    expect(r.stdout).toMatch(/^allowed +no$/m)
    expect(r.stdout).toMatch(/^reason +no-seat$/m)
    expect(r.stdout).toMatch(/^granted by +agent$/m)
  })

  it('R5: a user without a seat still views conversations (viewer fallback), exit 0', async () => {
    expect((await explain('eva', 'contact-center/conversations/view')).code).toBe(0)
  })

  it('R6: names the missing prerequisites, exit 1', async () => {
    const r = await explain('jo', 'conversations/my-work/download-conversation', '--json')
    expect(r.code).toBe(1)
    const { decision } = JSON.parse(r.stdout) as { decision: { reason: string; missing: string[] } }
    expect(decision.reason).toBe('missing-prerequisite')
    expect(decision.missing).toEqual([
      'contact-center/conversations/view',
      'contact-center/conversations/work-assigned',
      'contact-center/conversations/manage-all',
    ])
  })

  it('R3: a duplicate without a permission does not grant it (not-granted), exit 1', async () => {
    const r = await explain('lee', 'conversations/allow-assignment')
    expect(r.code).toBe(1)
    expect(r.stdout).toMatch(/^reason +not-granted$/m)
  })

  it('--json prints the user and exactly the decision policy.explain returns', async () => {
    const r = await explain('eva', 'conversations/my-work/transfer', '--json')
    const expected = createPolicy(conversations, roles).explain(
      users[1] as (typeof users)[1],
      'conversations/my-work/transfer',
    )
    expect(JSON.parse(r.stdout)).toEqual({ user: users[1], decision: JSON.parse(JSON.stringify(expected)) })
  })

  it('accepts -u and -p', async () => {
    expect((await run(['explain', F, '-u', 'ana', '-p', 'conversations/my-work/tags'], file)).code).toBe(0)
  })

  it('refuses an unknown user id with exit 2 and suggests the closest one', async () => {
    const r = await explain('anna', 'conversations/my-work/tags')
    expect(r).toEqual({
      code: 2,
      stdout: '',
      stderr: `seatguard: ${F}: no user "anna" in the policy file; did you mean "ana"?\n`,
    })
  })

  it('refuses an unknown permission id with exit 2 and suggests the closest one', async () => {
    const r = await explain('ana', 'conversations/allow-asignment')
    expect(r.code).toBe(2)
    expect(r.stderr).toBe(
      'seatguard: --permission: "conversations/allow-asignment" is not a permission of the Conversations catalogue; did you mean "conversations/allow-assignment"? "seatguard catalogue" lists them.\n',
    )
    expect((await explain('ana', 'zzz')).stderr).not.toContain('did you mean')
  })

  it('is a usage error (exit 2) without --user or --permission', async () => {
    expect(await run(['explain', F, '--user', 'ana'], file)).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('explain: missing --permission <id>'),
    })
    expect(await run(['explain', F, '-p', 'x'], file)).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('explain: missing --user <id>'),
    })
    expect(await run(['explain', F, '--user'], file)).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('option --user needs a value'),
    })
  })
})
