// The y/N question the install, rollback and prune commands ask on a terminal before changing anything, and the
// Y/n question for what is recommended (finishing the rollback of a run left half-way).
import { createInterface } from 'node:readline/promises';
import type { CommandContext } from '../../types.js';
import { EXIT } from '../../types.js';

/**
 * 'yes' to go on; otherwise the exit code to return: 0 when the user said no (nothing changed, as asked),
 * 2 without a terminal and without --yes (the command line must say --yes).
 */
export async function confirmOrExit(ctx: CommandContext, question: string): Promise<'yes' | number> {
  if (ctx.flags.yes) return 'yes';
  if (!ctx.stdinIsTTY) {
    ctx.stderr.write(`${ctx.t('engine.confirm.needYes', { command: ctx.command })}\n`);
    return EXIT.usage;
  }
  const prompt = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = (await prompt.question(`${question} [y/N] `)).trim().toLowerCase();
    if (['y', 'yes', '是', '好'].includes(answer)) return 'yes';
    ctx.stderr.write(`${ctx.t('engine.confirm.declined')}\n`);
    return EXIT.ok;
  } finally {
    prompt.close();
  }
}

/** A question on the terminal whose answer defaults to yes (Enter): true unless the user says no. */
export async function askDefaultYes(question: string): Promise<boolean> {
  const prompt = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = (await prompt.question(`${question} [Y/n] `)).trim().toLowerCase();
    return !['n', 'no', '否', '不'].includes(answer);
  } finally {
    prompt.close();
  }
}
