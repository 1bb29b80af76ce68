// Run by `npm run docs` after typedoc: every link of the rendered site that stays inside it
// (a guide to a guide, the README to a guide, an anchor on the same page) must reach a page
// that exists and, for `#anchor`, an element with that id. typedoc checks links between
// documents, but not anchors within a page, and it copies a linked file it does not render
// as a raw download; a `.md` file among those copies means a guide is missing from
// `projectDocuments`. Exits 1 and lists what is broken.
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'

const site = resolve(process.argv[2] ?? 'docs/api')
const pages = []
const walk = (dir) => {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) walk(path)
    else pages.push(path)
  }
}
walk(site)

const ids = new Map()
const idsOf = (page) => {
  if (!ids.has(page))
    ids.set(page, new Set([...readFileSync(page, 'utf8').matchAll(/\sid="([^"]+)"/g)].map((m) => m[1])))
  return ids.get(page)
}

const broken = []
for (const page of pages.filter((p) => p.endsWith('.html'))) {
  const html = readFileSync(page, 'utf8')
  for (const [, href] of html.matchAll(/<a\s[^>]*href="([^"]*)"/g)) {
    if (href === '' || href === '#' || /^[a-z]+:/i.test(href)) continue
    const [path, anchor] = href.split('#')
    const target = path === '' ? page : resolve(dirname(page), decodeURIComponent(path))
    const where = `${relative(site, page)}: ${href}`
    if (!existsSync(target)) broken.push(`${where} (no such page)`)
    else if (anchor && target.endsWith('.html') && !idsOf(target).has(decodeURIComponent(anchor)))
      broken.push(`${where} (no #${anchor} on that page)`)
  }
}
for (const page of pages.filter((p) => p.endsWith('.md'))) {
  broken.push(`${relative(site, page)} is a raw copy of a Markdown file: add it to projectDocuments in typedoc.json`)
}

if (broken.length > 0) {
  console.error(`The API site has ${broken.length} broken links:\n${broken.join('\n')}`)
  process.exit(1)
}
console.log(`The API site's ${pages.length} files link to each other without a broken link.`)
