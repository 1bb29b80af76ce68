import { spawnSync } from 'node:child_process'
import { accessSync, constants, existsSync, readdirSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'

// End to end: the built bin, as npm links it. `npm test` builds first; alone, run `npx tsup` first.
const BIN = 'dist/cli.js'
const exec = (argv: readonly string[], file = process.execPath, args: readonly string[] = [BIN]) => {
  const r = spawnSync(file, [...args, ...argv], { encoding: 'utf8', timeout: 20_000 })
  return { code: r.status, stdout: r.stdout, stderr: r.stderr }
}

describe('the built seatguard bin (dist/cli.js)', () => {
  it('exists, starts with the node shebang, is executable and is an ES module', () => {
    expect(existsSync(BIN), `${BIN} is missing: build first (npm run build)`).toBe(true)
    const text = readFileSync(BIN, 'utf8')
    expect(text.split('\n')[0]).toBe('#!/usr/bin/env node')
    expect(() => accessSync(BIN, constants.X_OK)).not.toThrow()
    expect(text).toMatch(/^import .* from ['"](node:)?util['"];?$/m)
    expect(text).not.toMatch(/\brequire\(/)
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { bin?: Record<string, string>; type?: string }
    expect(pkg.bin).toEqual({ seatguard: './dist/cli.js' })
    expect(pkg.type).toBe('module')
    // The library entries, and the chunks of the core they share, stay free of the CLI (and of node: modules).
    const library = readdirSync('dist').filter((f) => /\.c?js$/.test(f) && f !== 'cli.js')
    expect(library).toEqual(expect.arrayContaining(['index.js', 'index.cjs', 'client.js', 'postgres.cjs']))
    expect(library.some((f) => f.startsWith('chunk-'))).toBe(true)
    for (const file of library) expect(readFileSync(`dist/${file}`, 'utf8'), file).not.toMatch(/parseArgs|readFileSync/)
  })

  it('runs through its shebang: --version prints the package version, exit 0', () => {
    const { version } = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }
    expect(exec(['--version'], BIN, [])).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' })
  })

  it('R8, R9: check examples/policy.json finds the errors and exits 1', () => {
    const r = exec(['check', 'examples/policy.json'])
    expect(r.code).toBe(1)
    expect(r.stdout).toMatch(/^error +users\[\d+\]\.roles +R8 +assignment\/exclusive-roles /m)
    expect(r.stdout).toMatch(/^error +users\[\d+\]\.roles +R9 +assignment\/derived-with-source /m)
    expect(r.stderr).toBe('')
  })

  it('check examples/policy-clean.json exits 0; explain exits 1 when denied; a missing file exits 2', () => {
    expect(exec(['check', 'examples/policy-clean.json']).code).toBe(0)
    expect(
      exec(['explain', 'examples/policy.json', '-u', 'eva.rossi', '-p', 'conversations/my-work/transfer']).code,
    ).toBe(1)
    const missing = exec(['seats', 'examples/nope.json'])
    expect(missing).toEqual({
      code: 2,
      stdout: '',
      stderr: 'seatguard: examples/nope.json: cannot read the policy file: no such file (ENOENT).\n',
    })
  })

  it('reads the policy file from standard input for "-"', () => {
    const input = readFileSync('examples/policy-clean.json', 'utf8')
    const ok = spawnSync(process.execPath, [BIN, 'check', '-'], { input, encoding: 'utf8', timeout: 20_000 })
    expect([ok.status, ok.stdout]).toEqual([0, 'No problems in <stdin> (3 custom roles, 7 users).\n'])
    const bad = spawnSync(process.execPath, [BIN, 'seats', '-'], { input: '{', encoding: 'utf8', timeout: 20_000 })
    expect([bad.status, bad.stderr]).toEqual([
      2,
      "seatguard: <stdin>:1:2: invalid JSON: Expected property name or '}'.\n",
    ])
  })

  it('R38: check --users - streams the users from standard input, and a missing users file exits 2', () => {
    const input = `${readFileSync('test/cli/fixtures/bad-import.jsonl', 'utf8')}`
    const r = spawnSync(process.execPath, [BIN, 'check', 'examples/policy-clean.json', '--users', '-', '--json'], {
      input,
      encoding: 'utf8',
      timeout: 20_000,
    })
    const out = JSON.parse(r.stdout) as { usersFile: string; findings: { path: string }[] }
    expect([r.status, out.usersFile, r.stderr]).toEqual([1, '<stdin>', ''])
    expect(out.findings.map((f) => f.path)).toEqual([
      'line 2.roles[0]',
      'line 3',
      'line 4.roles',
      'line 5.id',
      'line 7.seat',
    ])
    expect(exec(['check', 'examples/policy-clean.json', '--users', 'examples/nope.jsonl'])).toEqual({
      code: 2,
      stdout: '',
      stderr: 'seatguard: examples/nope.jsonl: cannot read the users file: no such file (ENOENT).\n',
    })
  })

  it('seats --json writes parseable JSON to a pipe', () => {
    const r = exec(['seats', 'examples/policy.json', '--json'])
    expect(r.code).toBe(0)
    expect((JSON.parse(r.stdout) as { totals: { users: number } }).totals.users).toBe(10)
  })
})
