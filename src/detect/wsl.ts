// WSL 1/2 from the kernel release (and, on the live machine, the variables WSL sets); Windows' go.exe leaking
// into PATH through interop and projects under /mnt/<drive> (slow 9p/drvfs) are the usual traps.
import type { Host } from '../host/host.js';
import type { Detection } from '../types.js';
import { posix } from 'node:path';

/** WSL version from /proc/sys/kernel/osrelease: WSL1 `4.4.0-19041-Microsoft`, WSL2 `5.15.x-microsoft-standard-WSL2`. */
export function wslVersionOfKernel(osrelease: string): 1 | 2 | null {
  if (!/microsoft/i.test(osrelease)) return null;
  return /microsoft-standard|wsl2/i.test(osrelease) ? 2 : 1;
}

/** True for `/mnt/c`, `/mnt/d/work`…: Windows drives mounted into WSL. */
export function isUnderWindowsDrive(path: string): boolean {
  return /^\/mnt\/[a-z](\/|$)/i.test(path);
}

export async function detectWsl(host: Host): Promise<Detection['wsl']> {
  const osrelease = (await host.readSystemFile('/proc/sys/kernel/osrelease'))?.toString('utf8').trim() ?? '';
  let version = wslVersionOfKernel(osrelease);
  if (version === null && host.liveSystem && host.env.WSL_DISTRO_NAME) version = host.env.WSL_INTEROP ? 2 : 1;
  const isWsl = version !== null;
  if (!isWsl) return { isWsl, version, windowsGoOnPath: false, underMntC: false };

  const pathDirs = (host.env.PATH ?? '').split(':').filter((dir) => dir.startsWith('/'));
  const windowsGo = await Promise.all(
    pathDirs.map(
      async (dir) =>
        dir.includes('/Go/bin') || (isUnderWindowsDrive(dir) && (await host.stat(posix.join(dir, 'go.exe')))?.kind === 'file'),
    ),
  );
  return {
    isWsl,
    version,
    windowsGoOnPath: windowsGo.some(Boolean),
    underMntC: isUnderWindowsDrive(host.cwd),
  };
}
