import { execFileSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'

/**
 * `can` on a plain user object runs at the bench's no-library floor only when V8 inlines
 * canCompiled into the caller's loop, and V8 inlines no function whose bytecode is longer
 * than its `--max-inlined-bytecode-size`. Two lines of queue validation once pushed it over
 * (494 bytes against 460), unnoticed, with every test still passing; this
 * reads the bytecode length V8 gives the function in this Node and holds it under the limit.
 */
// Without coverage (it adds bytecode; Node passes NODE_V8_COVERAGE on unless the child's env sets
// it) and without options a test runner may have put in NODE_OPTIONS.
const { NODE_OPTIONS: _options, ...rest } = process.env
const env = { ...rest, NODE_V8_COVERAGE: '' }
const node = (args: readonly string[]): string =>
  execFileSync(process.execPath, args, { encoding: 'utf8', env, stdio: ['ignore', 'pipe', 'pipe'] })

const limitOf = (options: string): number => {
  const found = /--max-inlined-bytecode-size \(.*\)\s+type: int\s+default: --max-inlined-bytecode-size=(\d+)/.exec(
    options,
  )
  if (found === null) throw new Error('node --v8-options names no --max-inlined-bytecode-size')
  return Number(found[1])
}

const bytecodeLength = (name: string, script: string): number => {
  const out = node([
    '--import',
    'tsx',
    '--input-type=module',
    '--print-bytecode',
    `--print-bytecode-filter=${name}`,
    '-e',
    script,
  ])
  const found = new RegExp(`for function: ${name} [^\\n]*\\n(?:[^\\n]*\\n)*?Bytecode length: (\\d+)`).exec(out)
  if (found === null) throw new Error(`V8 printed no bytecode for ${name}`)
  return Number(found[1])
}

/** Holds a function's bytecode, as V8 compiles it running `lines`, within V8's inlining limit. */
function expectInlinable(name: string, lines: readonly string[]): void {
  const limit = limitOf(node(['--v8-options']))
  const length = bytecodeLength(name, lines.join('\n'))
  expect(length).toBeGreaterThan(100) // the function was found and compiled
  expect(length).toBeLessThanOrEqual(limit)
}

describe('the hot path of can stays inlinable', () => {
  it('R21: canCompiled, which every item-less can runs, is within V8’s inlining limit', () => {
    expectInlinable('canCompiled', [
      "import { canCompiled } from './src/evaluate/_decide.ts'",
      "import { compiledOf } from './src/policy/create.ts'",
      "import { conversations, createPolicy } from './src/index.ts'",
      'const c = compiledOf(createPolicy(conversations))',
      "canCompiled(c, { id: 'ana', roles: ['agent'], seat: true }, 'contact-center/conversations/view')",
    ])
  }, 30_000)

  it('R21: the index’s can by id, which every check through createUserIndex runs, is within the limit too', () => {
    // The bench's figure of an item check against an item-less one holds only while the caller's
    // loop inlines it: past the limit, both pay a call, and item-less checks through the index slow.
    expectInlinable('canById', [
      "import { conversations, createPolicy, createUserIndex } from './src/index.ts'",
      "const ana = { id: 'ana', roles: ['agent'], seat: true, queues: ['billing'] }",
      'const index = createUserIndex(createPolicy(conversations), [ana])',
      "index.can('ana', 'conversations/my-work/transfer', { queue: 'billing', assignee: 'ben' })",
    ])
  }, 30_000)
})
