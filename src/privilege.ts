// Whether a process runs as root: one rule for the engine (this process) and for detection (the host's user).

/** True for uid 0; by default, this process's uid. */
export function isRoot(uid: number | undefined = process.getuid?.()): boolean {
  return uid === 0;
}
