// Keys for the screens. The terminal reaches Ink through PacedStdin (one key per read, each after the previous
// key's update is applied), so Ink's own useInput — and ink-select-input, which uses it — and useKeys below all see
// every key, one at a time, with the state the previous key produced.
import { useLayoutEffect, useReducer, useRef, type ReactNode } from 'react';
import { useStdin } from 'ink';
import { parseKeys, type Key } from './parse.js';
import { PacedStdin } from './paced-stdin.js';

export type { Key, KeyName } from './parse.js';
export type KeyHandler = (key: Key) => void;

/**
 * Mount once, at the root. Before each key PacedStdin asks for one synchronous update of this component: React
 * flushes the pending effects of the last key's render first, so the handlers the next key meets are current.
 * (Without a PacedStdin — a test's own stdin — it renders its children and does nothing else.)
 */
export function InputPacer({ children }: { children: ReactNode }) {
  const { stdin } = useStdin();
  const [, settle] = useReducer((n: number) => n + 1, 0);
  useLayoutEffect(() => (stdin instanceof PacedStdin ? stdin.onBeforeKey(settle) : undefined), [stdin]);
  return <>{children}</>;
}

/** Calls `handler` for each key while `active`, with the key's full meaning (Home, End, Backspace vs Delete, paste). */
export function useKeys(handler: KeyHandler, { active = true }: { active?: boolean } = {}): void {
  const { internal_eventEmitter: events, setRawMode, isRawModeSupported } = useStdin();
  const ref = useRef(handler);
  ref.current = handler;
  // A layout effect: subscribed and unsubscribed within the commit that shows or hides it, before the next key.
  useLayoutEffect(() => {
    if (!active) return;
    // A key that closes this component is still handed to the listeners that were subscribed when it arrived.
    let live = true;
    const onInput = (chunk: string) => {
      for (const key of parseKeys(String(chunk))) if (live) ref.current(key);
    };
    events.on('input', onInput);
    if (isRawModeSupported) setRawMode(true);
    return () => {
      live = false;
      events.off('input', onInput);
      if (isRawModeSupported) setRawMode(false);
    };
  }, [active]);
}
