// The fast paths of src/text-width.ts, in a module of their own so that --help (whose columns are flag names and
// catalog text) can measure without loading string-width.
//
// Text made only of characters that stand alone (each is one grapheme whatever its neighbours) and whose width never
// varies is measured without Unicode segmentation, which costs tens of milliseconds on first use — time --help, the
// wizard's first line and every plan would otherwise pay before showing anything. string-width takes the rest
// (emoji, combining marks, zero-width and control characters, Hangul jamo, …).
// test/text-width.test.ts checks each of these characters against string-width.
//
// One column: printable ASCII (paths, scripts, URLs), Latin-1 and Latin Extended letters, the dashes, quotes and
// ellipsis of General Punctuation, arrows, box drawing and ✓ ✗ ❯ — not the ones string-width counts as emoji
// (© ® ‼ ↔ ↩ ✔ ✖ …).
const ONE_COLUMN_CHARS =
  '\\x20-\\x7e\\u00a0-\\u00a8\\u00aa-\\u00ac\\u00af-\\u02ff\\u2010-\\u2027\\u2030-\\u203b\\u203d-\\u2048\\u204a-\\u205e' +
  '\\u2190-\\u2193\\u219a-\\u21a8\\u21ab-\\u21ff\\u2500-\\u257f\\u2713\\u2717\\u276f';
// Two columns: CJK punctuation (、。「」【】…), hiragana and katakana, the CJK ideographs and the fullwidth forms
// (，：（）？…) — the characters of the Chinese catalog — not 〰 〽 (emoji) nor the combining marks among them.
const TWO_COLUMN_CHARS =
  '\\u3001-\\u3003\\u3008-\\u3011\\u3014-\\u301f\\u3041-\\u3096\\u309b-\\u30ff\\u3400-\\u4dbf\\u4e00-\\u9fff' +
  '\\uff01-\\uff60\\uffe0-\\uffe6';

export const ONE_COLUMN = new RegExp(`^[${ONE_COLUMN_CHARS}]*$`);
export const TWO_COLUMN = new RegExp(`^[${TWO_COLUMN_CHARS}]*$`);
const STANDALONE = new RegExp(`^[${ONE_COLUMN_CHARS}${TWO_COLUMN_CHARS}]*$`);
const TWO_COLUMN_CHAR = new RegExp(`[${TWO_COLUMN_CHARS}]`, 'g');

/** The width of text made only of characters that stand alone (see above), or undefined for string-width to measure. */
export function standaloneWidth(text: string): number | undefined {
  if (ONE_COLUMN.test(text)) return text.length;
  // Every character here is in the Basic Multilingual Plane: one UTF-16 unit, one column, plus one for each wide one.
  if (STANDALONE.test(text)) return text.length + (text.match(TWO_COLUMN_CHAR)?.length ?? 0);
  return undefined;
}
