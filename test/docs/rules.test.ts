/**
 * The rule numbers and codes a user meets are explained in docs that ship with the package:
 * docs/rules.md has every rule R1–R38 under a heading whose anchor is its number, every rule
 * number cited anywhere in src/ or the guides is one of them, and docs/errors.md has a row
 * for every error code, decision reason, warning, grant refusal and audit action, each
 * linking to the rules it comes from. The codes are read from the source's own types, so a
 * new code without a row fails here.
 */
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'
import { ROLE_AUDIT_ACTIONS, TENANT_AUDIT_ACTIONS, USER_AUDIT_ACTIONS } from '../../src/model/audit.js'
import { DECISION_REASONS } from '../../src/model/reason.js'
import { filesUnder, read } from './_extract.js'
import { githubSlug, typedocSlug } from './_slug.js'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..')
const RULE_COUNT = 38
const rules = read(root, 'docs/rules.md')
const errors = read(root, 'docs/errors.md')

/** The rule headings of docs/rules.md, in order: `### R12` gives 12. */
const ruleHeadings = [...rules.matchAll(/^### R(\d+)\s*$/gm)].map((m) => Number(m[1]))
/** Every heading of docs/rules.md as its anchor, GitHub's and typedoc's way (they must agree for rules). */
const headings = [...rules.replace(/```[\s\S]*?```/g, '').matchAll(/^#{1,6}\s+(.+)$/gm)].map((m) => m[1] ?? '')

/** The string literals a type alias of a source file stands for, as the compiler resolves it. */
function literalsOf(file: string, alias: string): string[] {
  const path = join(root, file)
  const program = ts.createProgram([path], { strict: true, noEmit: true, skipLibCheck: true, types: [] })
  const source = program.getSourceFile(path)
  const checker = program.getTypeChecker()
  const node = source?.statements.find(
    (s): s is ts.TypeAliasDeclaration => ts.isTypeAliasDeclaration(s) && s.name.text === alias,
  )
  if (node === undefined) throw new Error(`${file} declares no type ${alias}`)
  const type = checker.getTypeAtLocation(node.name)
  const members = type.isUnion() ? type.types : [type]
  return members.filter((t): t is ts.StringLiteralType => t.isStringLiteral()).map((t) => t.value)
}

/** The rows of the docs/errors.md tables, by the code in their first cell. */
function rows(): Map<string, string[]> {
  const found = new Map<string, string[]>()
  for (const [, code = '', rest = ''] of errors.matchAll(/^\| `([^`]+)` \|(.*)\|\s*$/gm)) {
    found.set(code, [...(found.get(code) ?? []), rest])
  }
  return found
}

/** The rule anchors one row links to: `[R8](rules.md#r8)` gives `r8`. */
const linkedRules = (row: string): string[] => [...row.matchAll(/\]\(rules\.md#(r\d+)\)/g)].map((m) => m[1] ?? '')

describe('docs/rules.md', () => {
  it('R1–R38: every rule has its own heading, in order, whose anchor is its number on GitHub and in typedoc', () => {
    expect(ruleHeadings).toEqual(Array.from({ length: RULE_COUNT }, (_, i) => i + 1))
    for (const n of ruleHeadings) {
      expect(githubSlug(`R${n}`)).toBe(`r${n}`)
      expect(typedocSlug(`R${n}`)).toBe(`r${n}`)
    }
    expect(new Set(headings.map(githubSlug)).size, 'headings must be unique').toBe(headings.length)
  })

  it('every rule is explained in a sentence and names what it produces', () => {
    const sections = rules.split(/^### /m).slice(1)
    expect(sections).toHaveLength(RULE_COUNT)
    for (const section of sections) {
      const [heading = '', ...body] = section.split('\n')
      const text = body.join('\n')
      expect(text, heading).toMatch(/^\*\*[^*]+\.\*\* \S/m) // a bold one-line summary, then the explanation
      expect(text, heading).toMatch(/^Produces /m)
      expect(text, heading).toMatch(/```ts\n|^Example: /m)
    }
  })

  it('every rule number cited in src/, README.md and docs/ is a rule of docs/rules.md', () => {
    const files = [
      ...filesUnder(root, 'src', (n) => n.endsWith('.ts')),
      'README.md',
      ...filesUnder(root, 'docs', (n) => n.endsWith('.md')).filter((f) => !f.startsWith(join('docs', 'api'))),
    ]
    const cited = new Map<number, string>()
    for (const file of files) for (const m of read(root, file).matchAll(/\bR(\d+)\b/g)) cited.set(Number(m[1]), file)
    expect(cited.size).toBeGreaterThan(20) // the scan found the citations
    for (const [n, file] of cited) expect(ruleHeadings, `R${n}, cited in ${file}`).toContain(n)
  })
})

describe('docs/errors.md', () => {
  const table = rows()
  const ruleAnchors = new Set(ruleHeadings.map((n) => `r${n}`))
  const errorCodes = literalsOf('src/model/error-code.ts', 'ErrorCode')
  const warnings = literalsOf('src/model/problem.ts', 'ProblemCode').filter((c) => !errorCodes.includes(c))
  const grantProblems = literalsOf('src/client/error.ts', 'GrantProblem')
  const actions = [...ROLE_AUDIT_ACTIONS, ...USER_AUDIT_ACTIONS, ...TENANT_AUDIT_ACTIONS]

  const documented = (kind: string, codes: readonly string[]): void => {
    expect(codes.length, `${kind}: none read from the source`).toBeGreaterThan(0)
    for (const code of codes) {
      const found = table.get(code)
      expect(found, `${kind} ${code} has no row in docs/errors.md`).toBeDefined()
      expect(found, `${kind} ${code} has more than one row`).toHaveLength(1)
      const linked = linkedRules(found?.[0] ?? '')
      expect(linked.length, `${kind} ${code} links no rule`).toBeGreaterThan(0)
      for (const anchor of linked) expect(ruleAnchors, `${code} links rules.md#${anchor}`).toContain(anchor)
    }
  }

  it('R13: every error code of SeatguardError has a row linking its rules', () => {
    expect(errorCodes).toContain('role/immutable')
    documented('error code', errorCodes)
  })

  it('R22: every decision reason has a row, in precedence order', () => {
    documented('reason', DECISION_REASONS)
    const order = [...table.keys()].filter((k) => (DECISION_REASONS as readonly string[]).includes(k))
    expect(order).toEqual([...DECISION_REASONS])
  })

  it('R6, R10: every warning a check reports has a row', () => {
    expect(warnings).toEqual(['assignment/unusable-permission', 'seat/missing', 'seat/unused'])
    documented('warning', warnings)
  })

  it('R25: every grant refusal has a row', () => documented('grant problem', grantProblems))

  it('R17: every audit action has a row', () => documented('audit action', actions))

  it("R8: the CLI's RULE column names a rule that the code's row links", () => {
    const source = read(root, 'src/cli/_findings.ts')
    const block = /const RULES[^{]*\{([\s\S]*?)\n\}/.exec(source)?.[1] ?? ''
    const column = [...block.matchAll(/'([^']+)': '(R\d+)'/g)].map((m) => [m[1] ?? '', m[2] ?? ''] as const)
    expect(column.length, 'the RULES map of src/cli/_findings.ts was read').toBeGreaterThan(5)
    for (const [code, rule] of column) {
      expect(linkedRules(table.get(code)?.[0] ?? ''), `${code} shows ${rule} in the CLI`).toContain(rule.toLowerCase())
    }
  })
})
