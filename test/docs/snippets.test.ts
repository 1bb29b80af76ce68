/**
 * Every ```ts snippet in README.md and docs/*.md, and every ```ts fence inside an `@example`
 * of the TSDoc in src, must typecheck against the real source. They are written to
 * test/docs/.snippets (one module each, `seatguard` and its subpaths mapped to src by a
 * generated tsconfig) and checked as one TypeScript program, so a broken snippet fails
 * here with the file and line a reader would look at. The blocks of one guide marked
 * ```ts program=NAME are the parts of one module (a guide that builds one file step by
 * step): they are joined in order and checked as that one module.
 */
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { filesUnder, markdownSnippets, programOf, read, type Snippet, tsdocSnippets } from './_extract.js'

const here = dirname(fileURLToPath(import.meta.url))
const root = resolve(here, '../..')
// One directory per process: engineers and CI may run this file at the same time. A
// dot-directory, so the repository's tsconfig globs never include it (nor the canary).
const out = join(here, '.snippets', String(process.pid))

/** The package entries, as a user imports them, and the source each one maps to. */
const ENTRIES: Record<string, string> = {
  seatguard: 'src/index.ts',
  'seatguard/postgres': 'src/postgres/index.ts',
  'seatguard/client': 'src/client/index.ts',
  'seatguard/testing': 'src/testing/index.ts',
}

// A snippet that must NOT compile: proves the harness reports errors from snippet files.
const CANARY =
  "import { can } from 'seatguard'\ncan({ id: 'ana', roles: ['agent'] }, 'conversations/allow-asignment')\n"

// A guide in two parts of one program: the second uses what the first declares, so the two
// compile joined (the program canary) and the second alone does not (the part canary).
const TWO_PARTS = [
  '```ts program=demo',
  "import { createPolicy, conversations } from 'seatguard'",
  'const policy = createPolicy(conversations)',
  '```',
  '',
  '```ts program=demo',
  "policy.can({ id: 'ana', roles: ['agent'] }, 'conversations/allow-assignment')",
  '```',
].join('\n')

interface Checked {
  readonly snippets: readonly Snippet[]
  readonly errors: Map<string, string[]>
  readonly canary: readonly ts.Diagnostic[]
  readonly programCanary: readonly ts.Diagnostic[]
  readonly partCanary: readonly ts.Diagnostic[]
  readonly program: ts.Program
}

/** One module to check: a snippet that stands alone, or the joined parts of one program. */
interface Unit {
  /** `file:line` of its first line, the key of its errors. */
  readonly label: string
  readonly code: readonly string[]
  /** Where its line `i` (0-based) sits in the docs, as `file:line`. */
  where(i: number): string
}

function units(snippets: readonly Snippet[]): Unit[] {
  const out: Unit[] = []
  const joined = new Set<string>()
  for (const s of snippets) {
    if (s.program === undefined) {
      out.push({ label: `${s.file}:${s.line}`, code: s.code, where: (i) => `${s.file}:${s.line + i}` })
      continue
    }
    const key = `${s.file}#${s.program}`
    if (joined.has(key)) continue
    joined.add(key)
    const program = programOf(snippets, s.file, s.program)
    out.push({ label: `${s.file}:${s.line}`, code: program.code, where: program.where })
  }
  return out
}

function collect(): Snippet[] {
  const markdown = [
    ...(existsSync(join(root, 'README.md')) ? ['README.md'] : []),
    ...filesUnder(root, 'docs', (n) => n.endsWith('.md')).filter((f) => !f.startsWith(join('docs', 'api'))),
  ]
  const sources = filesUnder(root, 'src', (n) => n.endsWith('.ts') && !n.endsWith('.d.ts'))
  return [
    ...markdown.flatMap((f) => markdownSnippets(f, read(root, f))),
    ...sources.flatMap((f) => tsdocSnippets(f, read(root, f))),
  ]
}

function check(): Checked {
  const snippets = collect()
  rmSync(out, { recursive: true, force: true })
  mkdirSync(out, { recursive: true })
  const files = new Map<string, Unit>()
  units(snippets).forEach((unit, i) => {
    const name = `${String(i).padStart(3, '0')}-${unit.label.replace(/[^A-Za-z0-9]+/g, '_')}.ts`
    // `export {}` makes every snippet a module, so top-level names never collide.
    writeFileSync(join(out, name), `${unit.code.join('\n')}\nexport {}\n`)
    files.set(join(out, name), unit)
  })
  writeFileSync(join(out, 'canary.ts'), CANARY)
  const demo = markdownSnippets('demo.md', TWO_PARTS)
  writeFileSync(join(out, 'canary-program.ts'), `${programOf(demo, 'demo.md', 'demo').code.join('\n')}\nexport {}\n`)
  writeFileSync(join(out, 'canary-part.ts'), `${demo[1]?.code.join('\n')}\nexport {}\n`)
  const toRoot = relative(out, root)
  const entries = Object.values(ENTRIES).filter((f) => existsSync(join(root, f)))
  const config = {
    extends: join(toRoot, 'tsconfig.json'),
    compilerOptions: {
      noEmit: true,
      paths: Object.fromEntries(Object.entries(ENTRIES).map(([k, v]) => [k, [join(toRoot, v)]])),
    },
    files: [
      ...[...files.keys()].map((f) => relative(out, f)),
      'canary.ts',
      'canary-program.ts',
      'canary-part.ts',
      ...entries.map((f) => join(toRoot, f)),
    ],
    include: [],
  }
  writeFileSync(join(out, 'tsconfig.json'), `${JSON.stringify(config, null, 2)}\n`)

  const parsed = ts.getParsedCommandLineOfConfigFile(
    join(out, 'tsconfig.json'),
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'))
      },
    },
  )
  if (!parsed) throw new Error('could not read the generated tsconfig')
  const program = ts.createProgram({ rootNames: parsed.fileNames, options: parsed.options })
  const errors = new Map<string, string[]>()
  const global = [...program.getOptionsDiagnostics(), ...program.getGlobalDiagnostics()]
  if (global.length > 0)
    errors.set(
      '(compiler options)',
      global.map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n')),
    )
  for (const [path, unit] of files) {
    const sf = program.getSourceFile(path)
    if (!sf) throw new Error(`snippet ${unit.label} is missing from the program`)
    const found = [...program.getSyntacticDiagnostics(sf), ...program.getSemanticDiagnostics(sf)]
    if (found.length === 0) continue
    errors.set(
      unit.label,
      found.map((d) => {
        const line = d.start === undefined ? 0 : sf.getLineAndCharacterOfPosition(d.start).line
        return `${unit.where(line)}: TS${d.code} ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`
      }),
    )
  }
  const diagnostics = (name: string): readonly ts.Diagnostic[] => {
    const sf = program.getSourceFile(join(out, name))
    return sf ? [...program.getSyntacticDiagnostics(sf), ...program.getSemanticDiagnostics(sf)] : []
  }
  return {
    snippets,
    errors,
    canary: diagnostics('canary.ts'),
    programCanary: diagnostics('canary-program.ts'),
    partCanary: diagnostics('canary-part.ts'),
    program,
  }
}

/** Exports of one entry whose declarations carry no `@example` with a ```ts fence. */
function withoutExample(program: ts.Program, entry: string): string[] {
  const checker = program.getTypeChecker()
  const sf = program.getSourceFile(join(root, entry))
  const module = sf && checker.getSymbolAtLocation(sf)
  if (!module) throw new Error(`${entry} is not a module of the program`)
  return checker.getExportsOfModule(module).flatMap((symbol) => {
    const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol
    const documented = (target.declarations ?? []).some((d) =>
      ts
        .getJSDocTags(d)
        .some(
          (tag) =>
            tag.tagName.text === 'example' && /```(ts|typescript)\b/.test(ts.getTextOfJSDocComment(tag.comment) ?? ''),
        ),
    )
    return documented ? [] : [symbol.name]
  })
}

describe('docs: every TypeScript snippet compiles', () => {
  let result: Checked
  beforeAll(() => {
    result = check()
  }, 120_000)
  afterAll(() => rmSync(out, { recursive: true, force: true }))

  it('finds snippets in the Markdown docs and in the TSDoc examples', () => {
    const kinds = result.snippets.map((s) => s.kind)
    expect(kinds.filter((k) => k === 'tsdoc').length).toBeGreaterThan(20)
    if (result.snippets.some((s) => s.kind === 'markdown')) expect(kinds).toContain('markdown')
  })

  it('reports a broken snippet (the canary, with a misspelt permission id, does not compile)', () => {
    expect(result.canary.map((d) => d.code)).toEqual([2345])
  })

  it('the parts of one program compile joined, as one module, and a later part does not compile alone', () => {
    expect(result.programCanary.map((d) => d.code)).toEqual([])
    expect(result.partCanary.map((d) => d.code)).toEqual([2304]) // Cannot find name 'policy'
  })

  it('README.md and docs/*.md: every ```ts block typechecks', () => {
    const bad = [...result.errors].filter(([k]) => !k.startsWith('src/')).flatMap(([, v]) => v)
    expect(bad, bad.join('\n')).toEqual([])
  })

  it('src: every ```ts block of a TSDoc @example typechecks', () => {
    const bad = [...result.errors].filter(([k]) => k.startsWith('src/')).flatMap(([, v]) => v)
    expect(bad, bad.join('\n')).toEqual([])
  })

  it('every export of every package entry has a TSDoc @example with a ```ts block', () => {
    const missing = Object.values(ENTRIES)
      .filter((f) => existsSync(join(root, f)))
      .flatMap((entry) => withoutExample(result.program, entry).map((name) => `${entry}: ${name}`))
    expect(missing, `exports without an @example:\n${missing.join('\n')}`).toEqual([])
  })
})
