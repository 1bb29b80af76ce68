/**
 * Every relative link in README.md and docs/*.md points to a file that exists, and every
 * `#anchor` to a heading of the target page (GitHub's heading slugs).
 */
import { existsSync } from 'node:fs'
import { dirname, join, normalize, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { filesUnder, read } from './_extract.js'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..')

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
const slug = (heading: string): string =>
  heading
    .trim()
    .toLowerCase()
    .replace(/`/g, '')
    .replace(/[^\p{L}\p{N} _-]/gu, '')
    .replace(/ /g, '-')

function anchors(file: string): Set<string> {
  const text = read(root, file).replace(/```[\s\S]*?```/g, '')
  return new Set([...text.matchAll(/^#{1,6}\s+(.+)$/gm)].map((m) => slug(m[1] ?? '')))
}

function brokenLinks(file: string): string[] {
  const text = read(root, file).replace(/```[\s\S]*?```/g, '')
  const broken: string[] = []
  for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
    if (target === undefined || /^[a-z]+:/i.test(target)) continue
    const [path = '', anchor] = target.split('#')
    const linked = path === '' ? file : normalize(join(dirname(file), path))
    if (!existsSync(join(root, linked))) broken.push(`${file}: ${target} (no file ${linked})`)
    else if (anchor !== undefined && linked.endsWith('.md') && !anchors(linked).has(anchor))
      broken.push(`${file}: ${target} (no heading #${anchor})`)
  }
  return broken
}

describe('docs: links', () => {
  it('every relative link in README.md and docs/*.md resolves, anchors included', () => {
    const files = [
      ...(existsSync(join(root, 'README.md')) ? ['README.md'] : []),
      ...filesUnder(root, 'docs', (n) => n.endsWith('.md')).filter((f) => !f.startsWith(join('docs', 'api'))),
    ]
    expect(files.length).toBeGreaterThan(3)
    const broken = files.flatMap(brokenLinks)
    expect(broken, broken.join('\n')).toEqual([])
  })

  it('the checker itself: slugs follow GitHub, and an unknown heading is no anchor', () => {
    expect(slug('Your own catalogue')).toBe('your-own-catalogue')
    expect(slug('1. Define')).toBe('1-define')
    expect(anchors('docs/concepts.md').has('your-own-catalogue')).toBe(true)
    expect(anchors('docs/concepts.md').has('no-such-heading')).toBe(false)
  })
})
