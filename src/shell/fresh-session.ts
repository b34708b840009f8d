// What a new terminal or a new login starts with, before any startup file runs: the one definition behind the native
// proof (engine/verify.ts), the exported script's proof (plan/verify.ts) and doctor's fresh shells (doctor/fresh-shell.ts).

/** The PATH a new session gets before any profile runs (Ubuntu's /etc/environment, read by pam_env). */
export const FRESH_SESSION_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/** The session's own variables a new shell keeps: who the user is, and where its startup files are found. */
export const SESSION_VARIABLES = ['HOME', 'USER', 'LOGNAME', 'XDG_CONFIG_HOME', 'XDG_DATA_HOME', 'XDG_STATE_HOME', 'XDG_CACHE_HOME', 'ZDOTDIR'] as const;

export type SessionVariable = (typeof SESSION_VARIABLES)[number];

/**
 * The complete environment of a fresh shell (for `env -i` or a child started with nothing inherited): TERM=dumb,
 * FRESH_SESSION_PATH, and each session variable that `session` sets. Nothing else of this process leaks in. The XDG
 * directories and ZDOTDIR count only when absolute (the shells ignore others), ZDOTDIR only when it is not HOME.
 */
export function freshSessionEnv(session: Partial<Record<SessionVariable, string | undefined>>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const name of SESSION_VARIABLES) {
    const value = session[name];
    if (!value) continue;
    if ((name.startsWith('XDG_') || name === 'ZDOTDIR') && !value.startsWith('/')) continue;
    if (name === 'ZDOTDIR' && value === session.HOME) continue;
    env[name] = value;
  }
  return { ...env, TERM: 'dumb', PATH: FRESH_SESSION_PATH };
}
