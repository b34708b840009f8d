// The answers file (--config / --save-config) as the CLI and the wizard both write it: a JSON object whose keys are
// the install options. Reading it (with the flags' value checks and their usage errors) is the CLI's: src/cli/answers.ts.
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { redact } from '../redact.js';
import type { InstallOptionKey, InstallOptions } from '../types.js';

/** Every install option once (the compiler checks the set), in the order an answers file lists them. */
const ORDER: Record<InstallOptionKey, null> = {
  method: null,
  goVersion: null,
  scope: null,
  installDir: null,
  mirror: null,
  indexUrl: null,
  archive: null,
  sha256: null,
  goproxy: null,
  gosumdb: null,
  goprivate: null,
  httpProxy: null,
  httpsProxy: null,
  noProxy: null,
  persistProxy: null,
  conflicts: null,
  otherGo: null,
  alongside: null,
  buildEssential: null,
  sessionEnv: null,
  gopls: null,
  gitProxy: null,
  shells: null,
  gopath: null,
  sysroot: null,
  lang: null,
};
export const ANSWER_KEY_ORDER = Object.keys(ORDER) as readonly InstallOptionKey[];

/**
 * The one answers-file key that is not an install option: the digests a classroom's answers file (share, bundle)
 * pins, per archive file name, with where they came from: {"source": "…", "files": {"go1.N.P.linux-ARCH.tar.gz": "…"}}.
 */
export const PINNED_DIGESTS_KEY = 'pinnedDigests';

/**
 * Writes the explicit answers as an answers file that --config reads back. Replaced atomically; mode 0600
 * when any value holds credentials (a proxy URL with a password), else 0644.
 */
export function saveAnswers(path: string, options: InstallOptions, explicit: readonly InstallOptionKey[]): void {
  const answers: Record<string, unknown> = {};
  for (const key of ANSWER_KEY_ORDER) {
    if (explicit.includes(key) && options[key] !== undefined) answers[key] = options[key];
  }
  const holdsSecret = Object.values(answers).some((item) => typeof item === 'string' && redact(item) !== item);
  const temp = `${path}.${process.pid}.tmp`;
  try {
    writeFileSync(temp, `${JSON.stringify(answers, null, 2)}\n`, { mode: holdsSecret ? 0o600 : 0o644, flag: 'wx' });
    renameSync(temp, path);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}
