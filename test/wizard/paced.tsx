// Renders with Ink the way the wizard runs: keys from a stand-in terminal reach Ink through PacedStdin, paced by
// InputPacer at the root. The API
// mirrors ink-testing-library's render (lastFrame, stdin.write, rerender, unmount), and `stdin.write` is one read of
// the terminal, however many keys it holds.
import { EventEmitter } from 'node:events';
import type { ReactElement } from 'react';
import { render as inkRender, type Instance } from 'ink';
import { PacedStdin } from '../../screens/input/paced-stdin.js';
import { InputPacer } from '../../screens/input/keys.js';

class Terminal extends EventEmitter {
  isTTY = true;
  rawMode = false;
  setRawMode(on: boolean) {
    this.rawMode = on;
  }
  setEncoding() {}
  resume() {}
  pause() {}
  ref() {}
  unref() {}
}

class Stdout extends EventEmitter {
  frames: string[] = [];
  columns = 100;
  rows = 30;
  write = (frame: string) => {
    this.frames.push(frame);
    return true;
  };
  lastFrame = (): string | undefined => this.frames.at(-1);
}

const instances: Instance[] = [];

export function renderPaced(tree: ReactElement) {
  const terminal = new Terminal();
  const stdin = new PacedStdin(terminal);
  const stdout = new Stdout();
  const stderr = new Stdout();
  const instance = inkRender(<InputPacer>{tree}</InputPacer>, {
    stdout: stdout as unknown as NodeJS.WriteStream,
    stderr: stderr as unknown as NodeJS.WriteStream,
    stdin: stdin as unknown as NodeJS.ReadStream,
    debug: true,
    exitOnCtrlC: false,
    patchConsole: false,
  });
  instances.push(instance);
  return {
    lastFrame: stdout.lastFrame,
    frames: stdout.frames,
    rerender: (next: ReactElement) => instance.rerender(<InputPacer>{next}</InputPacer>),
    unmount: instance.unmount,
    /** `write` is one read of the terminal; `listenerCount('readable')` says whether Ink wants keys. */
    stdin: {
      write: (data: string) => void terminal.emit('data', data),
      listenerCount: (event: string) => stdin.listenerCount(event),
    },
  };
}

export function cleanupPaced(): void {
  for (const instance of instances.splice(0)) {
    instance.unmount();
    instance.cleanup();
  }
}
