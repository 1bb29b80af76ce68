import { describe, expect, it } from 'vitest'
import { CATALOGUE, policyFile, run } from './_run.js'

const F = 'in.json'
/** Runs every file-reading command on the same input and returns their results. */
const everyCommand = (content: unknown) =>
  Promise.all(
    [
      ['check', F],
      ['seats', F],
      ['explain', F, '--user', 'ana', '--permission', 'contact-center/conversations/view'],
    ].map((argv) => run(argv, { [F]: content })),
  )

describe('reading a policy file (exit 2 for input errors)', () => {
  it('names a missing file and the reason, and prints nothing on stdout', async () => {
    const r = await run(['check', 'test/cli/no-such-file.json'])
    expect(r).toEqual({
      code: 2,
      stdout: '',
      stderr: 'seatguard: test/cli/no-such-file.json: cannot read the policy file: no such file (ENOENT).\n',
    })
  })

  it('names a directory given as the file', async () => {
    const r = await run(['seats', 'test/cli'])
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('test/cli: cannot read the policy file: it is a directory, not a file (EISDIR).')
  })

  it('reports bad JSON with file, line and column', async () => {
    for (const r of await everyCommand(
      '{\n  "catalogue": { "id": "conversations", "version": "1.0.0" }\n  "users": []\n}\n',
    )) {
      expect(r.code).toBe(2)
      expect(r.stderr).toBe(`seatguard: ${F}:3:3: invalid JSON: Expected ',' or '}' after property value.\n`)
    }
  })

  it('reports an empty or truncated file as bad JSON at its end', async () => {
    expect((await run(['check', F], { [F]: '' })).stderr).toBe(
      `seatguard: ${F}:1:1: invalid JSON: Unexpected end of JSON input.\n`,
    )
    expect((await run(['check', F], { [F]: '{\n"a":' })).stderr).toBe(
      `seatguard: ${F}:2:5: invalid JSON: Unexpected end of JSON input.\n`,
    )
  })

  it('accepts a UTF-8 byte order mark', async () => {
    expect((await run(['check', F], { [F]: `\uFEFF${JSON.stringify(policyFile([]))}` })).code).toBe(0)
  })

  it('refuses a file that is not a JSON object', async () => {
    expect((await run(['check', F], { [F]: [] })).stderr).toContain(
      'a policy file must be a JSON object with "catalogue", "roles" and "users", got an array.',
    )
    expect((await run(['check', F], { [F]: '"x"' })).code).toBe(2)
  })

  it('refuses an unknown top-level key, suggesting the right one', async () => {
    const r = await run(['check', F], { [F]: { catalogue: CATALOGUE, user: [] } })
    expect(r).toMatchObject({ code: 2, stdout: '' })
    expect(r.stderr).toContain(`${F}: user: unknown key; did you mean "users"?`)
  })

  it('refuses roles or users that are not arrays', async () => {
    expect((await run(['check', F], { [F]: { catalogue: CATALOGUE, users: {} } })).stderr).toContain(
      `${F}: users: must be an array, got {}.`,
    )
    expect((await run(['check', F], { [F]: { catalogue: CATALOGUE, roles: 'x' } })).stderr).toContain(
      `${F}: roles: must be an array`,
    )
  })

  it('treats absent roles and users as empty lists', async () => {
    expect(await run(['check', F], { [F]: { catalogue: CATALOGUE } })).toMatchObject({
      code: 0,
      stdout: `No problems in ${F} (0 custom roles, 0 users).\n`,
    })
  })

  describe('the catalogue reference', () => {
    it('is required', async () => {
      for (const r of await everyCommand({ users: [] })) {
        expect(r.code).toBe(2)
        expect(r.stderr).toContain('"catalogue" is missing')
      }
    })

    it('must be an object with string id and version', async () => {
      expect((await run(['check', F], { [F]: { catalogue: 'conversations' } })).stderr).toContain(
        `${F}: catalogue: must be an object with string "id" and "version"`,
      )
      expect((await run(['check', F], { [F]: { catalogue: { id: 'conversations', version: 1 } } })).code).toBe(2)
    })

    it('refuses another catalogue id', async () => {
      const r = await run(['check', F], { [F]: { catalogue: { id: 'helpdesk', version: '1.0.0' } } })
      expect(r.code).toBe(2)
      expect(r.stderr).toContain(
        `${F}: catalogue.id: the policy is for catalogue "helpdesk", but the command uses the built-in catalogue "conversations"; give its definition with --catalogue <file>.`,
      )
    })

    it('refuses another major version, and a version that is not MAJOR.MINOR.PATCH (only the same one reads it)', async () => {
      for (const version of ['2.0.0', '0.9.0', 'latest', '', '1', '1.4', 'v1.0.0', '1.0.0-rc.1']) {
        const r = await run(['check', F], { [F]: { catalogue: { id: 'conversations', version } } })
        expect(r.code, version).toBe(2)
        expect(r.stderr).toContain('catalogue.version: the policy is for conversations')
        expect(r.stderr).toContain('only 1.x files can be read')
      }
    })

    it('accepts another minor or patch version of the same major (catalogues only add within a major)', async () => {
      for (const version of ['1.0.0', '1.4.2', '1.0.10']) {
        expect((await run(['check', F], { [F]: { catalogue: { id: 'conversations', version } } })).code, version).toBe(
          0,
        )
      }
    })
  })

  it('seats and explain refuse a file with invalid entries, listing each with its path', async () => {
    const file = policyFile(
      [{ id: 'ana', roles: ['agent'], seat: 1 }, { id: 'bo' }],
      [{ id: 'r', name: 'R', permissions: ['nope'] }],
    )
    for (const argv of [
      ['seats', F],
      ['explain', F, '-u', 'ana', '-p', 'contact-center/conversations/view'],
    ]) {
      const r = await run(argv, { [F]: file })
      expect(r.code).toBe(2)
      expect(r.stdout).toBe('')
      expect(r.stderr.split('\n')).toEqual([
        `seatguard: ${F}: the policy file has 3 invalid entries; fix them before running ${argv[0]} ("seatguard check" lists every problem):`,
        expect.stringMatching(/^ {2}roles\[0\]\.permissions\[0\]: Role "r" names "nope"/),
        expect.stringMatching(/^ {2}users\[0\]\.seat: "seat" must be true or false/),
        expect.stringMatching(/^ {2}users\[1\]\.roles: "roles" must be an array of role ids, got nothing\./),
        '',
      ])
    }
  })

  it('seats and explain still run when users hold unknown roles or break R8 (check reports those)', async () => {
    const file = policyFile([{ id: 'ana', roles: ['agent', 'supervisor', 'ghost'], seat: true }])
    expect((await run(['seats', F], { [F]: file })).code).toBe(0)
    expect(
      (await run(['explain', F, '-u', 'ana', '-p', 'conversations/supervision/reassign'], { [F]: file })).code,
    ).toBe(0)
  })
})
