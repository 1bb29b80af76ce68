/**
 * Heading anchors as the two places that render the guides make them: GitHub (and editors
 * that follow it) and typedoc's site. A link to `#anchor` must work in both.
 */

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
export const githubSlug = (heading: string): string =>
  heading
    .trim()
    .toLowerCase()
    .replace(/`/g, '')
    .replace(/[^\p{L}\p{N} _-]/gu, '')
    .replace(/ /g, '-')

/**
 * typedoc 0.28's anchor for a heading (its Slugger): the text of inline code is left out, the
 * rest trimmed, punctuation dropped, white space to hyphens, the first run of hyphens folded.
 */
export const typedocSlug = (heading: string): string =>
  heading
    .replace(/`[^`]*`/g, '')
    .trim()
    .replace(/[\u2000-\u206F\u2E00-\u2E7F\\'!"#$%&()*+,./:;<=>?@[\]^`{|}~]/g, '')
    .replace(/\s/g, '-')
    .replace(/--+/, '-')
    .toLowerCase() || '_'
