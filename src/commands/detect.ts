// `detect [--json] [--sysroot DIR]`: what the wizard sees on this machine.
import { detect } from '../detect/index.js';
import { renderDetection } from '../detect/render.js';
import { createHost } from '../host/host.js';
import type { CommandContext } from '../types.js';
import { EXIT } from '../types.js';

export default async function run(ctx: CommandContext): Promise<number> {
  const host = createHost({ sysroot: ctx.options.sysroot, env: ctx.env });
  const detection = await detect(host, { t: ctx.t });
  ctx.stdout.write(ctx.flags.json ? `${JSON.stringify(detection, null, 2)}\n` : renderDetection(detection, ctx.t));
  return EXIT.ok;
}
