// A GOROOT exported by hand is the classic breakage: Go finds its root from its own location, so a GOROOT that
// names another tree (or nothing) makes the go in use mix its binary with someone else's library.
import { posix } from 'node:path';
import type { Host } from '../host/host.js';
import type { ExistingGo } from '../types.js';

export type GorootProblem = 'missing' | 'mismatch';

/** Why the exported GOROOT is wrong for the `go` in use, or null when it is fine (or unset). */
export async function gorootProblem(host: Host, goroot: string | undefined, inUse: ExistingGo | undefined): Promise<GorootProblem | null> {
  if (!goroot) return null;
  const exportedGo = await host.realpath(posix.join(goroot, 'bin/go'));
  if (!exportedGo) return 'missing';
  if (!inUse) return null;
  const inUseGo = inUse.goroot ? await host.realpath(posix.join(inUse.goroot, 'bin/go')) : await host.realpath(inUse.path);
  return inUseGo && inUseGo !== exportedGo ? 'mismatch' : null;
}
