// Which other Go installs would shadow or confuse a new one, from what detection found: apt's Go (/usr/bin/go),
// the go snap, an old /usr/local/go when the new Go goes elsewhere, and a GOROOT exported by a startup file that
// names another tree. The plan turns them into steps (other-go.ts, conflicts.ts); the wizard asks about them only
// when there are some.
import type { Detection, Method } from '../types.js';

export const SYSTEM_GOROOT = '/usr/local/go';

export type OtherGoKind = 'apt' | 'snap' | 'local' | 'goroot';

export interface OtherGo {
  kind: OtherGoKind;
  /** The binary or tree (apt, snap, local) or the startup file and line (goroot). */
  path: string;
  /** go1.N.P, the GOROOT value for a startup line, or null when not known. */
  version: string | null;
  /** Removing or moving it needs root (a package, /usr/local, a file under /etc). */
  root: boolean;
}

const stripSlash = (path: string) => path.replace(/(.)\/+$/, '$1');

/**
 * The other Go installs a plan with `method` into `goroot` (null: not /usr/local/go, as for apt and snap) would
 * offer to remove or move aside. Side by side (--alongside) keeps everything: the caller does not ask then.
 */
export function otherGoFound(detection: Detection, method: Method, goroot: string | null): OtherGo[] {
  const found: OtherGo[] = [];
  const apt = method === 'apt' ? [] : detection.existingGo.filter((go) => go.source === 'apt');
  const aptGo = apt.find((go) => go.path === '/usr/bin/go') ?? apt[0];
  if (aptGo) found.push({ kind: 'apt', path: aptGo.path, version: aptGo.version, root: true });
  const snap = method === 'snap' ? undefined : detection.existingGo.find((go) => go.source === 'snap');
  if (snap) found.push({ kind: 'snap', path: snap.path, version: snap.version, root: true });
  const local = detection.existingGo.find((go) => go.goroot === SYSTEM_GOROOT || go.path === `${SYSTEM_GOROOT}/bin/go`);
  if (local && goroot !== SYSTEM_GOROOT) found.push({ kind: 'local', path: SYSTEM_GOROOT, version: local.version, root: true });
  for (const setting of detection.startupEnv) {
    if (setting.variable !== 'GOROOT' || (setting.resolved !== null && goroot !== null && stripSlash(setting.resolved) === goroot)) continue;
    found.push({ kind: 'goroot', path: `${setting.file}:${setting.line}`, version: setting.value, root: setting.system });
  }
  return found;
}
