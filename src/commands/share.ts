// `share [install options] [--host ADDR] [--port N] [--modules DIR] [--json]`: one verified Go release for a whole
// classroom. Downloads and checks it once (or takes it from the cache), then serves it read-only on the LAN with
// a one-release index, answers.json and optionally the module cache, until Ctrl-C / SIGTERM (then exit 0: stopping
// is how a server ends; nothing was changed that needs restoring).
import { moduleCacheRoot } from '../classroom/modules.js';
import { DownloadBoard, statusLine } from '../classroom/board.js';
import { classroomAnswers, classroomGoproxy, classroomIndex, servedArchives, studentCommand } from '../classroom/content.js';
import { lanAddress, originOf } from '../classroom/network.js';
import { cachedDownload, verifiedReleaseOrExit } from '../classroom/release.js';
import { startShareServer, type ServedArchive, type ServerEvent, type ShareServer } from '../classroom/server.js';
import { UserError } from '../errors.js';
import { formatBytes } from '../format.js';
import { redact } from '../redact.js';
import { EXIT, type CommandContext, type LinuxArchive } from '../types.js';

const DEFAULT_PORT = 8080;
/** The status line is redrawn at most this often. */
const REFRESH_MS = 250;

export default async function run(ctx: CommandContext): Promise<number> {
  const { t, flags } = ctx;
  const json = flags.json;
  const out = ctx.stdout;
  const print = (line: string) => (json ? ctx.stderr : out).write(`${line}\n`);
  const event = (data: Record<string, unknown>) => out.write(`${JSON.stringify(data)}\n`);

  const host = flags.share?.host ?? lanAddress();
  if (!host) throw new UserError(t('classroom.error.noLan'));
  let modulesRoot: string | undefined;
  if (flags.share?.modules) {
    modulesRoot = moduleCacheRoot(flags.share.modules) ?? undefined;
    if (!modulesRoot) throw new UserError(t('classroom.error.noModuleCache', { dir: flags.share.modules }));
  }

  const stop = new AbortController();
  const onSignal = () => stop.abort();
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    // 1. The release, verified once.
    const progressLine = !json && ctx.stderr.isTTY;
    const verified = await verifiedReleaseOrExit(ctx, {
      signal: stop.signal,
      onProgress: progressLine
        ? (p) => ctx.stderr.write(`\r\x1b[K${t('classroom.share.downloading', { bytes: formatBytes(p.bytes), total: p.total ? formatBytes(p.total) : '?' })}`)
        : undefined,
    }).finally(() => progressLine && ctx.stderr.write('\r\x1b[K'));
    if (typeof verified === 'number') return verified;
    const { release, path, size } = verified;
    if (stop.signal.aborted) return EXIT.interrupted;

    // 2. The server, then the documents that name its address.
    const board = new DownloadBoard();
    const live = !json && out.isTTY;
    let shown = false;
    const clearStatus = () => {
      if (shown) out.write('\r\x1b[K');
      shown = false;
    };
    const onServerEvent = (e: ServerEvent) => {
      const finished = board.apply(e);
      if (json && e.type === 'transfer-start') event({ type: 'download-start', client: e.client, from: e.start, size: e.size });
      if (json && e.type === 'request' && !e.path.endsWith('.tar.gz')) event({ type: 'request', client: e.client, method: e.method, path: e.path, status: e.status });
      if (!finished) return;
      if (json) event({ type: 'download-end', ...finished });
      else {
        const key = finished.complete ? 'classroom.share.finished' : 'classroom.share.interrupted';
        const percent = Math.floor((finished.bytes / Math.max(1, finished.size)) * 100);
        clearStatus();
        print(t(key, { client: finished.client, size: formatBytes(finished.size), percent }));
      }
    };
    // Every arch of the release: the teacher's is verified already, each other one the first time a student needs it.
    const mirrorBase = release.url.slice(0, release.url.length - release.filename.length);
    const archives = servedArchives(release).map((archive): ServedArchive & LinuxArchive => {
      if (archive.filename === release.filename) return { ...archive, size, path };
      const fetch = async () => {
        const what = { arch: archive.arch, filename: archive.filename };
        if (json) event({ type: 'fetch-start', ...what, size: archive.size });
        else print(t('classroom.share.fetching', { ...what, size: formatBytes(archive.size) }));
        try {
          const got = await cachedDownload(ctx, { ...archive, url: `${mirrorBase}${archive.filename}`, source: release.sha256Source }, { signal: stop.signal });
          if (json) event({ type: 'fetch-done', ...what, fromCache: got.fromCache });
          else print(t('classroom.share.fetched', what));
          return got.path;
        } catch (error) {
          const reason = redact((error as Error).message);
          if (json) event({ type: 'fetch-failed', ...what, reason });
          else print(t('classroom.share.fetchFailed', { ...what, reason }));
          throw error;
        }
      };
      return { ...archive, path: fetch };
    });
    let server: ShareServer;
    try {
      server = await startShareServer({
        host,
        port: flags.share?.port ?? DEFAULT_PORT,
        archives,
        modulesRoot,
        onEvent: onServerEvent,
      });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? String(error);
      throw new UserError(t('classroom.error.listen', { host, port: flags.share?.port ?? DEFAULT_PORT, reason: code }));
    }

    const origin = originOf(host, server.port);
    const answersUrl = `${origin}/answers.json`;
    const indexUrl = `${origin}/index.json`;
    const goproxy = modulesRoot ? classroomGoproxy(`${origin}/mod`, ctx.options) : undefined;
    const answers = classroomAnswers({ release, options: ctx.options, explicit: ctx.explicit, served: { mirror: `${origin}/`, indexUrl, goproxy } });
    const command = studentCommand(answersUrl);
    const index = classroomIndex(archives, release.version);
    server.setDocuments({
      index: JSON.stringify(index),
      answers: `${JSON.stringify(answers, null, 2)}\n`,
      home: `${t('classroom.share.home', { version: release.version, command, sha256: release.sha256 })}\n`,
    });

    if (json) {
      event({
        type: 'listening',
        url: `${origin}/`,
        answersUrl,
        indexUrl,
        archiveUrl: `${origin}/${release.filename}`,
        command,
        version: release.version,
        filename: release.filename,
        sha256: release.sha256,
        sha256Source: release.sha256Source,
        size,
        ...(goproxy ? { goproxy } : {}),
      });
    } else {
      print(t('classroom.share.release', { version: release.version, filename: release.filename, size: formatBytes(size), sha256: release.sha256, source: release.sha256Source }));
      const others = archives.filter((a) => a.filename !== release.filename).map((a) => a.arch);
      if (others.length) print(t('classroom.share.otherArches', { arches: others.join(', ') }));
      print(t('classroom.share.serving', { url: `${origin}/` }));
      print('');
      print(`    ${command}`);
      print('');
      print(await qrCode(command));
      print(t('classroom.share.noQuestions', { command: `npx go-setup-wizard install --yes --config ${answersUrl}` }));
      if (goproxy) print(t('classroom.share.modules', { goproxy }));
      print(t('classroom.share.stopHint'));
    }

    // 3. Live status until stopped: a redrawn line on a terminal, status events with --json.
    const timer = setInterval(() => {
      if (!board.dirty) return;
      const snapshot = board.snapshot();
      if (json) event({ type: 'status', ...snapshot });
      else if (live) {
        out.write(`\r\x1b[K${statusLine(snapshot, t, Math.max(40, (out.columns ?? 100) - 1))}`);
        shown = true;
      }
    }, REFRESH_MS);

    await new Promise<void>((resolve) => {
      if (stop.signal.aborted) resolve();
      else stop.signal.addEventListener('abort', () => resolve(), { once: true });
    });
    clearInterval(timer);
    clearStatus();
    await server.close();
    const final = board.snapshot();
    if (json) event({ type: 'stopped', done: final.done, interrupted: final.interrupted, students: final.students, bytesSent: final.bytesSent });
    else print(t('classroom.share.stopped', { done: final.done, students: final.students, sent: formatBytes(final.bytesSent) }));
    return EXIT.ok;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

/** The students' command as a QR code for the projector (light modules drawn, so it reads on dark terminals). */
async function qrCode(text: string): Promise<string> {
  const { renderUnicodeCompact } = await import('uqr');
  return renderUnicodeCompact(text, { border: 2 });
}
