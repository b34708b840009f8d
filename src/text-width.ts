// How wide text is on a terminal: CJK and other wide characters take two columns, combining marks none.
// The one place that measures, pads and wraps text for display (the wizard's screens and the text renderers).
import stringWidth from 'string-width';
import { standaloneWidth } from './text-width-standalone.js';

// Most text is measured by the fast paths of text-width-standalone.ts; string-width takes the rest.
export { ONE_COLUMN, TWO_COLUMN } from './text-width-standalone.js';

export function textWidth(text: string): number {
  return standaloneWidth(text) ?? stringWidth(text);
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
