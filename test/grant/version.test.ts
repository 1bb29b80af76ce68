import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { createGuard, GrantError } from '../../src/client/index.js'
import { versionLine } from '../../src/grant/format.js'
import { createGrant, createPolicy, defineCatalogue, type Grant } from '../../src/index.js'
import { run } from '../cli/_run.js'

// The helpdesk catalogue of the examples, with its version replaced by the one a row needs.
const definition = JSON.parse(readFileSync('examples/helpdesk.catalogue.json', 'utf8')) as Record<string, unknown>
const catalogueAt = (version: string) => defineCatalogue({ ...definition, version } as never)

/** [the version data was made with (grant, policy file), the version in use (page, CLI), read?] */
const PAIRS: readonly [string, string, boolean][] = [
  ['1.0.0', '1.0.0', true],
  ['1.4.0', '1.0.0', true], // a newer minor on the server than the page was built for
  ['1.0.0', '1.4.2', true], // and the other way round: within a major a catalogue only adds
  ['1.0.10', '1.2.0', true],
  ['2.0.0', '1.0.0', false], // another major: ids may have been removed or changed meaning
  ['1.9.9', '2.0.0', false],
  ['0.4.0', '0.4.7', true], // before 1.0, the minor is the breaking part (npm's ^0.4.0)
  ['0.4.0', '0.5.0', false],
  ['0.9.0', '1.0.0', false],
  ['1', '1', true], // not MAJOR.MINOR.PATCH: only the same version reads
  ['1', '1.0.0', false],
  ['1.0', '1.0.0', false],
  ['v1.0.0', '1.0.0', false],
  ['1.0.0-beta.1', '1.0.0', false],
  ['1.0.0-beta.1', '1.0.0-beta.1', true],
  ['2024-05', '2024-05', true],
  ['2024-05', '2024-06', false],
]

describe('one rule for catalogue versions, in the browser guard and the CLI', () => {
  for (const [made, used, read] of PAIRS) {
    it(`R36, R37: data made with ${made} is ${read ? 'read' : 'refused'} where ${used} is in use`, async () => {
      expect(versionLine(made) === versionLine(used)).toBe(read)

      // The guard: a page built for `used` gets a grant made with `made`.
      const grant: Grant = createGrant(createPolicy(catalogueAt(made)), { id: 'ana', roles: ['agent'], seat: true })
      const options = { catalogue: { id: 'helpdesk', version: used } }
      if (read) expect(createGuard(JSON.parse(JSON.stringify(grant)), options).user).toBe('ana')
      else {
        const refusal = (() => {
          try {
            createGuard(grant, options)
          } catch (err) {
            return err
          }
        })()
        expect(refusal).toBeInstanceOf(GrantError)
        // It names both versions, so the message says what to do: fetch a grant for the page's catalogue.
        expect(refusal).toMatchObject({
          code: 'data/invalid',
          problem: 'catalogue-mismatch',
          message: `seatguard/client: grant is for helpdesk@${made}, not helpdesk@${used}; fetch a new one.`,
        })
      }

      // The CLI: a policy file written for `made`, checked with a catalogue file at `used`.
      const cli = await run(['check', 'p.json', '--catalogue', 'c.json'], {
        'c.json': { ...definition, version: used },
        'p.json': { catalogue: { id: 'helpdesk', version: made }, roles: [], users: [] },
      })
      expect(cli.code, cli.stderr).toBe(read ? 0 : 2)
      if (!read) expect(cli.stderr).toContain(`the policy is for helpdesk ${JSON.stringify(made)}`)
    })
  }

  it('R37: the CLI says which versions it reads: the line of a numbered version, or the exact one', async () => {
    const refused = async (used: string) =>
      (
        await run(['check', 'p.json', '--catalogue', 'c.json'], {
          'c.json': { ...definition, version: used },
          'p.json': { catalogue: { id: 'helpdesk', version: '9.9.9' }, roles: [], users: [] },
        })
      ).stderr
    expect(await refused('2.1.0')).toContain('is version 2.1.0; only 2.x files can be read.')
    expect(await refused('0.3.1')).toContain('is version 0.3.1; only 0.3.x files can be read.')
    expect(await refused('2024-05')).toContain('is version 2024-05; only version "2024-05" files can be read.')
  })
})
