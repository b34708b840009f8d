// The bundle's entry: validate the command line, then load only the command that runs.
// Commands are imported lazily so that --help, --version and usage errors never load Ink or the HTTP code; they read
// the bundle's entry file alone (scripts/build.mjs), --help included.
import packageJson from '../../package.json' with { type: 'json' };
import { UserError } from '../errors.js';
import { createTranslator, detectLang, loadLang } from '../i18n/index.js';
import { commandName } from '../invocation.js';
import { setCrashFallback } from '../engine/guard.js';
import { redact } from '../redact.js';
import { EXIT, type CommandContext, type Output } from '../types.js';
import { saveAnswers } from '../options/answers.js';
import { resolveCommandLine } from './args.js';
import { renderHelp } from './help.js';
import type { RunnableCommand } from './flags.js';

type CommandModule = { default: (ctx: CommandContext) => Promise<number> };

const COMMAND_MODULES: Record<RunnableCommand, () => Promise<CommandModule>> = {
  wizard: () => import('../commands/wizard.js'),
  detect: () => import('../commands/detect.js'),
  versions: () => import('../commands/versions.js'),
  plan: () => import('../commands/plan.js'),
  install: () => import('../commands/install.js'),
  rollback: () => import('../commands/rollback.js'),
  doctor: () => import('../commands/doctor.js'),
  prune: () => import('../commands/prune.js'),
  share: () => import('../commands/share.js'),
  bundle: () => import('../commands/bundle.js'),
  use: () => import('../commands/use.js'),
};

function output(stream: NodeJS.WriteStream): Output {
  return {
    write: (text) => void stream.write(text),
    isTTY: stream.isTTY === true,
    fd: (stream as NodeJS.WriteStream & { fd?: number }).fd,
    get columns() {
      return stream.columns;
    },
  };
}

const stdout = output(process.stdout);
const stderr = output(process.stderr);
const fail = (message: string) => stderr.write(`go-setup-wizard: ${message}\n`);
/** The command as the user typed it, for the hints (`{tool} rollback`). */
const tool = commandName({ env: process.env, argv: process.argv, cwd: process.cwd() });

/** The commands that change the machine: a crash in one may have left changes behind, so it is never exit 1. */
const CHANGING = new Set(['install', 'rollback', 'prune', 'wizard']);
let running: string | null = null;
/**
 * Commands that download without showing a plan: a certificate variable naming nothing usable is said here, before
 * anything is read (plan, install and the wizard say it among the plan's warnings).
 */
const TRUST_WARNED = new Set(['versions', 'share', 'bundle']);

async function main(): Promise<number> {
  const ctx = await resolveCommandLine(process.argv.slice(2), process.env, { stdout, stderr, stdinIsTTY: process.stdin.isTTY === true, cwd: process.cwd(), tool });
  if (ctx instanceof UserError) {
    fail(ctx.message);
    return ctx.exitCode;
  }
  if (ctx.command === 'version') {
    stdout.write(`${packageJson.version}\n`);
    return EXIT.ok;
  }
  if (ctx.command === 'help') {
    stdout.write(await renderHelp(ctx.t, packageJson.version, ctx.helpTopic));
    return EXIT.ok;
  }
  // The wizard saves its answers itself, once they are all known.
  if (ctx.flags.saveConfig && ctx.command !== 'wizard') {
    try {
      saveAnswers(ctx.flags.saveConfig, ctx.options, ctx.explicit);
    } catch (error) {
      fail(ctx.t('cli.error.saveConfig', { path: ctx.flags.saveConfig, reason: String((error as NodeJS.ErrnoException).code ?? error) }));
      return EXIT.usage;
    }
    stderr.write(`${ctx.t('cli.saved', { path: ctx.flags.saveConfig })}\n`);
  }
  // An error no try/catch sees, outside an install run (which handles its own): one line, never a stack trace.
  setCrashFallback((error) => {
    const changing = ctx.command === 'rollback' || ctx.command === 'prune';
    // (install and the wizard report their own crashes: they roll back first, then exit 1 or 3 accordingly.)
    const text = redact(String((error as Error)?.message ?? error));
    fail(ctx.t(changing ? 'net.crash.outsideChanging' : 'net.crash.outside', { error: text }));
    process.exit(changing ? EXIT.failedIncomplete : EXIT.failedUnchanged);
  });
  if (TRUST_WARNED.has(ctx.command)) {
    const { describeTrustProblem, trustProblems, trustSources } = await import('../net/trust.js');
    for (const problem of trustProblems(trustSources(ctx.env))) stderr.write(`go-setup-wizard: ${describeTrustProblem(problem, ctx.t)}\n`);
  }
  running = ctx.command;
  const command = await COMMAND_MODULES[ctx.command]();
  return command.default(ctx);
}

// A reader that stops early (`--help | head`) is not an error, nor a closed terminal (EIO): SIGHUP follows, and the
// rollback it starts must not die on a write.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE' && error.code !== 'EIO') throw error;
  });
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  async (error: unknown) => {
    if (error instanceof UserError) {
      fail(redact(error.message));
      process.exitCode = error.exitCode;
      return;
    }
    // In English when the language's messages cannot be read (the error may be that very failure).
    const lang = detectLang(process.env);
    const t = createTranslator(await loadLang(lang).then(() => lang, () => 'en' as const), tool);
    fail(t('cli.error.unexpected', { message: redact(String((error as Error)?.message ?? error)) }));
    // Nobody restored anything here: 3 (the journal, if any, is kept for `rollback`) unless nothing could have changed.
    process.exitCode = running && CHANGING.has(running) ? EXIT.failedIncomplete : EXIT.failedUnchanged;
  },
);
