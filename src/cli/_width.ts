/**
 * How many terminal columns a string takes, so tables line up with names such as 山田太郎:
 * East Asian Wide and Fullwidth characters take two (Unicode's EastAsianWidth, W and F),
 * combining marks and other zero-width characters none, everything else one. No dependency.
 */

// Wide (W) and fullwidth (F) code points, as [first, last] pairs in order; emoji are matched
// by their property below. From EastAsianWidth.txt (Unicode 14), neighbouring ranges joined
// across unassigned code points.
const WIDE: readonly (readonly [number, number])[] = [
  [0x1100, 0x115f], // Hangul Jamo initial consonants
  [0x2329, 0x232a], // angle brackets
  [0x2e80, 0x303e], // CJK radicals, Kangxi radicals, ideographic description, CJK symbols and punctuation
  [0x3041, 0x3247], // Hiragana, Katakana, Bopomofo, Hangul compatibility Jamo, Kanbun, enclosed CJK
  [0x3250, 0x4dbf], // enclosed CJK, CJK compatibility, CJK extension A
  [0x4e00, 0xa4c6], // CJK unified ideographs, Yi
  [0xa960, 0xa97c], // Hangul Jamo extended A
  [0xac00, 0xd7a3], // Hangul syllables
  [0xf900, 0xfaff], // CJK compatibility ideographs
  [0xfe10, 0xfe19], // vertical forms
  [0xfe30, 0xfe6b], // CJK compatibility forms, small form variants
  [0xff01, 0xff60], // fullwidth forms
  [0xffe0, 0xffe6], // fullwidth signs
  [0x16fe0, 0x1b2fb], // Tangut, Khitan, Kana supplement and extensions, Nushu
  [0x1f200, 0x1f2ff], // enclosed ideographic supplement
  [0x20000, 0x3fffd], // CJK extensions B and later, planes 2 and 3
]

const ZERO = /[\p{Mn}\p{Me}\p{Cf}\u1160-\u11ff]/u // combining marks, format characters, Hangul medial and final Jamo
const EMOJI = /\p{Emoji_Presentation}/u
const PLAIN = /^[\u0020-\u007e]*$/

function isWide(cp: number): boolean {
  let low = 0
  let high = WIDE.length - 1
  while (low <= high) {
    const mid = (low + high) >> 1
    const [first, last] = WIDE[mid] as readonly [number, number]
    if (cp < first) high = mid - 1
    else if (cp > last) low = mid + 1
    else return true
  }
  return false
}

/** The display width of one character (a code point). */
function charWidth(ch: string): number {
  if (ZERO.test(ch) && ch !== '\u00ad') return 0 // a soft hyphen is shown
  return isWide(ch.codePointAt(0) ?? 0) || EMOJI.test(ch) ? 2 : 1
}

/** Terminal columns of `text`: `displayWidth('山田太郎')` is 8, `displayWidth('José')` 4 with a combining accent. */
export function displayWidth(text: string): number {
  if (PLAIN.test(text)) return text.length
  let width = 0
  for (const ch of text) width += charWidth(ch)
  return width
}

/** `text` followed by spaces up to `width` display columns. */
export const padDisplay = (text: string, width: number): string =>
  text + ' '.repeat(Math.max(0, width - displayWidth(text)))
