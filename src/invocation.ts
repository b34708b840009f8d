// How the user started this tool, so that hints name a command that works for them: `npx go-setup-wizard` only
// under npx, `go-setup-wizard` when installed (globally or in a project's node_modules/.bin), `npm start --` when
// started by the checkout's start script, and `node <path to the entry>` when run from a checkout.
import { relative, sep } from 'node:path';

export interface Invocation {
  env: NodeJS.ProcessEnv;
  /** process.argv: [node, entry script, …]. */
  argv: readonly string[];
  cwd: string;
}

export const PACKAGE_NAME = 'go-setup-wizard';

/** The command that starts this tool again the way it was started this time, e.g. `npx go-setup-wizard`. */
export function commandName({ env, argv, cwd }: Invocation): string {
  // npm 7+ runs `npx x` as `npm exec x`; both set npm_command=exec (and npm_lifecycle_event=npx).
  if (env.npm_command === 'exec' || env.npm_lifecycle_event === 'npx') return `npx ${PACKAGE_NAME}`;
  // `npm start -- rollback` passes `rollback` on to the same entry.
  if (env.npm_lifecycle_event === 'start' && env.npm_package_name === PACKAGE_NAME) return 'npm start --';
  const entry = argv[1] ?? '';
  if (entry.split(sep).includes('node_modules') || !entry.endsWith('.cjs')) return PACKAGE_NAME;
  // From a checkout (or `npm start`, which runs the same file).
  const shown = relative(cwd, entry);
  return `node ${shown.startsWith('..') || shown === '' ? entry : shown}`;
}
