// `go-setup-wizard` with no command: the interactive wizard (the CLI has already refused a non-terminal).
// Ink and React load only here, so the other commands never pay for them.
import { setTimeout as delay } from 'node:timers/promises';
import type { CommandContext } from '../types.js';
import { commandName } from '../invocation.js';
import { PROXY_NAMES, proxyVariable } from '../net/proxy-variables.js';

/** How long detection runs alone before the screens load beside it. */
const DETECTION_HEAD_START_MS = 400;

export default async function run(ctx: CommandContext): Promise<number> {
  // Something on screen at once: a plain line (no newline) while the screens load; Ink's first frame replaces it
  // (showWizard). Detection starts first and alone: it takes a fraction of a second, while parsing Ink and the
  // screens beside it would starve its probes for seconds on a busy machine. What it found replaces the line; if it
  // is slow, the screens load anyway and show it when it comes.
  const line = (text: string) => ctx.stdout.write(`\r\x1b[2K${text}`);
  const title = (text: string) => `${ctx.t('wizard.appName')} · ${text}`;
  line(title(ctx.t('wizard.system.looking')));
  const detection = Promise.all([import('../host/host.js'), import('../detect/index.js')]).then(([{ createHost }, { detect }]) =>
    detect(createHost({ sysroot: ctx.options.sysroot, env: ctx.env }), { t: ctx.t }),
  );
  // Its failure is the wizard's to show (the system screen says it), not an unhandled rejection meanwhile.
  detection.catch(() => {});
  // What was found, in one row (the first frame clears that row only: a wrapped line would leave its first half
  // above the screens). Measuring text width is loaded here, after the line above, which does not need it.
  const found = detection.then(async (value) => {
    const [{ foundLine }, { wrapToWidth }] = await Promise.all([import('../detect/render.js'), import('../text-width.js')]);
    const text = title(foundLine(ctx.t, value));
    return ctx.stdout.columns ? wrapToWidth(text, ctx.stdout.columns - 1)[0]! : text;
  });
  const early = await Promise.race([found.catch(() => null), delay(DETECTION_HEAD_START_MS, null)]);
  if (early) line(early);
  let modules;
  try {
    modules = await Promise.all([import('../wizard/show.js'), import('../wizard/real-services.js'), import('../wizard/preferences.js')]);
  } catch (error) {
    ctx.stdout.write('\n');
    throw error;
  }
  const [{ showWizard }, { realServices }, { loadRemembered }] = modules;

  // A signal from outside (kill, a closing terminal) stops the install and rolls it back; Ctrl-C typed in the
  // terminal arrives as a key instead and is answered on screen.
  const externalStop = new AbortController();
  const onSignal = () => externalStop.abort();
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  process.on('SIGHUP', onSignal);
  // A terminal that can no longer be read (EIO: it was closed, or it was handed to another process group) cannot
  // answer any question either: the install is stopped the same way, but this is a fault, not a choice, so it is
  // said on stderr once the screen is gone (and the error is not silently taken for a key or a signal).
  let stdinError: Error | null = null;
  const onStdinError = (error: Error) => {
    stdinError ??= error;
    externalStop.abort();
  };
  process.stdin.on('error', onStdinError);

  const envProxy = proxyVariable(ctx.env, PROXY_NAMES.httpsProxy) ?? proxyVariable(ctx.env, PROXY_NAMES.httpProxy) ?? null;
  try {
    const code = await showWizard({
      t: ctx.t,
      options: ctx.options,
      explicit: ctx.explicit,
      remembered: loadRemembered(ctx.paths),
      services: realServices(ctx, { detection }),
      saveConfig: ctx.flags.saveConfig,
      colors: !ctx.env.NO_COLOR,
      envProxy,
      command: commandName({ env: ctx.env, argv: process.argv, cwd: process.cwd() }),
      externalStop: externalStop.signal,
    });
    if (stdinError) {
      const error: NodeJS.ErrnoException = stdinError;
      process.stderr.write(`go-setup-wizard: ${ctx.t('wizard.terminalLost', { error: error.code ?? error.message })}\n`);
    }
    return code;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    process.off('SIGHUP', onSignal);
    process.stdin.off('error', onStdinError);
  }
}
