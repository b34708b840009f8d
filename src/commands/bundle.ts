// `bundle DIR [install options]`: everything a room with no network needs, in one folder that can move (a USB
// stick): the verified archive, answers.json naming it relative to itself, the exported install-go.sh (the plan
// renderer's script, not a second generator), SHA256SUMS and a README for the teacher.
import { copyFile, mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { classroomAnswers } from '../classroom/content.js';
import { bundleReadme } from '../classroom/readme.js';
import { ClassroomFailure, classroomFailureExit, verifiedReleaseOrExit } from '../classroom/release.js';
import { UserError } from '../errors.js';
import { formatBytes } from '../format.js';
import { sha256File } from '../net/download.js';
import { preparePlan } from '../plan/prepare.js';
import { exportHoldsSecret, renderExport } from '../plan/render.js';
import { EXIT, type CommandContext } from '../types.js';

export default async function run(ctx: CommandContext): Promise<number> {
  const { t } = ctx;
  const dir = ctx.flags.bundleDir!;
  const entries = await readdir(dir).catch(() => null);
  if (entries && entries.length > 0) throw new UserError(t('classroom.error.bundleNotEmpty', { dir }));

  const stop = new AbortController();
  const onSignal = () => stop.abort();
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const created = entries === null;
  try {
    const verified = await verifiedReleaseOrExit(ctx, { signal: stop.signal });
    if (typeof verified === 'number') return verified;
    const { release } = verified;

    await mkdir(dir, { recursive: true });
    // The archive is copied and checked again on the stick: a bad copy is found now, not in the classroom.
    const archive = join(dir, release.filename);
    const partial = `${archive}.partial`;
    await copyFile(verified.path, partial);
    if ((await sha256File(partial)) !== release.sha256) {
      await rm(partial, { force: true });
      throw new ClassroomFailure(t('classroom.error.bundleCopy', { file: archive }));
    }
    await rename(partial, archive);

    const answers = classroomAnswers({ release, options: ctx.options, explicit: ctx.explicit, archive: release.filename });
    await writeFile(join(dir, 'answers.json'), `${JSON.stringify(answers, null, 2)}\n`);

    // The script is the plan renderer's export of the same install, made from the archive on the stick.
    const goVersion = release.version.replace(/^go/, '');
    const options = { ...ctx.options, archive, sha256: release.sha256, goVersion, scope: (answers.scope as 'user' | 'system') ?? 'user' };
    const plan = await preparePlan({ options, env: ctx.env, paths: ctx.paths, t }, { archiveBesideScript: true });
    // The script to run carries the real values (a persisted proxy's password too): then only its owner reads it.
    await writeFile(join(dir, 'install-go.sh'), await renderExport(plan, 'sh', t), { mode: exportHoldsSecret(plan, 'sh') ? 0o700 : 0o755 });
    await writeFile(join(dir, 'SHA256SUMS'), `${release.sha256}  ${release.filename}\n`);
    await writeFile(join(dir, 'README.md'), bundleReadme(release, { scope: String(answers.scope) }));

    ctx.stdout.write(`${t('classroom.bundle.written', { dir, version: release.version, size: formatBytes(verified.size) })}\n`);
    ctx.stdout.write(`  npx go-setup-wizard --config ${join(dir, 'answers.json')}\n  bash ${join(dir, 'install-go.sh')}\n`);
    return EXIT.ok;
  } catch (error) {
    // Nothing half-written is left behind: the folder is removed if this run made it, else emptied again.
    if (created) await rm(dir, { recursive: true, force: true });
    else for (const name of await readdir(dir).catch(() => [])) await rm(join(dir, name), { recursive: true, force: true });
    const code = classroomFailureExit(error, ctx.stderr);
    if (code !== null) return code;
    if (stop.signal.aborted) return EXIT.interrupted;
    throw error;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
