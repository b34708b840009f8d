// `plan [install options] [--format text|sh|json|ansible]`: prints what `install` would do and changes nothing.
// text and json are for reading (credentials masked); sh and ansible are files to run, with the real values.
import { fchmodSync, fstatSync } from 'node:fs';
import { UserError } from '../errors.js';
import { preparePlan } from '../plan/prepare.js';
import { exportHoldsSecret, renderExport } from '../plan/render.js';
import type { CommandContext } from '../types.js';
import { EXIT } from '../types.js';

/** An export holding a proxy password, redirected into a file: that file is made private before it is written. */
function protectRedirectedFile(fd: number | undefined): void {
  if (fd === undefined) return;
  try {
    if (fstatSync(fd).isFile()) fchmodSync(fd, 0o600);
  } catch {
    // not a file we own: nothing to protect
  }
}

export default async function run(ctx: CommandContext): Promise<number> {
  // Side by side changes this user's own ~/sdk and $GOPATH/bin: there is no script or playbook of it for other machines.
  if (ctx.options.alongside && (ctx.flags.format === 'sh' || ctx.flags.format === 'ansible')) {
    throw new UserError(ctx.t('apt.alongside.export', { format: ctx.flags.format }));
  }
  // Removing another Go is decided from this machine's own packages and trees; the exports plan for any host and
  // would silently skip it.
  if (ctx.options.otherGo === 'remove' && (ctx.flags.format === 'sh' || ctx.flags.format === 'ansible')) {
    throw new UserError(ctx.t('apt.otherGo.export', { format: ctx.flags.format }));
  }
  const plan = await preparePlan(ctx);
  if (exportHoldsSecret(plan, ctx.flags.format)) protectRedirectedFile(ctx.stdout.fd);
  ctx.stdout.write(await renderExport(plan, ctx.flags.format, ctx.t));
  return EXIT.ok;
}
