// Measures the CPU the wizard uses while the download runs (throttled loopback mirror), against the headless
// `install --yes` doing the same download: the difference is what the screen costs. Not a test: run by hand
// after `npm run build`:   node --import tsx test/e2e/measure-download-cpu.ts
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { setTimeout as delay } from 'node:timers/promises';
import { startFixtureMirror } from '../helpers/mirror.js';
import { goFixture } from '../helpers/go-fixture.js';
import { createTempHome } from '../helpers/temp-home.js';
import { CLI, startCli } from './tmux.js';

const SAMPLE_MS = 5000;
const TICKS_PER_SECOND = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }));

/** utime + stime of a process, in seconds. */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
}

async function sample(pid: number): Promise<number> {
  const start = cpuSeconds(pid);
  await delay(SAMPLE_MS);
  return ((cpuSeconds(pid) - start) / (SAMPLE_MS / 1000)) * 100;
}

const fixture = await goFixture();
const mirror = await startFixtureMirror(fixture, { [fixture.filename]: { bytesPerSecond: 8 * 1024 * 1024 } });
const flags = ['--scope', 'user', '--mirror', mirror.dlUrl, '--index-url', mirror.indexUrl];

// The wizard, through its screens to the download.
const wizardHome = createTempHome({ skel: true, env: { TERM: 'xterm-256color' } });
const cli = startCli(flags, wizardHome.env);
try {
  await cli.waitFor('Processor');
  // Enter on each screen takes what is selected; each title says the next screen is there.
  for (const next of ['How to install', 'Which Go version', 'Where to put Go', 'Another mirror URL', 'Mirror base URL', 'Go module proxy', 'Company modules', 'HTTP(S) proxy', 'Shells to set up', 'Also set up']) {
    cli.send('Enter');
    await cli.waitFor(next, 30_000);
  }
  cli.send('Enter');
  await cli.waitFor(/Install script[\s\S]*lines 1–/, 30_000);
  cli.send('Enter');
  await cli.waitFor(/MiB \/ \d+\.\d MiB/, 30_000);
  const panePid = Number(execFileSync('tmux', ['-L', cli.socket, 'display-message', '-p', '-t', 'gsw', '#{pane_pid}'], { encoding: 'utf8' }));
  const nodePid = Number(execFileSync('pgrep', ['-P', String(panePid)], { encoding: 'utf8' }).trim().split('\n')[0]);
  const wizardCpu = await sample(nodePid);

  // The same download without a screen.
  const headlessHome = createTempHome({ skel: true });
  const headless = spawn(process.execPath, [CLI, 'install', '--yes', ...flags], { env: headlessHome.env, stdio: 'ignore' });
  await delay(2000);
  const headlessCpu = await sample(headless.pid!);
  headless.kill('SIGTERM');
  await new Promise((resolve) => headless.once('exit', resolve));
  headlessHome.cleanup();

  console.log(`CPU while downloading at 8 MiB/s, ${SAMPLE_MS / 1000} s sample: wizard ${wizardCpu.toFixed(1)}% of one core, headless install ${headlessCpu.toFixed(1)}%, difference ${(wizardCpu - headlessCpu).toFixed(1)} points`);
} finally {
  cli.kill();
  wizardHome.cleanup();
  await mirror.close();
}
