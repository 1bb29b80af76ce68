import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { run } from './_run.js'

const EXAMPLE = 'examples/policy.test.json'
const example = JSON.parse(readFileSync(EXAMPLE, 'utf8')) as { cases: { name: string; expect: unknown }[] }
const dir = mkdtempSync(join(tmpdir(), 'seatguard-test-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** A JUnit document read back: well formed (every tag closed, in order), its suite and cases. */
function readJunit(text: string) {
  expect(text.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n')).toBe(true)
  const stack: string[] = []
  for (const [, close, name, , selfClosing] of text.matchAll(/<(\/?)([A-Za-z]+)((?:\s+[a-z]+="[^"<]*")*)\s*(\/?)>/g)) {
    if (close) expect(stack.pop(), `</${name}> closes the open element`).toBe(name)
    else if (!selfClosing) stack.push(name as string)
  }
  expect(stack).toEqual([])
  const attrs = (tag: string): Record<string, string | undefined> =>
    Object.fromEntries([...tag.matchAll(/([a-z]+)="([^"]*)"/g)].map((m) => [m[1], m[2]]))
  const suites = [...text.matchAll(/<testsuite\s[^>]*>/g)].map((m) => attrs(m[0]))
  const cases = [...text.matchAll(/<testcase\s[^>]*?(\/>|>\s*<failure[^>]*>)/g)].map((m) => {
    const a = attrs(m[0])
    return { name: a.name, classname: a.classname, failed: m[1] !== '/>' }
  })
  const root = attrs(/<testsuites\s[^>]*>/.exec(text)?.[0] ?? '')
  return { root, suites, cases }
}

describe('seatguard test (R32)', () => {
  it('R32: passes on examples/policy.test.json, exit 0, one line per case', async () => {
    const r = await run(['test', EXAMPLE])
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    for (const c of example.cases) expect(r.stdout).toContain(`ok    ${c.name}`)
    expect(r.stdout).toMatch(/19 tests in examples\/policy\.test\.json: 19 passed, 0 failed\./)
  })

  it('R32: a wrong expectation exits 1 and names the case, what was expected, what came out and the message', async () => {
    const wrong = structuredClone(example)
    const target = wrong.cases[2] as { name: string; expect: unknown }
    target.expect = true
    const r = await run(['test', 'wrong.test.json'], { 'wrong.test.json': wrong })
    expect(r.code).toBe(1)
    expect(r.stdout).toContain(`FAIL  ${target.name}: expected allowed, got denied (not-granted)`)
    expect(r.stdout).toMatch(/message: +User "ben" may not use Download conversations/)
    expect(r.stdout).toContain('1 failed.')
  })

  it('R32: --junit writes well-formed JUnit XML listing every case, with the failure on the wrong one', async () => {
    const wrong = structuredClone(example)
    ;(wrong.cases[0] as { expect: unknown }).expect = 'no-seat'
    const path = join(dir, 'report.xml')
    const r = await run(['test', 'wrong.test.json', '--junit', path], { 'wrong.test.json': wrong })
    expect(r.code).toBe(1)
    const { root, suites, cases } = readJunit(readFileSync(path, 'utf8'))
    expect(suites).toHaveLength(1)
    expect(suites[0]).toMatchObject({ name: 'wrong.test.json', tests: '19', failures: '1', errors: '0' })
    expect(root).toMatchObject({ tests: '19', failures: '1' })
    expect(cases).toHaveLength(19)
    for (const c of example.cases) expect(cases.map((x) => x.name)).toContain(c.name)
    expect(cases.filter((c) => c.failed).map((c) => c.name)).toEqual([example.cases[0]?.name])
    expect(cases.every((c) => c.classname?.startsWith('seatguard.'))).toBe(true)
  })

  it('R32: names and messages are escaped in the XML', async () => {
    const odd = structuredClone(example)
    odd.cases = [{ ...(example.cases[0] as object), name: 'a <b> & "c"' } as { name: string; expect: unknown }]
    const path = join(dir, 'odd.xml')
    expect((await run(['test', 'odd.json', '--junit', path], { 'odd.json': odd })).code).toBe(0)
    const text = readFileSync(path, 'utf8')
    expect(text).toContain('name="a &lt;b&gt; &amp; &quot;c&quot;"')
    expect(readJunit(text).cases).toHaveLength(1 + 1 + 9 + 3)
  })

  it('R32: seat-report and queue-report expectations fail with expected and got', async () => {
    const wrong = structuredClone(example) as Record<string, unknown>
    wrong.seats = { totals: { seatsUsed: 9 }, rows: { ana: { label: 'Supervisor for Conversations' } } }
    wrong.queues = { billing: { viewers: [] } }
    const r = await run(['test', 'w.json'], { 'w.json': wrong })
    expect(r.code).toBe(1)
    expect(r.stdout).toContain('FAIL  seats: totals.seatsUsed: expected 9, got 3')
    expect(r.stdout).toContain(
      'FAIL  seats: ana label: expected "Supervisor for Conversations", got "Agent for Conversations"',
    )
    expect(r.stdout).toContain('FAIL  queues: billing viewers: expected [], got ["dan"]')
  })

  it('R32: check findings in the policy fail the run unless --allow-findings', async () => {
    const flawed = structuredClone(example) as unknown as { policy: { users: unknown[] } }
    flawed.policy.users.push({ id: 'zed', roles: ['agent', 'supervisor'], seat: true })
    const r = await run(['test', 'f.json'], { 'f.json': flawed })
    expect(r.code).toBe(1)
    expect(r.stdout).toContain('FAIL  check: the policy has no problems')
    expect(r.stdout).toContain('assignment/exclusive-roles')
    const allowed = await run(['test', 'f.json', '--allow-findings'], { 'f.json': { ...flawed, seats: undefined } })
    expect(allowed.code).toBe(0)
    expect(allowed.stdout).toMatch(/ok {4}check: \d+ problems? allowed/) // allowed, but still shown
    expect(allowed.stdout).toContain('assignment/exclusive-roles')
  })

  it('R32: the policy may be a path, relative to the test file', async () => {
    const r = await run(['test', join(dir, 'rel.test.json')], {
      [join(dir, 'rel.test.json')]: {
        policy: 'clean.json',
        cases: [{ user: 'ana.lopez', permission: 'conversations/allow-assignment', expect: true }],
      },
      [join(dir, 'clean.json')]: readFileSync('examples/policy-clean.json', 'utf8'),
    })
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    expect(r.stdout).toContain('ok    ana.lopez conversations/allow-assignment → true')
  })

  it('R32: an invalid test file exits 2 with a message: unknown user, permission, reason, key; bad JSON', async () => {
    const bad = (cases: unknown[]) => ({ ...example, cases })
    const base = { user: 'ana', permission: 'conversations/my-work/transfer', expect: true }
    const cases: [unknown, RegExp][] = [
      [bad([{ ...base, user: 'anna' }]), /cases\[0\]\.user: no user "anna" in the policy; did you mean "ana"\?/],
      [bad([{ ...base, permission: 'conversations/my-work/transfr' }]), /cases\[0\]\.permission: .*did you mean/],
      [bad([{ ...base, expect: 'nope' }]), /cases\[0\]\.expect: must be true, false or a reason/],
      [bad([{ ...base, expected: true }]), /cases\[0\]\.expected: unknown key; did you mean "expect"\?/],
      [bad([{ ...base, item: { queue: '' } }]), /cases\[0\]\.item\.queue: must be a non-empty string/],
      [{ cases: [] }, /"policy" is missing/],
      ['{ nope', /invalid JSON/],
    ]
    for (const [file, message] of cases) {
      const r = await run(['test', 'bad.json'], { 'bad.json': file })
      expect(r.code, JSON.stringify(file)).toBe(2)
      expect(r.stderr).toMatch(message)
    }
    expect((await run(['test', 'missing.json'])).code).toBe(2)
    expect((await run(['test'])).code).toBe(2)
  })
})
