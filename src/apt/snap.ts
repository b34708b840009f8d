// Whether snap can install anything here: the `snap` command and a running snapd. WSL without systemd and most
// containers have neither, and `snap install` would only fail half-way through the run.
import type { DiskView } from '../host/disk.js';
import type { CommandQuery } from '../host/query.js';
import type { Translate } from '../types.js';

export const SNAPD_SOCKET = '/run/snapd.socket';

/** Why snap cannot be used here (one translated sentence), or null when snapd is running. */
export async function snapUnavailable(query: CommandQuery, t: Translate, disk: DiskView): Promise<string | null> {
  const onPath = await query('sh', ['-c', 'command -v snap']).catch(() => ({ exitCode: 1, stdout: '' }));
  if (onPath.exitCode !== 0 || !onPath.stdout.trim()) return t('apt.snap.noCommand');
  if (disk.stat(SNAPD_SOCKET)) return null;
  const active = await query('systemctl', ['is-active', 'snapd']).catch(() => ({ exitCode: 1, stdout: '' }));
  if (active.exitCode === 0 && active.stdout.trim() === 'active') return null;
  return t('apt.snap.noDaemon', { socket: SNAPD_SOCKET });
}
