// Running a program whose output is parsed (apt-cache, snap): always in the C locale, since apt and friends
// translate their labels ("Candidate:" is "候选：" on a zh_CN desktop), and never for longer than a timeout.
import { UserError } from '../errors.js';

export type CommandQuery = (command: string, args: string[]) => Promise<{ exitCode: number; stdout: string }>;

/** `env` with every locale setting forced to C (LANGUAGE would still translate under a UTF-8 locale). */
export function cLocaleEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { LANGUAGE: _language, ...rest } = env;
  return { ...rest, LANG: 'C', LC_ALL: 'C' };
}

/** A query that runs commands with `env` (in the C locale); a missing program is one line, exit 2. */
export function commandQuery(env: NodeJS.ProcessEnv = process.env, timeoutMs = 30_000): CommandQuery {
  return async (command, args) => {
    // Loaded here, not with the module: most plans never query apt or snap.
    const { execa } = await import('execa');
    const result = await execa(command, args, { reject: false, env: cLocaleEnv(env), extendEnv: false, timeout: timeoutMs });
    if ((result as { code?: string }).code === 'ENOENT') throw new UserError(`${command}: not found`);
    return { exitCode: result.exitCode ?? 1, stdout: String(result.stdout) };
  };
}
