import { cpSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type PackedProject, packedProject, root } from './_packed.js'

// A product's fresh install of the packed package, in a scratch project with fast-check (the
// product's own dev dependency) and no test runner at all.
let project: PackedProject
let scratch = ''
const node = (args: string[]): { code: number; out: string } => project.node(args)

beforeAll(() => {
  project = packedProject({ devDependencies: ['fast-check'] })
  scratch = project.dir
  cpSync(join(root, 'examples', 'policy.test.json'), join(scratch, 'policy.test.json'))
}, 120_000)
afterAll(() => project.remove())

describe('the packed package in a fresh project (R31, R32)', () => {
  it('R31: installs no dependency, and the project has no vitest', () => {
    const installed = JSON.parse(readFileSync(join(scratch, 'node_modules', 'seatguard', 'package.json'), 'utf8'))
    expect(installed.dependencies ?? {}).toEqual({})
    expect(node(['-e', "import('vitest').then(() => console.log('found'), () => console.log('absent'))"]).out.trim()).toBe(
      'absent',
    )
  })

  it('R31: seatguard/testing imports without a test runner and assertPolicy runs on the product policy (ESM and CJS)', () => {
    const program = `
      const policy = m.createPolicy(m.conversations).duplicateRole('agent', { id: 'junior', name: 'Junior' })
      t.assertPolicy(fc, policy, { numRuns: 30 })
      const broken = { ...Object.fromEntries(['explain','access','reach','seatReport','queueReport'].map((k) => [k, policy[k].bind(policy)])),
        catalogue: policy.catalogue, roles: policy.roles, can: () => true }
      try { t.assertPolicy(fc, broken, { numRuns: 30 }); console.log('passed') } catch (e) { console.log(e instanceof t.PolicyInvariantError, e.rule) }`
    const esm = `import fc from 'fast-check'; import * as m from 'seatguard'; import * as t from 'seatguard/testing'; ${program}`
    expect(node(['--input-type=module', '-e', esm]).out.trim()).toBe('true R4')
    const cjs = `const fc = require('fast-check'); const m = require('seatguard'); const t = require('seatguard/testing'); ${program}`
    expect(node(['-e', cjs]).out.trim()).toBe('true R4')
  })

  it('R32: npx seatguard test passes on the example and exits 1 on a wrong expectation, writing JUnit', () => {
    const bin = join(scratch, 'node_modules', '.bin', 'seatguard')
    const ok = node([bin, 'test', 'policy.test.json', '--junit', 'reports/seatguard.xml'])
    expect(ok.code).toBe(0)
    expect(readFileSync(join(scratch, 'reports', 'seatguard.xml'), 'utf8')).toContain('<testsuite name="policy.test.json"')
    const wrong = JSON.parse(readFileSync(join(scratch, 'policy.test.json'), 'utf8'))
    wrong.cases[0].expect = false
    writeFileSync(join(scratch, 'wrong.test.json'), JSON.stringify(wrong))
    const failed = node([bin, 'test', 'wrong.test.json'])
    expect(failed.code).toBe(1)
    expect(failed.out).toContain(`FAIL  ${wrong.cases[0].name}`)
  })
})
