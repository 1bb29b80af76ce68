// A typedoc plugin: a guide rendered as a page of the API site is named by its first heading,
// up to a colon or comma ("Queues" for "Queues: where a permission reaches"), instead of its
// path ("docs/queues"), so the guides need no frontmatter (which GitHub and editors would show
// as a table at the top of the file) and the page's address stays short.
import { Converter } from 'typedoc'

/** @param {import('typedoc').Application} app */
export function load(app) {
  app.converter.on(Converter.EVENT_CREATE_DOCUMENT, (_context, document) => {
    const text = document.content.map((part) => part.text).join('')
    const heading = /^#\s+(.+)$/m.exec(text)?.[1]
    const name = heading?.replace(/`/g, '').split(/[:,]/)[0]?.trim()
    if (name) document.name = name
  })
}
