import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

// Runs the built package the way users load it: `npm test` builds first.
const root = fileURLToPath(new URL('../..', import.meta.url))
const run = (args: string[]): string => execFileSync(process.execPath, args, { cwd: root, encoding: 'utf8' })
const program = `
  const agent = { id: 'ana', roles: ['agent'], seat: true }
  const policy = m.createPolicy(m.conversations).duplicateRole('agent', { id: 'junior', name: 'Junior' })
  let code
  try { policy.deleteRole('agent') } catch (e) { code = e instanceof m.SeatguardError && e.code }
  console.log(JSON.stringify([
    m.can(agent, 'conversations/allow-assignment'),
    m.can({ ...agent, seat: false }, 'conversations/allow-assignment'),
    m.explain({ ...agent, seat: false }, 'conversations/allow-assignment').reason,
    policy.can({ id: 'j', roles: ['junior'], seat: true }, 'conversations/my-work/transfer'),
    code,
  ]))`
const expected = JSON.stringify([true, false, 'no-seat', true, 'role/immutable'])

describe('the built package', () => {
  it('is built', () => {
    expect(existsSync(`${root}/dist/index.js`) && existsSync(`${root}/dist/index.cjs`)).toBe(true)
  })

  it('loads as ESM through the package exports', () => {
    expect(run(['--input-type=module', '-e', `import * as m from 'seatguard'; ${program}`]).trim()).toBe(expected)
  })

  it('loads as CommonJS through the package exports', () => {
    expect(run(['-e', `const m = require('seatguard'); ${program}`]).trim()).toBe(expected)
  })
})

describe('errors across the built entries', () => {
  it('SPEC section 3: an error thrown by seatguard/client is an instanceof the root SeatguardError (ESM and CJS)', () => {
    const check = `
      let out
      try { c.createGuard({ format: 'nope' }, { catalogue: { id: 'conversations', version: '1.0.0' } }) } catch (e) { out = [e instanceof m.SeatguardError, e.code] }
      console.log(JSON.stringify(out))`
    const expectedOut = JSON.stringify([true, 'data/invalid'])
    expect(run(['--input-type=module', '-e', `import * as m from 'seatguard'; import * as c from 'seatguard/client'; ${check}`]).trim()).toBe(expectedOut)
    expect(run(['-e', `const m = require('seatguard'); const c = require('seatguard/client'); ${check}`]).trim()).toBe(expectedOut)
  })
})

describe('one core shared by the built entries (issue 12)', () => {
  // The prototype chain itself, not the brand SeatguardError's instanceof also accepts: the
  // entries load one shared copy of the core, so there is one class per format.
  const check = `
    const own = (e) => Function.prototype[Symbol.hasInstance].call(m.SeatguardError, e)
    const caught = (f) => { try { f() } catch (e) { return [own(e), e.code] } }
    console.log(JSON.stringify([
      caught(() => p.createPostgresStore({ client: {} })),
      caught(() => t.testStore(null, 'x', () => m.createMemoryStore())),
    ]))`
  const expectedOut = JSON.stringify([[true, 'data/invalid'], [true, 'data/invalid']])

  it('SPEC section 3: seatguard/postgres and seatguard/testing throw the root entry’s own SeatguardError class in ESM', () => {
    const esm = `import * as m from 'seatguard'; import * as p from 'seatguard/postgres'; import * as t from 'seatguard/testing'; ${check}`
    expect(run(['--input-type=module', '-e', esm]).trim()).toBe(expectedOut)
  })

  it('SPEC section 3: seatguard/postgres and seatguard/testing throw the root entry’s own SeatguardError class in CJS', () => {
    const cjs = `const m = require('seatguard'); const p = require('seatguard/postgres'); const t = require('seatguard/testing'); ${check}`
    expect(run(['-e', cjs]).trim()).toBe(expectedOut)
  })
})
