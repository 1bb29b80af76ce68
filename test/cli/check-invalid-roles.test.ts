import { describe, expect, it } from 'vitest'
import { run } from './_run.js'

// issue 12, finding 2: a broken copy of Agent held with Supervisor, and the invalid id "Junior Agent".
const FILE = 'test/cli/fixtures/invalid-roles.json'

interface Finding {
  severity: string
  path: string
  code: string
  rule?: string
  message: string
}

const findingsOf = async (file = FILE, files: Record<string, unknown> = {}) => {
  const r = await run(['check', file, '--json'], files)
  return { code: r.code, findings: (JSON.parse(r.stdout) as { findings: Finding[] }).findings }
}
const forUser = (findings: readonly Finding[], index: number) =>
  findings.filter((f) => f.path.startsWith(`users[${index}].`))

describe('R3, R13: check on users holding a role the file defines badly', () => {
  it('R3, R13: a user holding a broken copy of Agent with Supervisor gets an error naming the role and its defect', async () => {
    const { code, findings } = await findingsOf()
    expect(code).toBe(1)
    const gina = forUser(findings, 0)
    expect(gina).toEqual([
      expect.objectContaining({ severity: 'error', path: 'users[0].roles[1]', code: 'assignment/unknown-role' }),
    ])
    expect(gina[0]?.message).toContain('"agent-lite"')
    expect(gina[0]?.message).toContain('roles[0].permissions[2]')
    expect(gina[0]?.message).toMatch(/not a permission of the catalogue/)
  })

  it('R3, R10: a user holding the invalid id "Junior Agent" gets an error, and no advice to revoke the seat', async () => {
    const { findings } = await findingsOf()
    const lee = forUser(findings, 1)
    expect(lee.map((f) => [f.path, f.severity, f.code])).toEqual([
      ['users[1].roles[0]', 'error', 'assignment/unknown-role'],
    ])
    expect(lee[0]?.message).toContain('"Junior Agent"')
    expect(lee[0]?.message).toContain('roles[1].id')
    expect(lee[0]?.message).toMatch(/not a valid role id/)
  })

  it('R10: no seat advice on top of an error, also without a seat (seat/missing)', async () => {
    const { findings } = await findingsOf()
    expect(forUser(findings, 2).map((f) => [f.path, f.code])).toEqual([
      ['users[2].roles[1]', 'assignment/unknown-role'],
    ])
    expect(findings.filter((f) => f.code.startsWith('seat/'))).toEqual([])
  })

  it('R3: the roles themselves are still reported at their fields; a sound user gets nothing', async () => {
    const { findings } = await findingsOf()
    expect(findings.filter((f) => f.path.startsWith('roles')).map((f) => [f.path, f.code])).toEqual([
      ['roles[0].permissions[2]', 'role/unknown-permission'],
      ['roles[1].id', 'role/invalid-id'],
    ])
    expect(forUser(findings, 3)).toEqual([])
  })

  it('R10, R13: an unknown role id is an error and the seat is not judged on the roles that are left', async () => {
    const policy = {
      catalogue: { id: 'conversations', version: '1.0.0' },
      users: [
        { id: 'ana', roles: ['agnet'], seat: true },
        { id: 'bo', roles: ['supervisor', 'agent'], seat: false },
        { id: 'vic', roles: ['viewer'], seat: true },
      ],
    }
    const { findings } = await findingsOf('p.json', { 'p.json': policy })
    expect(findings.map((f) => [f.path, f.code])).toEqual([
      ['users[0].roles[0]', 'assignment/unknown-role'],
      ['users[1].roles', 'assignment/exclusive-roles'],
      ['users[2].seat', 'seat/unused'],
    ])
  })

  it('R3, R13: the text table shows the error at the user, exit 1', async () => {
    const r = await run(['check', FILE])
    expect(r.code).toBe(1)
    expect(r.stdout).toMatch(/^error +users\[1\]\.roles\[0\] +R13 +assignment\/unknown-role +User "lee\.chen" holds/m)
    expect(r.stdout).not.toContain('revoke it to free the seat')
  })
})
