// The classroom figures (`npm run bench`; BENCH_CLASSROOM_STUDENTS=0 skips them, default 40 students):
//  1. a teacher `share` process serving the real Go fixture to N concurrent raw HTTP downloads on loopback:
//     wall time, slowest and fastest student, every copy's sha256 checked, the teacher's peak memory (VmHWM);
//  2. N concurrent real student installs (`install --yes --config http://127.0.0.1:PORT/answers.json`, each in
//     its own temp HOME, user scope): wall time, per-student median and slowest, failures.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { get } from 'node:http';
import { bundle, ensureBuilt } from '../test/cli/built-cli.js';
import { startTeacher } from '../test/classroom/teacher.js';
import { goFixture } from '../test/helpers/go-fixture.js';
import { startFixtureMirror } from '../test/helpers/mirror.js';
import { createTempHome, type TempHome } from '../test/helpers/temp-home.js';

const students = Number(process.env.BENCH_CLASSROOM_STUDENTS ?? 40);

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Downloads a URL, hashing as it goes; resolves with the time taken and the digest. */
function fetchAndHash(url: string): Promise<{ ms: number; sha256: string; bytes: number }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    get(url, (res) => {
      const hash = createHash('sha256');
      let bytes = 0;
      res.on('data', (chunk: Buffer) => {
        hash.update(chunk);
        bytes += chunk.length;
      });
      res.on('end', () => resolve({ ms: performance.now() - started, sha256: hash.digest('hex'), bytes }));
      res.on('error', reject);
    }).on('error', reject);
  });
}

function peakKiB(pid: number): number {
  try {
    return Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
  } catch {
    return 0;
  }
}

function install(home: TempHome, answersUrl: string): Promise<{ ms: number; code: number; stderr: string }> {
  const started = performance.now();
  return new Promise((resolve) => {
    execFile(process.execPath, [bundle, 'install', '--yes', '--config', answersUrl, '--shells', 'bash'], { env: home.env, timeout: 3_600_000, maxBuffer: 64 << 20 }, (error, _stdout, stderr) =>
      resolve({ ms: performance.now() - started, code: error ? Number((error as { code?: number }).code ?? 1) : 0, stderr: String(stderr) }),
    );
  });
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

export async function classroom(): Promise<void> {
  if (students <= 0) return;
  await ensureBuilt();
  const fixture = await goFixture();
  const mirror = await startFixtureMirror(fixture);
  const teacherHome = createTempHome();
  const homes: TempHome[] = [];
  const teacher = await startTeacher(teacherHome, mirror);
  try {
    const { archiveUrl, answersUrl } = teacher.listening;
    const mb = (fixture.size / 1e6).toFixed(0);
    console.log(`Classroom: one teacher (share on 127.0.0.1), ${students} students, archive ${mb} MB`);

    const started = performance.now();
    const downloads = await Promise.all(Array.from({ length: students }, () => fetchAndHash(archiveUrl)));
    const wall = performance.now() - started;
    const bad = downloads.filter((d) => d.sha256 !== fixture.sha256).length;
    const times = downloads.map((d) => d.ms);
    console.log(`  ${students} concurrent archive downloads     ${seconds(wall)} wall, ${((fixture.size * students) / 1e6 / (wall / 1000)).toFixed(0)} MB/s total`);
    console.log(`    per student: fastest ${seconds(Math.min(...times))}, median ${seconds(median(times))}, slowest ${seconds(Math.max(...times))}; ${bad} bad copies`);
    console.log(`    teacher peak memory (VmHWM)           ${(peakKiB(teacher.child.pid!) / 1024).toFixed(0)} MiB`);

    const installStarted = performance.now();
    const results = await Promise.all(
      Array.from({ length: students }, () => {
        const home = createTempHome({ skel: true });
        homes.push(home);
        return install(home, answersUrl);
      }),
    );
    const installWall = performance.now() - installStarted;
    const failures = results.filter((r) => r.code !== 0);
    const installTimes = results.map((r) => r.ms);
    console.log(`  ${students} concurrent installs --config URL  ${seconds(installWall)} wall, ${failures.length} failed`);
    console.log(`    per student: median ${seconds(median(installTimes))}, slowest ${seconds(Math.max(...installTimes))}`);
    for (const failure of failures.slice(0, 3)) console.log(`    failure (exit ${failure.code}): ${failure.stderr.trim().split('\n').at(-1)}`);
    console.log(`    teacher peak memory (VmHWM)           ${(peakKiB(teacher.child.pid!) / 1024).toFixed(0)} MiB`);
  } finally {
    await teacher.stop('SIGTERM');
    await mirror.close();
    teacherHome.cleanup();
    for (const home of homes) home.cleanup();
  }
}

// Run on its own: `node --import tsx scripts/bench-classroom.ts`.
if (import.meta.url === `file://${process.argv[1]}`) await classroom();
