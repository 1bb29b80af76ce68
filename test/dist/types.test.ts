import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type PackedProject, packedProject, run } from './_packed.js'

// A product's TypeScript project on the packed package (issue 12, item 1): one file imports every
// entry and is compiled, strict and with skipLibCheck off, under the resolution modes products use.
// The @ts-expect-error lines prove each entry's types were found: a missing type would be `any`.
const CONSUMER = `
import * as fc from 'fast-check'
import { conversations, createPolicy, SeatguardError, type User } from 'seatguard'
import { createGuard, GrantError } from 'seatguard/client'
import { createPostgresStore, type PostgresClient, type PostgresStore } from 'seatguard/postgres'
import { policyArbitraries } from 'seatguard/testing'

const policy = createPolicy(conversations)
export const allowed: boolean = policy.can({ id: 'ana', roles: ['agent'], seat: true }, 'conversations/allow-assignment')
// @ts-expect-error a typo in a permission id of the built-in catalogue
policy.can({ id: 'ana', roles: ['agent'] }, 'conversations/allow-asignment')

export const guard = createGuard<typeof conversations>(null, { catalogue: conversations })
// @ts-expect-error the guard knows the catalogue's permission ids
guard.can('conversations/allow-asignment')
export const refused = (err: unknown): boolean => err instanceof GrantError && err.problem === 'malformed'

export const open = (client: PostgresClient): PostgresStore => createPostgresStore({ client })
// @ts-expect-error the store needs the user's client
createPostgresStore({})

export const users: fc.Arbitrary<User> = policyArbitraries(fc, policy).user
// @ts-expect-error the arbitraries need the caller's fast-check and a policy
policyArbitraries(fc)

export const code = (err: unknown): string | undefined => (err instanceof SeatguardError ? err.code : undefined)
`
const STRICT = { strict: true, noEmit: true, skipLibCheck: false, target: 'es2022', lib: ['es2022'], types: [] }
// fast-check 4's own declarations do not resolve pure-rand's under node10, so there the libraries'
// files go unchecked; seatguard's still have to resolve, and the @ts-expect-error lines hold that.
const NODE10 = { ...STRICT, module: 'commonjs', moduleResolution: 'node10', ignoreDeprecations: '6.0', skipLibCheck: true }
const NODENEXT = { ...STRICT, module: 'nodenext', moduleResolution: 'nodenext' }
const tsc = join(process.cwd(), 'node_modules', 'typescript', 'bin', 'tsc')

let project: PackedProject
const compile = (name: string, compilerOptions: object, files: string[]): { code: number; out: string } => {
  writeFileSync(join(project.dir, `${name}.json`), JSON.stringify({ compilerOptions, files }))
  return run(process.execPath, [tsc, '-p', `${name}.json`], project.dir)
}

beforeAll(() => {
  // A product with fast-check (for the arbitraries) and without vitest: seatguard/testing's types must not need it.
  project = packedProject({ type: 'commonjs', devDependencies: ['fast-check'] })
  for (const ext of ['ts', 'mts', 'cts']) writeFileSync(join(project.dir, `consumer.${ext}`), CONSUMER)
}, 120_000)
afterAll(() => project?.remove())

describe('the packed package in a TypeScript project (issue 12)', () => {
  it('every entry resolves with its types under "module": "commonjs" (node10 resolution)', () => {
    expect(compile('node10', NODE10, ['consumer.ts'])).toEqual({ code: 0, out: '' })
  }, 60_000)

  it('every entry resolves with its types under nodenext, imported (ESM) and required (CJS)', () => {
    expect(compile('nodenext', NODENEXT, ['consumer.mts', 'consumer.cts'])).toEqual({ code: 0, out: '' })
  }, 60_000)
})

// What the packed files load (issue 12, item 13): the JavaScript no package at all, the
// declarations only fast-check's types, for seatguard/testing's arbitraries; package.json
// declares it as an optional peer, so npm installs nothing and checks the version it finds.
const bareImports = (text: string, pattern: RegExp): string[] =>
  [...text.matchAll(pattern)].map((m) => m[1] as string).filter((name) => !name.startsWith('.'))

describe('what the packed package loads (issue 12)', () => {
  it('R31: its JavaScript imports no package, and its declarations only fast-check, an optional peer', () => {
    const dist = join(project.dir, 'node_modules', 'seatguard', 'dist')
    const files = readdirSync(dist).filter((f) => f !== 'cli.js')
    const read = (f: string): string => readFileSync(join(dist, f), 'utf8')
    const code = files.filter((f) => /\.c?js$/.test(f))
    const declarations = files.filter((f) => /\.d\.c?ts$/.test(f))
    expect(code.length).toBeGreaterThan(4)
    const loaded = code.flatMap((f) => bareImports(read(f), /(?:^import(?:[^\n]* from)? |require\()'([^']+)'/gm))
    expect(loaded).toEqual([])
    // Only import and export lines: the TSDoc examples in comments name other packages.
    const named = new Set(declarations.flatMap((f) => bareImports(read(f), /^(?:import|export)[^\n]*from '([^']+)'/gm)))
    expect([...named]).toEqual(['fast-check'])
    const pkg = JSON.parse(read('../package.json'))
    expect(pkg.dependencies).toBeUndefined()
    expect(pkg.peerDependencies).toEqual({ 'fast-check': '^3.10.0 || ^4.0.0' })
    expect(pkg.peerDependenciesMeta).toEqual({ 'fast-check': { optional: true } })
  })
})

// A store adapter's project: vitest for testStore, no fast-check. The arbitraries' types are
// fast-check's own (docs/decisions.md), so only a project that type-checks library declarations
// (skipLibCheck: false) needs fast-check installed; this holds what that page says.
describe('seatguard/testing in a project without fast-check (issue 12)', () => {
  const STORE_TEST = `
import * as vitest from 'vitest'
import { createMemoryStore } from 'seatguard'
import { testStore } from 'seatguard/testing'
testStore(vitest, 'memory', () => createMemoryStore())
// @ts-expect-error testStore needs the store factory
testStore(vitest, 'memory')
`
  let adapter: PackedProject
  beforeAll(() => {
    adapter = packedProject({ installedIn: project, devDependencies: ['vitest', '@types/node'] })
    writeFileSync(join(adapter.dir, 'store.test.ts'), STORE_TEST)
  }, 120_000)
  afterAll(() => adapter?.remove())
  const compileAdapter = (skipLibCheck: boolean): { code: number; out: string } => {
    const compilerOptions = { ...NODENEXT, skipLibCheck, types: ['node'] } // vitest's types need Node's
    writeFileSync(join(adapter.dir, 'tsconfig.json'), JSON.stringify({ compilerOptions, files: ['store.test.ts'] }))
    return run(process.execPath, [tsc, '-p', 'tsconfig.json'], adapter.dir)
  }

  it('R31: testStore type-checks with vitest alone (skipLibCheck: true, the tsc --init default)', () => {
    expect(compileAdapter(true)).toEqual({ code: 0, out: '' })
  }, 60_000)

  // Type-checking vitest's and Node's declarations takes ~20 s on 2 cores: CI runs it.
  it.runIf(Boolean(process.env.CI))('R31: with skipLibCheck: false, only the fast-check import of the declarations is missing', () => {
    const { code, out } = compileAdapter(false)
    expect(code).toBe(2)
    const errors = out.split('\n').filter((line) => line.includes('error TS'))
    expect(errors.length).toBeGreaterThan(0)
    for (const line of errors) expect(line).toMatch(/seatguard\/dist\/testing\.d\.ts.*TS2307: Cannot find module 'fast-check'/)
  }, 60_000)
})
