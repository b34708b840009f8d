// The process-level guard: an error no try/catch can see — thrown from an event or socket handler, or a promise
// rejection nobody awaited — must not kill the wizard half-way through an install with a stack trace. While a
// run is guarded, such an error is handed to the run (which stops, rolls back and exits 1 or 3, as any failure);
// outside a run, the command's fallback prints one line and sets the exit code.

export type CrashListener = (error: unknown) => void;

const runs = new Set<CrashListener>();
const watchers = new Set<CrashListener>();
let fallback: CrashListener | null = null;
let installed = false;

function crashed(error: unknown): void {
  for (const watcher of watchers) watcher(error);
  if (runs.size) {
    for (const run of runs) run(error);
    return;
  }
  if (fallback) fallback(error);
  else {
    // Nobody to hand it to (a library use of the engine): keep Node's behaviour.
    process.removeListener('uncaughtException', crashed);
    throw error;
  }
}

function install(): void {
  if (installed) return;
  installed = true;
  process.on('uncaughtException', crashed);
  process.on('unhandledRejection', crashed);
}

/** Hands every unexpected error to `listener` until the returned function is called (used by executePlan). */
export function guardRun(listener: CrashListener): () => void {
  install();
  runs.add(listener);
  return () => runs.delete(listener);
}

/** What to do with an unexpected error when no run is guarded (the CLI entry prints one line and exits). */
export function setCrashFallback(listener: CrashListener): void {
  install();
  fallback = listener;
}

/**
 * Subscribes to unexpected errors (the wizard shows its failure screen); the run still handles them. Returns
 * the unsubscribe function.
 */
export function onUnexpectedError(listener: CrashListener): () => void {
  install();
  watchers.add(listener);
  return () => watchers.delete(listener);
}
