// A Host for tests: every absolute path (system or not) lives under one temp directory, and commands answer
// from a table instead of running. Files are real files, so symlinks, modes and statfs behave as on a machine.
import type { CommandResult, Host, HostUser } from './host.js';
import { hostFromParts } from './host.js';

export interface FixtureHostOptions {
  /** The directory standing in for `/`. */
  root: string;
  env: NodeJS.ProcessEnv;
  cwd?: string;
  user?: Partial<HostUser>;
  /** Canned results keyed by the command line, e.g. `'sudo -n true'` or `'/usr/local/go/bin/go version'`. */
  commands?: Record<string, Partial<CommandResult>>;
  /** False to describe a --sysroot directory (no `uname -m`, no env hints); default true. */
  liveSystem?: boolean;
}

/** Commands missing from the table fail as a missing program would (code null, like ENOENT). */
export function createFixtureHost(options: FixtureHostOptions): Host & { commandLog: string[] } {
  const commands = options.commands ?? {};
  const log: string[] = [];
  const host = hostFromParts({
    sysroot: options.root,
    liveSystem: options.liveSystem ?? true,
    env: options.env,
    cwd: options.cwd ?? options.env.HOME ?? '/',
    user: { name: 'user', uid: 1000, home: options.env.HOME ?? '', shell: '', ...options.user },
    systemRoot: options.root,
    fileRoot: options.root,
    runner: async (file, args) => {
      const line = [file, ...args].join(' ');
      log.push(line);
      const canned = commands[line];
      if (!canned) return { code: null, stdout: '', stderr: `fixture: no canned result for ${line}`, timedOut: false };
      return { code: 0, stdout: '', stderr: '', timedOut: false, ...canned };
    },
  });
  return Object.assign(host, { commandLog: log });
}
