import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { dirname, join, normalize, relative, sep } from 'node:path'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'

/**
 * The layers of src/, bottom to top (docs/architecture.md says what each holds). A module
 * may import its own layer and the layers below it, never one above; the four on the top
 * row are siblings that must not import each other. `index.ts` is the root entry: it
 * re-exports the core and the service, never an adapter, the client, testing or the CLI.
 */
const LAYERS: readonly (readonly string[])[] = [
  ['_util', 'model'],
  ['errors'],
  ['catalogue'],
  ['evaluate'],
  ['policy'],
  ['grant'],
  ['store'],
  ['service'],
  ['index'],
  ['postgres', 'client', 'testing', 'cli'],
]

/**
 * The one exception: the client bundles only the grant's wire format and the decision wording
 * it shares with the core (R35), nothing of the core itself.
 */
const CLIENT_MAY_IMPORT = ['client', 'grant/format', 'grant/describe']

/** Adapters build on the store contract and its machinery, never on the service that uses them. */
const ADAPTERS_MAY_NOT_IMPORT = ['service']

const SRC = 'src'
const sourceFiles = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    if (e.isDirectory()) return sourceFiles(join(dir, e.name))
    return e.name.endsWith('.ts') ? [join(dir, e.name)] : []
  })

/** Every module specifier a file imports or re-exports, type-only ones included (read by TypeScript's own scanner). */
const specifiers = (text: string): string[] => ts.preProcessFile(text, true, false).importedFiles.map((f) => f.fileName)

/** `src/policy/create.ts` → `policy`; `src/errors.ts` → `errors`. */
const folderOf = (file: string): string => relative(SRC, file).split(sep)[0]?.replace(/\.ts$/, '') ?? ''
const layerOf = (file: string): number => LAYERS.findIndex((layer) => layer.includes(folderOf(file)))

/** The src file a relative specifier names (`./x.js` is `./x.ts` on disk). */
const resolve = (from: string, spec: string): string => normalize(join(dirname(from), spec)).replace(/\.js$/, '.ts')

interface Edge {
  readonly from: string
  readonly to: string
}

function graph(files: readonly string[]): { edges: Edge[]; external: Edge[] } {
  const edges: Edge[] = []
  const external: Edge[] = []
  for (const from of files) {
    for (const spec of specifiers(readFileSync(from, 'utf8'))) {
      if (!spec.startsWith('.')) external.push({ from, to: spec })
      else edges.push({ from, to: resolve(from, spec) })
    }
  }
  return { edges, external }
}

/** Files on a cycle of imports, as one path per cycle found (depth-first search). */
function cycles(files: readonly string[], edges: readonly Edge[]): string[][] {
  const next = new Map<string, string[]>(files.map((f) => [f, []]))
  for (const { from, to } of edges) next.get(from)?.push(to)
  const state = new Map<string, 'open' | 'done'>()
  const found: string[][] = []
  const visit = (file: string, path: string[]): void => {
    if (state.get(file) === 'done') return
    if (state.get(file) === 'open') {
      found.push([...path.slice(path.indexOf(file)), file])
      return
    }
    state.set(file, 'open')
    for (const to of next.get(file) ?? []) visit(to, [...path, file])
    state.set(file, 'done')
  }
  for (const file of files) visit(file, [])
  return found
}

describe('the layers of src/', () => {
  const files = sourceFiles(SRC)
  const { edges, external } = graph(files)
  const inSrc = edges.filter((e) => e.to.startsWith(`${SRC}${sep}`))

  it('every file belongs to a layer', () => {
    expect(files.filter((f) => layerOf(f) === -1)).toEqual([])
  })

  it('every relative import names a file that exists', () => {
    expect(edges.filter((e) => !existsSync(e.to)).map((e) => `${e.from} → ${e.to}`)).toEqual([])
  })

  it('no import runs from a lower layer to a higher one, nor across the top row', () => {
    const against = inSrc.filter(({ from, to }) => {
      const [a, b] = [layerOf(from), layerOf(to)]
      return b > a || (a === b && a === LAYERS.length - 1 && folderOf(from) !== folderOf(to))
    })
    expect(against.map((e) => `${e.from} → ${e.to}`)).toEqual([])
  })

  it('model/ holds the vocabulary only: it imports nothing outside itself but _util', () => {
    const out = inSrc.filter((e) => folderOf(e.from) === 'model' && !['model', '_util'].includes(folderOf(e.to)))
    expect(out.map((e) => `${e.from} → ${e.to}`)).toEqual([])
  })

  it('the client imports only itself, the grant format and the wording, so its bundle stays tiny', () => {
    const out = inSrc.filter(
      (e) => folderOf(e.from) === 'client' && !CLIENT_MAY_IMPORT.some((p) => relative(SRC, e.to).startsWith(p)),
    )
    expect(out.map((e) => `${e.from} → ${e.to}`)).toEqual([])
  })

  it('the Postgres adapter builds on store/, never on service/', () => {
    const out = inSrc.filter((e) => folderOf(e.from) === 'postgres' && ADAPTERS_MAY_NOT_IMPORT.includes(folderOf(e.to)))
    expect(out.map((e) => `${e.from} → ${e.to}`)).toEqual([])
  })

  it('no file imports itself through a circle', () => {
    expect(cycles(files, inSrc)).toEqual([])
  })

  it('the core has no runtime dependency: bare imports are node: builtins in cli/, vitest and fast-check types in testing/', () => {
    const allowed = ({ from, to }: Edge): boolean =>
      (folderOf(from) === 'cli' && to.startsWith('node:')) ||
      (folderOf(from) === 'testing' && (to === 'vitest' || to === 'fast-check'))
    expect(external.filter((e) => !allowed(e)).map((e) => `${e.from} → ${e.to}`)).toEqual([])
  })

  it('R31: testing/ only names the types of vitest and fast-check, so importing it loads neither', () => {
    const loaded = files
      .filter((f) => folderOf(f) === 'testing')
      .flatMap((f) =>
        ts
          .createSourceFile(f, readFileSync(f, 'utf8'), ts.ScriptTarget.Latest)
          .statements.filter(ts.isImportDeclaration)
          .filter((d) => ['vitest', 'fast-check'].includes((d.moduleSpecifier as ts.StringLiteral).text))
          .filter((d) => d.importClause?.isTypeOnly !== true)
          .map((d) => `${f}: ${(d.moduleSpecifier as ts.StringLiteral).text}`),
      )
    expect(loaded).toEqual([])
  })

  it('no source file is over 300 lines (split a file that grows past it by what its parts do)', () => {
    const long = files.filter((f) => readFileSync(f, 'utf8').split('\n').length > 300)
    expect(long).toEqual([])
  })

  it('only the CLI reads package.json (its --version)', () => {
    const readers = edges.filter((e) => e.to === 'package.json').map((e) => folderOf(e.from))
    expect([...new Set(readers)]).toEqual(['cli'])
  })
})

describe('the checker itself', () => {
  it('finds value, type-only, multi-line and re-export imports', () => {
    const text = [
      "import { a } from './a.js'",
      "import type { B } from '../b.js'",
      'import {\n  c,\n  d,\n} from "./c.js"',
      "export { e } from './e.js'",
      "export type { F } from './f.js'",
      "import './side-effect.js'",
    ].join('\n')
    expect(specifiers(text)).toEqual(['./a.js', '../b.js', './c.js', './e.js', './f.js', './side-effect.js'])
  })

  it('finds a circle and an import against the layers', () => {
    const [a, b] = [join(SRC, 'policy', 'a.ts'), join(SRC, 'evaluate', 'b.ts')]
    expect(
      cycles(
        [a, b],
        [
          { from: a, to: b },
          { from: b, to: a },
        ],
      ),
    ).toHaveLength(1)
    expect(layerOf(b) < layerOf(a)).toBe(true)
    expect(layerOf(join(SRC, 'nowhere', 'x.ts'))).toBe(-1)
  })
})
