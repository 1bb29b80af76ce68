/**
 * Every relative link in README.md and docs/*.md points to a file that exists, and every
 * `#anchor` to a heading of the target page, under both GitHub's heading anchors and those of
 * the typedoc site the guides are rendered into. And since a user of the npm package sees
 * only what the tarball holds, every relative link in README.md and in each Markdown file the
 * package ships must point to a file `npm pack` puts in it (one `npm pack --dry-run` per run).
 */
import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { dirname, join, normalize, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { beforeAll, describe, expect, it } from 'vitest'
import { filesUnder, read } from './_extract.js'
import { githubSlug, typedocSlug } from './_slug.js'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..')

interface Link {
  readonly file: string
  readonly target: string
  /** The linked file, relative to the repository root (the file itself for `#anchor`). */
  readonly path: string
  readonly anchor: string | undefined
}

const withoutCode = (text: string): string => text.replace(/```[\s\S]*?```/g, '')

function anchors(file: string, slug: (heading: string) => string): Set<string> {
  return new Set([...withoutCode(read(root, file)).matchAll(/^#{1,6}\s+(.+)$/gm)].map((m) => slug(m[1] ?? '')))
}

/** The relative links of one Markdown file (links inside fenced code are not links). */
function links(file: string): Link[] {
  const found: Link[] = []
  for (const [, target] of withoutCode(read(root, file)).matchAll(/\]\(([^)\s]+)\)/g)) {
    if (target === undefined || /^[a-z]+:/i.test(target)) continue
    const [path = '', anchor] = target.split('#')
    found.push({ file, target, path: path === '' ? file : normalize(join(dirname(file), path)), anchor })
  }
  return found
}

/** README.md and the guides, as the repository holds them (the generated docs/api left out). */
const guides = (): string[] => [
  ...(existsSync(join(root, 'README.md')) ? ['README.md'] : []),
  ...filesUnder(root, 'docs', (n) => n.endsWith('.md')).filter((f) => !f.startsWith(join('docs', 'api'))),
]

function broken(files: readonly string[], exists: (path: string) => boolean): string[] {
  const out: string[] = []
  for (const link of files.flatMap(links)) {
    if (!exists(link.path)) out.push(`${link.file}: ${link.target} (no file ${link.path})`)
    else if (link.anchor !== undefined && link.path.endsWith('.md')) {
      if (!anchors(link.path, githubSlug).has(link.anchor))
        out.push(`${link.file}: ${link.target} (no heading #${link.anchor} on GitHub)`)
      if (!anchors(link.path, typedocSlug).has(link.anchor))
        out.push(`${link.file}: ${link.target} (no heading #${link.anchor} in the typedoc site)`)
    }
  }
  return out
}

describe('docs: links', () => {
  it('every relative link in README.md and docs/*.md resolves, anchors included', () => {
    const files = guides()
    expect(files.length).toBeGreaterThan(3)
    const bad = broken(files, (path) => existsSync(join(root, path)))
    expect(bad, bad.join('\n')).toEqual([])
  })

  describe('in the npm package', () => {
    let packed: Set<string>
    beforeAll(() => {
      const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
        cwd: root,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      })
      const [listing] = JSON.parse(out) as { files: { path: string }[] }[]
      packed = new Set((listing?.files ?? []).map((f) => normalize(f.path)))
    }, 60_000)

    /** A packed file, or a directory the package holds files under. */
    const inPackage = (path: string): boolean =>
      packed.has(normalize(path)) || [...packed].some((f) => f.startsWith(`${normalize(path).replace(/\/$/, '')}/`))

    it('ships README.md, every guide it links to, and the rules and errors pages', () => {
      for (const file of ['README.md', 'package.json', 'docs/rules.md', 'docs/errors.md'])
        expect(packed).toContain(file)
      expect(
        [...packed].filter((f) => f.startsWith(join('docs', 'api'))),
        'the generated API site is not shipped',
      ).toEqual([])
    })

    it('every relative link in README.md and in every shipped Markdown file resolves inside the package', () => {
      const shipped = [...packed].filter((f) => f.endsWith('.md')).sort()
      expect(shipped.length).toBeGreaterThan(3)
      const bad = broken(shipped, inPackage)
      expect(bad, bad.join('\n')).toEqual([])
    })
  })

  it('every guide is a page of the typedoc site: typedoc.json lists each docs/*.md but the index', () => {
    const config = JSON.parse(read(root, 'typedoc.json')) as { projectDocuments?: string[] }
    const listed = new Set((config.projectDocuments ?? []).map((f) => normalize(f)))
    const expected = guides().filter((f) => f.startsWith('docs') && f !== join('docs', 'index.md'))
    expect(expected.length).toBeGreaterThan(3)
    for (const guide of expected) expect([...listed], `${guide} is not rendered by typedoc`).toContain(guide)
    // docs/index.md is the map for readers of the files; on the site the README and the navigation are.
    expect(listed.has(join('docs', 'index.md'))).toBe(false)
  })

  it('the checker itself: slugs follow GitHub and typedoc, and an unknown heading is no anchor', () => {
    expect(githubSlug('Your own catalogue')).toBe('your-own-catalogue')
    expect(githubSlug('1. Define')).toBe('1-define')
    expect(githubSlug("Your product's catalogue: `--catalogue`")).toBe('your-products-catalogue---catalogue')
    expect(typedocSlug("Your product's catalogue: `--catalogue`")).toBe('your-products-catalogue')
    expect(typedocSlug('`seatguard queues`')).toBe('_')
    expect(typedocSlug('Seat limit (R15)')).toBe('seat-limit-r15')
    expect(anchors('docs/concepts.md', githubSlug).has('your-own-catalogue')).toBe(true)
    expect(anchors('docs/concepts.md', githubSlug).has('no-such-heading')).toBe(false)
    expect(broken(['docs/concepts.md'], () => false).length).toBeGreaterThan(0)
  })
})
