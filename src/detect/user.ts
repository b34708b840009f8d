// Who runs the wizard and whether it can become root: decides between system and user scope.
import type { Host } from '../host/host.js';
import type { Detection, SudoState } from '../types.js';
import { isRoot } from '../privilege.js';

const ADMIN_GROUPS = ['sudo', 'admin', 'wheel'];

export async function sudoState(host: Host): Promise<SudoState> {
  if (isRoot(host.user.uid)) return 'root';
  if ((await host.which('sudo')).length === 0) return 'none';
  const check = await host.run('sudo', ['-n', 'true'], { timeoutMs: 3000 });
  if (check.code === 0) return 'passwordless';
  if (/password is required/i.test(check.stderr)) return 'password';
  const groups = await host.run('id', ['-Gn'], { timeoutMs: 2000 });
  const inAdminGroup = groups.code === 0 && groups.stdout.split(/\s+/).some((group) => ADMIN_GROUPS.includes(group));
  return inAdminGroup ? 'password' : 'none';
}

export function userHome(host: Host): string {
  return host.env.HOME?.startsWith('/') ? host.env.HOME : host.user.home;
}

export async function detectUser(host: Host): Promise<Detection['user']> {
  const { name, uid } = host.user;
  return { name, uid, isRoot: isRoot(uid), home: userHome(host), sudo: await sudoState(host) };
}
