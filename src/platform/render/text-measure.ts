// Estimated widths of Arial text and word wrapping, for SVG, which cannot wrap text by itself.

/** Advance widths (thousandths of an em) of Arial's printable ASCII, space (U+0020) to tilde (U+007E). */
const ASCII_WIDTHS = [
  278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, // space to /
  556, 556, 556, 556, 556, 556, 556, 556, 556, 556, // 0 to 9
  278, 278, 584, 584, 584, 556, 1015, // : to @
  667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, // A to M
  722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, // N to Z
  278, 278, 278, 469, 556, 333, // [ to `
  556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, // a to m
  556, 556, 556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, // n to z
  334, 260, 334, 584, // { to ~
];

// Outside ASCII the font may fall back to another (Urdu, Arabic, Chinese...): err on the wide side,
// since an overestimate only wraps a little early while an underestimate runs off the chart.
const OTHER_WIDTH = 650;
const WIDE_WIDTH = 1000;
const WIDE = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Extended_Pictographic}\u3000-\u303F\uFF00-\uFF60]/u;
const ZERO_WIDTH = /[\p{M}\u200B-\u200F\u2060\uFEFF]/u;

const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });

function characterWidth(character: string): number {
  const code = character.codePointAt(0) ?? 0;
  if (code >= 0x20 && code <= 0x7e) return ASCII_WIDTHS[code - 0x20];
  if (ZERO_WIDTH.test(character)) return 0;
  if (WIDE.test(character)) return WIDE_WIDTH;
  return OTHER_WIDTH;
}

/** The estimated width of a line of text in Arial at this font size, in the same units. */
export function textWidth(text: string, fontSize: number): number {
  let thousandths = 0;
  for (const character of text) thousandths += characterWidth(character);
  return (thousandths * fontSize) / 1000;
}

/** Splits a word wider than the line into pieces that fit, never inside a grapheme (accents stay on their letter). */
function breakWord(word: string, maxWidth: number, fontSize: number): string[] {
  const pieces: string[] = [];
  let piece = '';
  for (const { segment } of graphemes.segment(word)) {
    if (piece && textWidth(piece + segment, fontSize) > maxWidth) {
      pieces.push(piece);
      piece = '';
    }
    piece += segment;
  }
  if (piece) pieces.push(piece);
  return pieces;
}

/**
 * Lines of at most maxWidth, broken between words; a word longer than a whole line is broken
 * across lines rather than cut off. Runs of white space count as one space, as SVG draws them.
 */
export function wrapText(text: string, maxWidth: number, fontSize: number): string[] {
  const words = text.split(/\s+/).filter((w) => w !== '');
  const lines: string[] = [];
  let line = '';
  for (const word of words) {
    const candidate = line ? `${line} ${word}` : word;
    if (textWidth(candidate, fontSize) <= maxWidth) {
      line = candidate;
      continue;
    }
    if (line) lines.push(line);
    if (textWidth(word, fontSize) <= maxWidth) {
      line = word;
      continue;
    }
    const pieces = breakWord(word, maxWidth, fontSize);
    lines.push(...pieces.slice(0, -1));
    line = pieces[pieces.length - 1];
  }
  if (line || lines.length === 0) lines.push(line);
  return lines;
}
