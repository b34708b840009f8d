// Keys for the screens, one at a time. Ink hands each read of the terminal to its handlers as one string, so keys
// that arrive together under load were lost or typed as garbage, and a handler called twice before a redraw saw
// stale state. Here each read is split into keys (parse.ts), and the next key is handed out only once the previous
// one's redraw is committed — every handler sees the state its previous key produced.
import { createContext, useContext, useEffect, useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import { useStdin } from 'ink';
import { parseKeys, type Key } from './parse.js';

export type { Key, KeyName } from './parse.js';
export type KeyHandler = (key: Key) => void;

interface KeyBus {
  handlers: Set<{ current: KeyHandler }>;
  queue: Key[];
  paste: { paste: string | null };
  /** A key was handed out and its redraw is not committed yet. */
  busy: boolean;
}

const BusContext = createContext<KeyBus | null>(null);

/** Owns the terminal's input for everything inside it. Mount once, at the root. */
export function KeyProvider({ children }: { children: ReactNode }) {
  const { internal_eventEmitter: events, setRawMode, isRawModeSupported } = useStdin();
  const bus = useRef<KeyBus>({ handlers: new Set(), queue: [], paste: { paste: null }, busy: false }).current;
  const [delivered, setDelivered] = useState(0);

  const pump = () => {
    if (bus.busy) return;
    const key = bus.queue.shift();
    if (!key) return;
    bus.busy = true;
    // A handler whose screen the key has just closed is gone from the set (its layout effect cleaned up during
    // that synchronous redraw): it must not act on the same key.
    for (const handler of [...bus.handlers]) if (bus.handlers.has(handler)) handler.current(key);
    // Re-rendering here commits after the handlers' own updates; its effect hands out the next key.
    setDelivered((n) => n + 1);
  };

  useEffect(() => {
    if (isRawModeSupported) setRawMode(true);
    const onInput = (chunk: string | Buffer) => {
      bus.queue.push(...parseKeys(String(chunk), bus.paste));
      pump();
    };
    events.on('input', onInput);
    return () => {
      events.off('input', onInput);
      if (isRawModeSupported) setRawMode(false);
    };
  }, []);

  useEffect(() => {
    // The next key in a task of its own: handing it out from this effect would nest each key's update in the last
    // one's (React counts that as an update loop after 50 queued keys).
    const next = setImmediate(() => {
      bus.busy = false;
      pump();
    });
    return () => clearImmediate(next);
  }, [delivered]);

  return <BusContext.Provider value={bus}>{children}</BusContext.Provider>;
}

/** Calls `handler` for each key while `active`; needs a KeyProvider above. */
export function useKeys(handler: KeyHandler, { active = true }: { active?: boolean } = {}): void {
  const bus = useContext(BusContext);
  if (!bus) throw new Error('useKeys needs a <KeyProvider> above it');
  const ref = useRef(handler);
  ref.current = handler;
  // A layout effect: registered and removed within the commit that shows or hides it, before the next key.
  useLayoutEffect(() => {
    if (!active) return;
    bus.handlers.add(ref);
    return () => {
      bus.handlers.delete(ref);
    };
  }, [active]);
}
