import { writeFileSync } from 'node:fs'
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
afterAll(() => project.remove())

describe('the packed package in a TypeScript project (issue 12)', () => {
  it('every entry resolves with its types under "module": "commonjs" (node10 resolution)', () => {
    expect(compile('node10', NODE10, ['consumer.ts'])).toEqual({ code: 0, out: '' })
  }, 60_000)

  it('every entry resolves with its types under nodenext, imported (ESM) and required (CJS)', () => {
    expect(compile('nodenext', NODENEXT, ['consumer.mts', 'consumer.cts'])).toEqual({ code: 0, out: '' })
  }, 60_000)
})
