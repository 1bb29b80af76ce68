import { execFileSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'

// The built subpath, loaded the way users load it (`npm test` builds first): a grant made by
// the root entry, read by `seatguard/client`, in ESM and in CJS.
const root = new URL('../..', import.meta.url).pathname
const program = `
  const grant = JSON.parse(JSON.stringify(root.createGrant(root.createPolicy(root.conversations), { id: 'ben', roles: ['agent'] })))
  const guard = client.createGuard(grant, { catalogue: { id: 'conversations', version: '1.0.0' } })
  let refused
  try { client.createGuard({ ...grant, v: 2 }, { catalogue: { id: 'conversations', version: '1.0.0' } }) } catch (e) { refused = e instanceof client.GrantError && e.code + ' ' + e.problem }
  console.log(JSON.stringify([guard.mode, guard.can('contact-center/conversations/view'), guard.explain('conversations/my-work/transfer').reason, refused]))`
const expected = JSON.stringify(['viewer', true, 'no-seat', 'data/invalid unsupported-version'])
const run = (args: string[]): string => execFileSync(process.execPath, args, { cwd: root, encoding: 'utf8' }).trim()

describe('the built seatguard/client', () => {
  it('works as ESM through the package exports', () => {
    const esm = `import * as root from 'seatguard'; import * as client from 'seatguard/client'; ${program}`
    expect(run(['--input-type=module', '-e', esm])).toBe(expected)
  })

  it('works as CJS through the package exports', () => {
    const cjs = `const root = require('seatguard'); const client = require('seatguard/client'); ${program}`
    expect(run(['-e', cjs])).toBe(expected)
  })
})
