// `doctor [--json]`: diagnoses the Go setup as it is. Exit 0 when nothing is an error, 1 when something is.
import { detect } from '../detect/index.js';
import { doctor, hasError } from '../doctor/index.js';
import { renderFindings } from '../doctor/render.js';
import { createHost } from '../host/host.js';
import type { CommandContext } from '../types.js';
import { EXIT } from '../types.js';

export default async function run(ctx: CommandContext): Promise<number> {
  const host = createHost({ sysroot: ctx.options.sysroot, env: ctx.env });
  const detection = await detect(host, { t: ctx.t });
  const findings = await doctor(host, detection, { t: ctx.t, paths: ctx.paths });
  ctx.stdout.write(ctx.flags.json ? `${JSON.stringify({ findings })}\n` : renderFindings(findings, ctx.t));
  return hasError(findings) ? EXIT.problemsFound : EXIT.ok;
}
