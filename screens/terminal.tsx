// The terminal's size for the screens, kept current: on a resize the screen is cleared and the frame drawn afresh
// at the new size (Ink alone would re-lay out the old frame, and a narrower terminal leaves stale, doubled lines).
import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import { useStdout } from 'ink';

export interface TerminalSize {
  columns: number;
  rows: number;
}

/** What a terminal that does not say its size is taken to be. */
const FALLBACK: TerminalSize = { columns: 80, rows: 24 };
const CLEAR_SCREEN = '\x1b[2J\x1b[H';
const REPAINT_DELAY_MS = 80;

const SizeContext = createContext<TerminalSize | null>(null);

function measure(stdout: NodeJS.WriteStream): TerminalSize {
  return { columns: stdout.columns || FALLBACK.columns, rows: stdout.rows || FALLBACK.rows };
}

/** Mount once, at the root: follows resizes and repaints. */
export function TerminalSizeProvider({ children }: { children: ReactNode }) {
  const { stdout, write } = useStdout();
  const [size, setSize] = useState(() => measure(stdout));
  useEffect(() => {
    let repaint: NodeJS.Timeout | undefined;
    const onResize = () => {
      setSize(measure(stdout));
      // Once the frame for the new size is drawn (Ink draws at most every 32 ms) and the resizing has settled: clear
      // the screen and have Ink write its last frame again at the top (useStdout().write erases Ink's frame, writes,
      // then redraws it), so whatever the terminal's reflow left behind is gone.
      clearTimeout(repaint);
      repaint = setTimeout(() => write(CLEAR_SCREEN), REPAINT_DELAY_MS);
    };
    stdout.on('resize', onResize);
    return () => {
      clearTimeout(repaint);
      stdout.off('resize', onResize);
    };
  }, [stdout]);
  return <SizeContext.Provider value={size}>{children}</SizeContext.Provider>;
}

/** The terminal's size; outside a provider (a screen rendered on its own), what stdout says now. */
export function useTerminalSize(): TerminalSize {
  const size = useContext(SizeContext);
  const { stdout } = useStdout();
  return size ?? measure(stdout);
}
