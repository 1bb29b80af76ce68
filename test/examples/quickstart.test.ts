import { execFileSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

// `npm start` runs this example against the built package; run it the same way.
const root = fileURLToPath(new URL('../..', import.meta.url))

describe('examples/quickstart.ts (npm start)', () => {
  const out = execFileSync(process.execPath, ['--import', 'tsx', 'examples/quickstart.ts'], {
    cwd: root,
    encoding: 'utf8',
  })
  const value = (label: string): string | undefined =>
    out
      .split('\n')
      .find((l) => l.trim().startsWith(label))
      ?.slice(label.length + 2)
      .trim()

  it('R4/R5: prints an agent with a seat allowed and without one reduced to viewer', () => {
    expect(value('ana (agent, seat) may assign conversations:')).toBe('true')
    expect(value('ben (agent, no seat) may assign conversations:')).toBe('false')
    expect(value('ben is in mode:')).toBe('viewer')
    expect(out).toContain('why not: User "ben" may not use Assign conversations')
  })

  it('R2/R3/R9: prints the duplicated role without assignment and the copy-beside-source problem', () => {
    expect(value('the copy records derivedFrom:')).toBe('agent')
    expect(value('cleo may assign conversations:')).toBe('false')
    expect(value('dana (agent + downloader) may download:')).toBe('true')
    expect(out).toContain('eve holds the copy and its source: assignment/derived-with-source')
  })

  it('R10-R12: prints the seat report with labels, flags and totals', () => {
    expect(out).toMatch(/ben\s+Agent for Conversations\s+viewer\s+seat:no\s+seat-missing/)
    expect(out).toMatch(/cleo\s+No default role\s+full/)
    expect(out).toContain('7 users, 5 seats used, 5 needed, 3 viewers, 1 missing, 1 unused')
  })

  it('R14/R15/R17: the service on the memory store refuses bad writes whole and audits the rest', () => {
    expect(out).toContain('refused, nothing written: seat/limit-reached')
    expect(out).toContain('refused, nothing written: assignment/exclusive-roles')
    expect(out).toContain('refused, nothing written: role/immutable')
    expect(out).toContain(
      'audit log: #1 tenant.seat-limit-set acme, #2 role.duplicated agent-no-assign, #3 role.updated agent-no-assign, #4 user.set ana, #5 user.set cleo, #6 user.set ben',
    )
  })
})
