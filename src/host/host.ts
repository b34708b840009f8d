// The one door through which detection and doctor read the machine: files, directories, environment, commands.
// `createHost` is the real machine (system files optionally under --sysroot); test/fixture hosts serve a temp dir.
import { constants } from 'node:fs';
import { access, lstat, open, readdir, readlink, realpath, stat, statfs } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { delimiter, dirname, isAbsolute, join, posix } from 'node:path';
import { diskView, type DiskView } from './disk.js';
import { resolving, type LinkAnswer } from './resolve.js';

export interface CommandResult {
  /** Exit code; null when the command could not start, timed out or was killed by a signal. */
  code: number | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

export interface RunOptions {
  timeoutMs?: number;
  /** The complete environment of the child (nothing inherited); defaults to the host's env. */
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

export interface FileInfo {
  kind: 'file' | 'dir' | 'other';
  size: number;
  mode: number;
  executable: boolean;
  /** Owner (after following symlinks). */
  uid: number;
}

export interface HostUser {
  name: string;
  uid: number;
  /** From the passwd database, '' when unknown. */
  home: string;
  /** Login shell from the passwd database, '' when unknown. */
  shell: string;
}

export interface Host {
  /** The directory system files are read under ('/' for this machine). */
  readonly sysroot: string;
  /** True when the system files are this running machine's, so `uname -m` and env hints describe them too. */
  readonly liveSystem: boolean;
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
  readonly user: HostUser;
  /** A system file (`/etc/os-release`, `/bin/sh`…) under the sysroot; symlinks are followed inside it. Null if absent. */
  readSystemFile(path: string, maxBytes?: number): Promise<Buffer | null>;
  /** Any other file of the machine (HOME, Go trees), as UTF-8. Null if absent or unreadable. */
  readFile(path: string): Promise<string | null>;
  /** Follows symlinks; null when the path does not exist. */
  stat(path: string): Promise<FileInfo | null>;
  /** Canonical path (symlinks resolved); null when it does not exist. */
  realpath(path: string): Promise<string | null>;
  /** Entry names, sorted; [] when not a readable directory. */
  listDir(path: string): Promise<string[]>;
  /** Runs a program without a shell. Never throws. */
  run(file: string, args: string[], options?: RunOptions): Promise<CommandResult>;
  /** Every executable called `name` along PATH, in PATH order (like `which -a`). */
  which(name: string, pathValue?: string): Promise<string[]>;
  /** Bytes available to this user on the filesystem holding `path` (or its nearest existing ancestor). */
  freeBytes(path: string): Promise<number | null>;
  /**
   * The same files (not the sysroot's system files) as a synchronous, read-only view: what the plan's step
   * builders read while they decide each step (src/host/disk.ts).
   */
  readonly disk: DiskView;
}

export type CommandRunner = (file: string, args: string[], options: RunOptions & { env: NodeJS.ProcessEnv }) => Promise<CommandResult>;

/**
 * Resolves an absolute path as if `root` were `/`: every symlink met on the way (absolute or relative, in any
 * component) is followed without ever leaving `root`. Returns the resolved virtual path (starting with '/').
 */
export async function resolveUnder(root: string, virtualPath: string): Promise<string> {
  const walk = resolving(root, virtualPath);
  for (let step = walk.next(); ; ) {
    if (step.done) return step.value;
    step = walk.next(await linkTarget(step.value));
  }
}

async function linkTarget(file: string): Promise<LinkAnswer> {
  try {
    return (await lstat(file)).isSymbolicLink() ? await readlink(file) : null;
  } catch {
    return undefined;
  }
}

interface HostParts {
  sysroot: string;
  liveSystem: boolean;
  env: NodeJS.ProcessEnv;
  cwd: string;
  user: HostUser;
  /** Where a system path lives on disk. */
  systemRoot: string;
  /** Where any other absolute path lives on disk ('/' on the real machine). */
  fileRoot: string;
  runner: CommandRunner;
}

/** A Host over real files: `systemRoot`/`fileRoot` say where absolute paths live on disk. */
export function hostFromParts(parts: HostParts): Host {
  const { fileRoot, systemRoot, env, runner } = parts;
  /**
   * Where a path lives on disk. Under `/` the kernel follows every symlink itself, as the walk would (one system call
   * instead of an lstat per component: detection reads hundreds of paths); under another root each link is resolved
   * inside it.
   */
  const under = async (root: string, path: string) => (root === '/' ? (path.startsWith('/') ? path : `/${path}`) : join(root, await resolveUnder(root, path)));
  const real = (path: string) => under(fileRoot, path);

  const host: Host = {
    sysroot: parts.sysroot,
    liveSystem: parts.liveSystem,
    env,
    cwd: parts.cwd,
    user: parts.user,
    disk: diskView(fileRoot),

    async readSystemFile(path, maxBytes) {
      try {
        const file = await under(systemRoot, path);
        const handle = await open(file, 'r');
        try {
          if (maxBytes === undefined) return await handle.readFile();
          const buffer = Buffer.alloc(maxBytes);
          const { bytesRead } = await handle.read(buffer, 0, maxBytes, 0);
          return buffer.subarray(0, bytesRead);
        } finally {
          await handle.close();
        }
      } catch {
        return null;
      }
    },

    async readFile(path) {
      try {
        const handle = await open(await real(path), 'r');
        try {
          return await handle.readFile('utf8');
        } finally {
          await handle.close();
        }
      } catch {
        return null;
      }
    },

    async stat(path) {
      try {
        const file = await real(path);
        const info = await stat(file);
        const executable = info.isFile() && (await access(file, constants.X_OK).then(() => true, () => false));
        return { kind: info.isFile() ? 'file' : info.isDirectory() ? 'dir' : 'other', size: info.size, mode: info.mode & 0o7777, executable, uid: info.uid };
      } catch {
        return null;
      }
    },

    async realpath(path) {
      try {
        if (fileRoot === '/') return await realpath(await real(path));
        const virtual = await resolveUnder(fileRoot, path);
        await stat(join(fileRoot, virtual));
        return virtual;
      } catch {
        return null;
      }
    },

    async listDir(path) {
      try {
        return (await readdir(await real(path))).sort();
      } catch {
        return [];
      }
    },

    run(file, args, options = {}) {
      return runner(file, args, { ...options, env: options.env ?? env });
    },

    async which(name, pathValue = env.PATH ?? '') {
      const found: string[] = [];
      for (const dir of pathValue.split(delimiter)) {
        // An empty or relative PATH entry means the current directory; a wizard should not rely on it.
        if (!isAbsolute(dir)) continue;
        const candidate = posix.join(dir, name);
        if (found.includes(candidate)) continue;
        if ((await host.stat(candidate))?.executable) found.push(candidate);
      }
      return found;
    },

    async freeBytes(path) {
      let current = path;
      for (;;) {
        try {
          const info = await statfs(await real(current));
          return info.bavail * info.bsize;
        } catch {
          if (current === '/') return null;
          current = dirname(current);
        }
      }
    },
  };
  return host;
}

/**
 * Runs a real program with execa: bounded time, no shell, stdin closed, never throws. execa is loaded with the first
 * command: many runs need none (a plan as root runs no program).
 */
export const execaRunner: CommandRunner = async (file, args, options) => {
  const { execa } = await import('execa');
  const result = await execa(file, args, {
    env: options.env,
    extendEnv: false,
    cwd: options.cwd,
    timeout: options.timeoutMs ?? 5000,
    reject: false,
    stdin: 'ignore',
    stripFinalNewline: false,
    maxBuffer: 1 << 20,
  });
  const code = result.exitCode ?? null;
  // A program that never started (ENOENT, EACCES) has no stderr of its own: report why instead.
  const stderr = code === null && !result.timedOut && !result.signal ? result.shortMessage : result.stderr;
  return { code, stdout: String(result.stdout ?? ''), stderr: String(stderr ?? ''), timedOut: Boolean(result.timedOut) };
};

export interface CreateHostOptions {
  /** Root for system files (docs/contract.md, --sysroot); default '/'. */
  sysroot?: string;
  env: NodeJS.ProcessEnv;
  cwd?: string;
}

function currentUser(env: NodeJS.ProcessEnv): HostUser {
  try {
    const info = userInfo();
    return { name: info.username, uid: info.uid, home: info.homedir, shell: info.shell ?? '' };
  } catch {
    // A uid without a passwd entry (common in containers): userInfo() throws.
    const uid = process.getuid?.() ?? -1;
    return { name: env.USER || env.LOGNAME || String(uid), uid, home: env.HOME ?? '', shell: '' };
  }
}

/** The real machine. */
export function createHost(options: CreateHostOptions): Host {
  const sysroot = options.sysroot ?? '/';
  return hostFromParts({
    sysroot,
    liveSystem: sysroot === '/',
    env: options.env,
    cwd: options.cwd ?? process.cwd(),
    user: currentUser(options.env),
    systemRoot: sysroot,
    fileRoot: '/',
    runner: execaRunner,
  });
}
