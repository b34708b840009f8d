import type { CommandContext } from '../types.js';
import { EXIT } from '../types.js';

// Placeholder until this command is built: says so plainly and changes nothing.
export default async function run(ctx: CommandContext): Promise<number> {
  ctx.stderr.write(`go-setup-wizard ${ctx.command}: not available in this build yet; nothing was changed.\n`);
  return EXIT.usage;
}
