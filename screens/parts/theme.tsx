// Colours by role, switched off entirely when NO_COLOR is set (https://no-color.org).
import { createContext, useContext, type ReactNode } from 'react';

export type Role = 'accent' | 'ok' | 'bad' | 'warn' | 'muted';

const PALETTE: Record<Role, string> = { accent: 'cyan', ok: 'green', bad: 'red', warn: 'yellow', muted: 'gray' };

const ColorContext = createContext(true);

export function ColorProvider({ enabled, children }: { enabled: boolean; children: ReactNode }) {
  return <ColorContext.Provider value={enabled}>{children}</ColorContext.Provider>;
}

/** `tone('ok')` → an Ink color name, or undefined when colours are off. */
export function useTone(): (role: Role) => string | undefined {
  const enabled = useContext(ColorContext);
  return (role) => (enabled ? PALETTE[role] : undefined);
}
