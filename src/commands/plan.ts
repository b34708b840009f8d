// `plan [install options] [--format text|sh|json|ansible]`: prints what `install` would do and changes nothing.
import { preparePlan } from '../plan/prepare.js';
import { renderPlan } from '../plan/render.js';
import type { CommandContext } from '../types.js';
import { EXIT } from '../types.js';

export default async function run(ctx: CommandContext): Promise<number> {
  const plan = await preparePlan(ctx);
  ctx.stdout.write(renderPlan(plan, ctx.flags.format, ctx.t));
  return EXIT.ok;
}
