// Other Go installs that would shadow or confuse the new one: apt's packages (/usr/bin/go), the go snap
// (/snap/bin/go), a /usr/local/go left over when the new Go goes elsewhere. With --other-go remove each becomes a
// previewed, journaled step that rollback undoes (apt: the same versions reinstalled; the snap: reinstalled from
// the channel it tracked; /usr/local/go: moved aside, never deleted, and moved back). With keep (the default)
// they stay, and the plan says what will shadow what. A stale GOROOT in a startup file is --conflicts' business.
import { join } from 'node:path';
import { installedGoPackages } from '../apt/remove.js';
import { addAptRemoveStep } from './apt-steps.js';
import { commandQuery } from '../host/query.js';
import { shQuote } from '../shell/quote.js';
import { installedVersion } from './tarball.js';
import type { PlanContext } from './context.js';
import { SYSTEM_GOROOT } from './other-go-found.js';

/** The steps that remove or move another Go on this machine: a plan holding one has no portable export. */
export const OTHER_GO_STEP_IDS: readonly string[] = ['remove-apt-go', 'remove-snap-go', 'move-aside-usr-local-go'];

/** The channel the go snap tracks (`snap list go`, column Tracking), or undefined. */
async function snapChannel(ctx: PlanContext): Promise<string | undefined> {
  const query = ctx.query ?? commandQuery(ctx.env);
  const listed = await query('snap', ['list', 'go']).catch(() => null);
  const row = listed?.exitCode === 0 ? listed.stdout.split('\n').find((line) => /^go\s/.test(line)) : undefined;
  const tracking = row?.trim().split(/\s+/)[3];
  return tracking && tracking !== '-' ? tracking : undefined;
}

export async function otherGoSteps(ctx: PlanContext): Promise<void> {
  if (ctx.portable || ctx.options.alongside) return;
  const { t, steps, options, detection } = ctx;
  const remove = options.otherGo === 'remove';
  const canRoot = detection.user.isRoot || detection.user.sudo !== 'none';
  const keep = (what: string, shadow: string) =>
    ctx.warnings.push(t(remove ? 'apt.other.keptNoRoot' : 'apt.other.kept', { what, shadow, goroot: ctx.goroot }));

  // apt's Go as detection found it (/usr/bin/go, /usr/lib/go-1.NN); its packages are asked of dpkg only to remove them.
  const aptGos = options.method !== 'apt' ? detection.existingGo.filter((go) => go.source === 'apt') : [];
  if (aptGos.length) {
    const aptGo = aptGos.find((go) => go.path === '/usr/bin/go') ?? aptGos[0]!;
    const shadow = t('apt.other.shadow.apt', { path: aptGo.path, version: aptGo.version ?? '?' });
    const query = ctx.query ?? commandQuery(ctx.env);
    const packages = remove && canRoot ? await installedGoPackages(query) : [];
    if (packages.length) {
      const names = packages.map((p) => p.name);
      const removes = await addAptRemoveStep(
        steps,
        { id: 'remove-apt-go', title: t('apt.other.apt.title', { packages: names.join(', ') }), why: t('apt.other.apt.why', { shadow }), packages: names },
        query,
      );
      const along = removes.filter((name) => !names.includes(name));
      if (along.length) ctx.warnings.push(t('apt.other.apt.along', { packages: along.join(', ') }));
    } else keep(aptGos.map((go) => `${go.path} (${go.version ?? '?'})`).join(', '), shadow);
  }

  const snap = options.method !== 'snap' ? detection.existingGo.find((go) => go.source === 'snap') : undefined;
  if (snap) {
    const shadow = t('apt.other.shadow.snap', { version: snap.version ?? '?' });
    if (remove && canRoot) {
      const channel = await snapChannel(ctx);
      steps.add({
        id: 'remove-snap-go',
        title: t('apt.other.snap.title'),
        why: t('apt.other.snap.why', { shadow, channel: channel ?? 'latest/stable' }),
        root: true,
        touches: [],
        removes: { manager: 'snap', packages: ['go'], ...(channel ? { channel } : {}) },
        run: 'snap remove go',
        undoFirst: `snap list go >/dev/null 2>&1 || snap install go --classic${channel ? ` --channel=${shQuote(channel)}` : ''}`,
      });
    } else keep('snap go', shadow);
  }

  if (ctx.goroot !== SYSTEM_GOROOT && steps.states.exists(join(SYSTEM_GOROOT, 'bin/go'))) {
    const version = installedVersion(SYSTEM_GOROOT, ctx.disk) ?? '?';
    const shadow = t('apt.other.shadow.local', { path: SYSTEM_GOROOT, version });
    if (remove && canRoot) {
      const backup = `${SYSTEM_GOROOT}.gsw-backup-${ctx.runId}`;
      steps.add({
        id: 'move-aside-usr-local-go',
        title: t('apt.other.local.title', { path: SYSTEM_GOROOT, version }),
        why: t('apt.other.local.why', { shadow, backup }),
        root: true,
        touches: [{ touch: { kind: 'move', path: SYSTEM_GOROOT, to: backup, root: true }, after: 'dir' }],
        run: `mv -T -- ${shQuote(SYSTEM_GOROOT)} ${shQuote(backup)}`,
      });
    } else keep(`${SYSTEM_GOROOT} (${version})`, shadow);
  }
}
