// Every Go already on the machine: each `go` along PATH (in PATH order) and the places installers and version
// managers put one, with its version and where it came from. Duplicates (symlinks) are merged by real path.
import { appPaths, xdgDir } from '../paths.js';
import { envShPathDirs } from '../shell/profiles.js';
import { basename, dirname, posix } from 'node:path';
import type { Host } from '../host/host.js';
import type { ExistingGo, GoSource } from '../types.js';
import { parseGoVersion, parseGoVersionOutput } from '../versions/grammar.js';


interface Candidate {
  path: string;
  onPath: boolean;
}

function versionManagerRoots(host: Host, home: string): string[] {
  const dataHome = xdgDir(host.env, 'XDG_DATA_HOME', home);
  return [
    posix.join(home, '.gvm'),
    posix.join(home, '.goenv'),
    host.env.ASDF_DATA_DIR || posix.join(home, '.asdf'),
    posix.join(home, '.g'),
    host.env.MISE_DATA_DIR || posix.join(dataHome, 'mise'),
  ];
}

/** golang.org/dl wrappers (`~/go/bin/go1.22.0`) run the toolchain they downloaded into ~/sdk/go1.22.0. */
function isDlWrapper(path: string, home: string): boolean {
  return dirname(path) === posix.join(home, 'go/bin') && /^go\d/.test(basename(path));
}

async function knownPlaces(host: Host, home: string): Promise<string[]> {
  const [gvm, goenv, asdf, g, mise] = versionManagerRoots(host, home);
  const each = async (dir: string, pattern: RegExp, suffix: string) =>
    (await host.listDir(dir)).filter((name) => pattern.test(name)).map((name) => posix.join(dir, name, suffix));
  const nested = await Promise.all([
    each('/usr/lib', /^go-\d/, 'bin/go'),
    each(posix.join(home, 'sdk'), /^go/, 'bin/go'),
    each(posix.join(home, 'go/bin'), /^go(\d.*)?$/, ''),
    each(posix.join(gvm!, 'gos'), /^go/, 'bin/go'),
    each(posix.join(goenv!, 'versions'), /./, 'bin/go'),
    each(posix.join(asdf!, 'installs/golang'), /./, 'go/bin/go'),
    each(posix.join(g!, 'versions'), /./, 'bin/go'),
    each(posix.join(mise!, 'installs/go'), /./, 'bin/go'),
  ]);
  return [
    '/usr/local/go/bin/go',
    '/usr/lib/go/bin/go',
    ...nested[0]!,
    '/usr/bin/go',
    '/snap/bin/go',
    posix.join(home, '.local/go/bin/go'),
    ...nested.slice(1).flat(),
    posix.join(g!, 'go/bin/go'),
  ];
}

async function goroot(host: Host, path: string, real: string, home: string): Promise<string | undefined> {
  if (path.startsWith('/snap/')) return '/snap/go/current';
  let candidate: string;
  if (isDlWrapper(path, home)) candidate = posix.join(home, 'sdk', basename(path));
  else if (basename(dirname(real)) === 'bin') candidate = dirname(dirname(real));
  else return undefined;
  const [version, src] = await Promise.all([host.stat(posix.join(candidate, 'VERSION')), host.stat(posix.join(candidate, 'src'))]);
  return version || src ? candidate : undefined;
}

async function goVersion(host: Host, path: string, root: string | undefined): Promise<string | null> {
  if (root) {
    const firstLine = (await host.readFile(posix.join(root, 'VERSION')))?.split('\n')[0]?.trim();
    if (firstLine && parseGoVersion(firstLine)) return firstLine;
  }
  // GOTOOLCHAIN=local and cwd / : a go.mod nearby must not make `go version` download another toolchain.
  const result = await host.run(path, ['version'], { timeoutMs: 3000, cwd: '/', env: { ...host.env, GOTOOLCHAIN: 'local' } });
  return result.code === 0 ? parseGoVersionOutput(result.stdout) : null;
}

function sourceOf(host: Host, path: string, real: string, root: string | undefined, home: string): GoSource {
  if (path.startsWith('/snap/') || real.startsWith('/snap/')) return 'snap';
  if (/^\/usr\/lib\/go(-[^/]+)?\//.test(real)) return 'apt';
  const managed = versionManagerRoots(host, home).some((dir) => path.startsWith(dir + '/') || real.startsWith(dir + '/'));
  // ~/sdk/go1.N.P is the golang.org/dl layout (`go1.N.P download`): managed, not a tarball.
  const sdk = posix.join(home, 'sdk') + '/';
  if (managed || isDlWrapper(path, home) || path.startsWith(sdk) || real.startsWith(sdk)) return 'version-manager';
  return root ? 'tarball' : 'unknown';
}

/** The GOROOT whose bin the wizard's env.sh puts first on PATH (holding a `go`), or null without one. */
async function wizardDefault(host: Host): Promise<string | null> {
  const text = await host.readFile(appPaths(host.env).envSh);
  if (!text) return null;
  for (const dir of envShPathDirs(text)) {
    if ((await host.stat(posix.join(dir, 'go')))?.executable) return (await host.realpath(posix.dirname(dir))) ?? posix.dirname(dir);
  }
  return null;
}

/** Marks the default `go` of new shells (ExistingGo.default). */
async function markDefault(host: Host, found: ExistingGo[]): Promise<ExistingGo[]> {
  const root = await wizardDefault(host);
  const roots = await Promise.all(found.map(async (go) => (go.goroot ? ((await host.realpath(go.goroot)) ?? go.goroot) : null)));
  const index = root ? roots.indexOf(root) : -1;
  const chosen = index >= 0 ? index : found.findIndex((go) => go.onPath);
  return found.map((go, i) => (i === chosen ? { ...go, default: true } : go));
}

export async function detectExistingGo(host: Host, home: string): Promise<ExistingGo[]> {
  return markDefault(host, await findExistingGo(host, home));
}

async function findExistingGo(host: Host, home: string): Promise<ExistingGo[]> {
  const [onPath, known] = await Promise.all([host.which('go'), knownPlaces(host, home)]);
  const candidates: Candidate[] = [
    ...onPath.map((path, index) => ({ path, onPath: index === 0 })),
    ...known.map((path) => ({ path, onPath: false })),
  ];
  const resolved = await Promise.all(
    candidates.map(async (candidate) => {
      const info = await host.stat(candidate.path);
      return info?.executable ? { ...candidate, real: (await host.realpath(candidate.path)) ?? candidate.path } : null;
    }),
  );
  const seen = new Set<string>();
  const unique: (Candidate & { real: string })[] = [];
  for (const entry of resolved) {
    if (!entry) continue;
    // /snap/bin/go is a link to /usr/bin/snap itself; its own path is what identifies it.
    const key = entry.path.startsWith('/snap/') ? entry.path : entry.real;
    if (seen.has(key)) continue;
    seen.add(key);
    unique.push(entry);
  }
  return Promise.all(
    unique.map(async ({ path, real, onPath: first }) => {
      const root = await goroot(host, path, real, home);
      const found: ExistingGo = {
        path,
        version: await goVersion(host, path, root),
        source: sourceOf(host, path, real, root, home),
        ...(root ? { goroot: root } : {}),
      };
      if (first) found.onPath = true;
      return found;
    }),
  );
}
