// A window onto long text: ↑↓ a line, PgUp/PgDn a page, Home/End (g/G) the ends. Long lines are cut, not wrapped,
// so the window keeps its height.
import { Box, Text } from 'ink';
import { useTone } from '../theme.js';

export interface ScrollTextProps {
  lines: string[];
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
      {shown.map((line, i) => (
        <Text key={start + i} wrap="truncate-end" color={colour(line)}>
          {line === '' ? ' ' : line}
        </Text>
      ))}
    </Box>
  );
}
