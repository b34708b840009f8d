// The terminal as Ink reads it: one key per read, each handed over only once the previous key's update is fully
// applied. Ink gives its input handlers (useInput, and so ink-select-input) each read of the terminal as one string,
// so under load, when several keys arrive in one read, they were taken for one unknown key; and a handler that
// Ink called again before React had re-subscribed it acted on stale state. Here each read is split into keys
// (parse.ts: escape sequences whole, a bracketed paste whole however many reads it takes) and queued; the next key
// goes out in a task of its own, after React has flushed the effects that re-subscribe the handlers.
import { EventEmitter } from 'node:events';
import { splitKeys } from './parse.js';

/** What PacedStdin needs from the real terminal (process.stdin, or a test's stand-in). */
export interface KeySource {
  isTTY?: boolean;
  setRawMode?(on: boolean): unknown;
  setEncoding(encoding: BufferEncoding): unknown;
  on(event: 'data', listener: (chunk: string | Buffer) => void): unknown;
  off(event: 'data', listener: (chunk: string | Buffer) => void): unknown;
  resume(): unknown;
  pause(): unknown;
  ref?(): unknown;
  unref?(): unknown;
}

export class PacedStdin extends EventEmitter {
  readonly isTTY: boolean;
  private readonly queue: string[] = [];
  private readonly pendingPaste = { paste: null as string | null };
  /** The key the current 'readable' hands to read(). */
  private handing: string | null = null;
  private scheduled = false;
  private reading = false;
  private settle: (() => void) | null = null;

  constructor(private readonly source: KeySource) {
    super();
    this.isTTY = source.isTTY === true;
    // Ink listens for 'readable' only while a component wants keys; keys that came in meanwhile wait for it.
    this.on('newListener', (event) => {
      if (event === 'readable') setImmediate(() => this.schedule());
    });
  }

  /**
   * `settle` runs before each key: a synchronous React update (InputPacer's), which makes React first flush the
   * effects of the previous key's render — the ones that re-subscribe useInput handlers with their new state.
   */
  onBeforeKey(settle: () => void): () => void {
    this.settle = settle;
    return () => {
      if (this.settle === settle) this.settle = null;
    };
  }

  setRawMode(on: boolean): this {
    this.source.setRawMode?.(on);
    if (on && !this.reading) {
      this.reading = true;
      this.source.setEncoding('utf8');
      this.source.on('data', this.onData);
      this.source.resume();
    } else if (!on && this.reading) {
      // What the terminal sends from now on stays in its buffer until keys are wanted again.
      this.reading = false;
      this.source.off('data', this.onData);
      this.source.pause();
    }
    return this;
  }

  setEncoding(): this {
    return this;
  }

  ref(): this {
    this.source.ref?.();
    return this;
  }

  unref(): this {
    this.source.unref?.();
    return this;
  }

  /** Ink reads until null: one key per 'readable'. */
  read(): string | null {
    const key = this.handing;
    this.handing = null;
    return key;
  }

  private readonly onData = (chunk: string | Buffer) => {
    for (const { raw } of splitKeys(String(chunk), this.pendingPaste)) this.queue.push(raw);
    this.schedule();
  };

  private schedule(): void {
    if (this.scheduled || !this.queue.length || !this.listenerCount('readable')) return;
    this.scheduled = true;
    setImmediate(this.deliver);
  }

  private readonly deliver = () => {
    this.scheduled = false;
    if (!this.listenerCount('readable')) return;
    const key = this.queue.shift();
    if (key === undefined) return;
    this.settle?.();
    this.handing = key;
    this.emit('readable');
    this.handing = null;
    this.schedule();
  };
}
