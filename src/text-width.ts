// How wide text is on a terminal: CJK and other wide characters take two columns, combining marks none.
// The one place that measures, pads and wraps text for display (the wizard's screens and the text renderers).
import stringWidth from 'string-width';

// Text made only of characters that always take one column is measured by its length: printable ASCII (paths,
// scripts, URLs), Latin-1 and Latin Extended letters, the dashes, quotes and ellipsis of General Punctuation, arrows,
// box drawing and ✓ ✗ ❯ — not the ones string-width counts as emoji (© ® ‼ ↔ ↩ ✔ ✖ …). string-width's Unicode
// segmentation costs tens of milliseconds on first use, which --help and every plan would otherwise pay.
// test/text-width.test.ts checks each of these characters against string-width.
export const ONE_COLUMN = /^[\x20-\x7e\u00a0-\u00a8\u00aa-\u00ac\u00af-\u02ff\u2010-\u2027\u2030-\u203b\u203d-\u2048\u204a-\u205e\u2190-\u2193\u219a-\u21a8\u21ab-\u21ff\u2500-\u257f\u2713\u2717\u276f]*$/;

export function textWidth(text: string): number {
  return ONE_COLUMN.test(text) ? text.length : stringWidth(text);
}

/** `text` followed by spaces up to `width` columns (never cut). */
export function padEndWidth(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - textWidth(text)));
}

/** Cuts one line (no escape sequences) into pieces at most `width` columns wide; a wide character is never split. */
export function wrapToWidth(line: string, width: number): string[] {
  if (width < 2 || textWidth(line) <= width) return [line];
  const pieces: string[] = [];
  let piece = '';
  let used = 0;
  for (const char of line) {
    const w = textWidth(char);
    if (used + w > width) {
      pieces.push(piece);
      piece = '';
      used = 0;
    }
    piece += char;
    used += w;
  }
  pieces.push(piece);
  return pieces;
}
