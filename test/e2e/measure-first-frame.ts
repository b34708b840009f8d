// Measures the time from launching the built wizard in a terminal (a pty made by util-linux `script`) until its
// first screen appears, over N runs, and prints the median. Not a test: run it by hand after `npm run build`.
//   node --import tsx test/e2e/measure-first-frame.ts [runs]
import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { shQuote } from '../../src/shell/quote.js';
import { createTempHome } from '../helpers/temp-home.js';
import { CLI } from './tmux.js';

const FIRST_SCREEN_TEXT = 'Your system';

function once(env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    // The index URL points at a closed loopback port so nothing leaves the machine.
    const command = `${shQuote(process.execPath)} ${shQuote(CLI)} --index-url http://127.0.0.1:9/index.json`;
    const child = spawn('script', ['-qfec', `stty cols 100 rows 30; ${command}`, '/dev/null'], { env, stdio: ['ignore', 'pipe', 'ignore'] });
    let seen = '';
    let elapsed: number | null = null;
    child.stdout.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      if (elapsed === null && seen.includes(FIRST_SCREEN_TEXT)) {
        elapsed = performance.now() - started;
        child.kill('SIGTERM');
      }
    });
    child.once('exit', () => (elapsed === null ? reject(new Error(`no first screen; the output was:\n${seen}`)) : resolve(elapsed)));
    child.on('error', reject);
  });
}

const runs = Number(process.argv[2] ?? 10);
const home = createTempHome({ env: { TERM: 'xterm-256color' } });
try {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push(await once(home.env));
  times.sort((a, b) => a - b);
  const median = runs % 2 ? times[(runs - 1) / 2] : (times[runs / 2 - 1] + times[runs / 2]) / 2;
  console.log(`first frame over ${runs} runs: median ${median.toFixed(0)} ms (min ${times[0].toFixed(0)}, max ${times.at(-1)!.toFixed(0)})`);
} finally {
  home.cleanup();
}
