import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { run } from './_run.js'

const COMMANDS = ['check', 'explain', 'seats', 'queues', 'catalogue']

describe('seatguard --help, --version and usage errors', () => {
  it('--help and -h list every command with its usage and the exit codes, exit 0', async () => {
    for (const flag of ['--help', '-h', 'help']) {
      const r = await run([flag])
      expect(r.code, flag).toBe(0)
      expect(r.stderr).toBe('')
      for (const name of COMMANDS) expect(r.stdout).toMatch(new RegExp(`^ {2}${name} +\\S`, 'm'))
      expect(r.stdout).toContain('seatguard explain <file> --user <id> --permission <id> [options]')
      // R25: the queue report is a command, and a file's users may name their queues.
      expect(r.stdout).toContain('seatguard queues <file> [options]')
      expect(r.stdout).toContain('"seat"?: true, "queues"?: ["billing"] }')
      expect(r.stdout).toContain(
        'Exit codes: 0 ok; 1 problems found (check), access denied (explain), a failed test (test) or a\n' +
          'lost permission with --fail-on-loss (diff); 2 usage or input error.',
      )
    }
  })

  it('each command has --help with usage, options and exit codes, exit 0 without reading a file', async () => {
    for (const name of COMMANDS) {
      for (const argv of [
        [name, '--help'],
        [name, '-h'],
        ['help', name],
      ]) {
        const r = await run(argv)
        expect(r.code, argv.join(' ')).toBe(0)
        expect(r.stdout.split('\n')[0]).toMatch(new RegExp(`^Usage: seatguard ${name} `))
        expect(r.stdout).toContain('Options:\n')
        expect(r.stdout).toContain('  -h, --help')
        expect(r.stdout).toContain('Exit codes:\n  0  ')
      }
    }
    expect((await run(['explain', '--help'])).stdout).toContain('-u, --user <id>')
    expect((await run(['check', '--help'])).stdout).toContain('1  at least one error was found')
  })

  it('--version and -v print the package.json version', async () => {
    const { version } = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }
    expect(await run(['--version'])).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' })
    expect((await run(['-v'])).stdout).toBe(`${version}\n`)
  })

  it('no command at all prints the help on stderr and exits 2', async () => {
    const r = await run([])
    expect(r.code).toBe(2)
    expect(r.stdout).toBe('')
    expect(r.stderr).toContain('Usage: seatguard <command> [options]')
  })

  it('an unknown command exits 2 and suggests the closest one', async () => {
    expect(await run(['chek', 'p.json'])).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'seatguard: unknown command "chek"; did you mean "check"? Run "seatguard --help" for the list of commands.\n',
    })
    expect((await run(['frobnicate'])).stderr).not.toContain('did you mean')
    expect((await run(['help', 'nope'])).code).toBe(2)
  })

  it('unknown options, a missing file argument and extra arguments exit 2', async () => {
    expect(await run(['--verbose'])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('unknown option --verbose'),
    })
    expect(await run(['check', 'p.json', '--strict'])).toMatchObject({
      code: 2,
      stderr: 'seatguard: check: unknown option --strict; run "seatguard check --help" for usage.\n',
    })
    expect(await run(['check'])).toMatchObject({
      code: 2,
      stderr: 'seatguard: check: missing <file>; usage: seatguard check <file> [options]\n',
    })
    expect(await run(['seats', 'a.json', 'b.json'])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('seats: unexpected argument "b.json"'),
    })
    expect(await run(['seats', 'a.json', '--json=yes'])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('option --json takes no value'),
    })
  })
})
