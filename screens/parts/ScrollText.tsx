// A window onto long text: ↑↓ a line, PgUp/PgDn a page, Home/End (g/G) the ends. Lines wider than the window are
// wrapped beforehand (wrapLines), continuation rows marked ↪, so the window keeps its height and nothing is cut.
import { Box, Text } from 'ink';
import { wrapToWidth } from '../../src/text-width.js';
import { useTone } from './theme.js';

export interface DisplayLine {
  text: string;
  /** A continuation row of the line before. */
  continued: boolean;
  /** The whole line it belongs to (a diff colours by its first character). */
  line: string;
}

const CONTINUED = '↪ ';

/** Lines → rows at most `width` columns wide. */
export function wrapLines(lines: string[], width: number): DisplayLine[] {
  return lines.flatMap((line) => {
    const [first = '', ...rest] = wrapToWidth(line, width);
    const tail = rest.length ? wrapToWidth(rest.join(''), Math.max(2, width - CONTINUED.length)) : [];
    return [{ text: first, continued: false, line }, ...tail.map((text) => ({ text, continued: true, line }))];
  });
}

export interface ScrollTextProps {
  lines: DisplayLine[];
  top: number;
  height: number;
  /** Colour lines of a unified diff. */
  diff?: boolean;
}

/** Keeps a scroll position inside the text. */
export function clampTop(top: number, lineCount: number, height: number): number {
  return Math.max(0, Math.min(top, lineCount - height));
}

export function ScrollText({ lines, top, height, diff }: ScrollTextProps) {
  const tone = useTone();
  const start = clampTop(top, lines.length, height);
  const shown = lines.slice(start, start + height);
  const colour = (line: string) => {
    if (!diff) return undefined;
    if (line.startsWith('+') && !line.startsWith('+++')) return tone('ok');
    if (line.startsWith('-') && !line.startsWith('---')) return tone('bad');
    return line.startsWith('@@') ? tone('accent') : undefined;
  };
  return (
    <Box flexDirection="column" height={height}>
      {shown.map((row, i) => (
        <Text key={start + i} wrap="truncate-end" color={colour(row.line)}>
          {row.continued ? <Text color={tone('muted')}>{CONTINUED}</Text> : null}
          {row.text === '' ? ' ' : row.text}
        </Text>
      ))}
    </Box>
  );
}
