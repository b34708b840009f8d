// What every doctor check works with and returns; the checks live in index.ts and environment.ts.
import type { Host } from '../host/host.js';
import type { AppPaths, Detection, ExistingGo, Translate } from '../types.js';
import type { GoSettings } from './go-env.js';

export type Severity = 'error' | 'warning' | 'info';

export interface Finding {
  id: string;
  severity: Severity;
  message: string;
  fix: string;
}

export interface FreshEnvironment {
  shell: string;
  mode: 'login' | 'interactive';
  values: Record<string, string>;
}

export interface Context {
  host: Host;
  detection: Detection;
  t: Translate;
  paths: AppPaths;
  timeoutMs: number;
  /** Every go along PATH, first one first. */
  pathGos: ExistingGo[];
  inUse: ExistingGo | undefined;
  settings: GoSettings;
  /** The Go variables of fresh login and interactive shells (read once, on first use). */
  freshEnvironments: () => Promise<FreshEnvironment[]>;
}

export type Check = (ctx: Context) => Promise<Finding | null>;
