// `go-setup-wizard` with no command: the interactive wizard (the CLI has already refused a non-terminal).
// Ink and React load only here, so the other commands never pay for them.
import type { CommandContext } from '../types.js';
import { commandName } from '../invocation.js';
import { proxyVariable } from '../net/proxy-variables.js';

export default async function run(ctx: CommandContext): Promise<number> {
  const [{ showWizard }, { realServices }, { loadRemembered }] = await Promise.all([
    import('../wizard/show.js'),
    import('../wizard/real-services.js'),
    import('../wizard/preferences.js'),
  ]);

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

  const envProxy = proxyVariable(ctx.env, 'https_proxy') ?? proxyVariable(ctx.env, 'http_proxy') ?? null;
  try {
    const code = await showWizard({
      t: ctx.t,
      options: ctx.options,
      explicit: ctx.explicit,
      remembered: loadRemembered(ctx.paths),
      services: realServices(ctx),
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
