// Who is downloading and how far: folds the server's transfer events into one small table per student
// address, and says when something worth showing happened (the caller redraws at most 4 times a second).
import { formatBytes } from '../format.js';
import type { Translate } from '../types.js';
import type { ServerEvent } from './server.js';

interface Transfer {
  client: string;
  start: number;
  sent: number;
  size: number;
}

export interface BoardSnapshot {
  downloading: { client: string; bytes: number; size: number }[];
  /** Archive downloads that reached the last byte. */
  done: number;
  /** Transfers cut before their end (a student who closed the lid or lost the Wi-Fi; they can resume). */
  interrupted: number;
  /** Distinct student addresses seen downloading. */
  students: number;
  /** Archive bytes sent since the server started. */
  bytesSent: number;
  bytesPerSecond: number;
}

export type Finished = { client: string; complete: boolean; bytes: number; size: number };

export class DownloadBoard {
  private readonly active = new Map<number, Transfer>();
  private readonly clients = new Set<string>();
  private done = 0;
  private interrupted = 0;
  private bytesSent = 0;
  private readonly samples: { at: number; bytes: number }[] = [];
  /** Something changed since the last snapshot. */
  dirty = false;

  constructor(private readonly now: () => number = () => performance.now()) {}

  /** Applies one server event; returns the transfer that ended, if this event ended one. */
  apply(event: ServerEvent): Finished | null {
    switch (event.type) {
      case 'transfer-start':
        this.active.set(event.id, { client: event.client, start: event.start, sent: 0, size: event.size });
        this.clients.add(event.client);
        this.dirty = true;
        return null;
      case 'transfer-progress': {
        const transfer = this.active.get(event.id);
        if (transfer) {
          this.bytesSent += event.sent - transfer.sent;
          transfer.sent = event.sent;
          this.dirty = true;
        }
        return null;
      }
      case 'transfer-end': {
        const transfer = this.active.get(event.id);
        if (!transfer) return null;
        this.active.delete(event.id);
        this.bytesSent += event.sent - transfer.sent;
        const bytes = transfer.start + event.sent;
        const complete = event.complete && bytes === transfer.size;
        if (complete) this.done++;
        else this.interrupted++;
        this.dirty = true;
        return { client: transfer.client, complete, bytes, size: transfer.size };
      }
      default:
        return null;
    }
  }

  snapshot(): BoardSnapshot {
    this.dirty = false;
    const at = this.now();
    this.samples.push({ at, bytes: this.bytesSent });
    while (this.samples.length > 2 && at - this.samples[0]!.at > 3000) this.samples.shift();
    const first = this.samples[0]!;
    const seconds = (at - first.at) / 1000;
    return {
      downloading: [...this.active.values()].map((t) => ({ client: t.client, bytes: t.start + t.sent, size: t.size })),
      done: this.done,
      interrupted: this.interrupted,
      students: this.clients.size,
      bytesSent: this.bytesSent,
      bytesPerSecond: seconds > 0 ? (this.bytesSent - first.bytes) / seconds : 0,
    };
  }
}

/** The one status line: counts, then each download in progress with its percentage, cut to the terminal width. */
export function statusLine(snapshot: BoardSnapshot, t: Translate, columns = 100): string {
  const head = t('classroom.share.status', {
    downloading: snapshot.downloading.length,
    done: snapshot.done,
    interrupted: snapshot.interrupted,
    rate: `${formatBytes(Math.round(snapshot.bytesPerSecond))}/s`,
  });
  const each = snapshot.downloading
    .slice()
    .sort((a, b) => a.client.localeCompare(b.client))
    .map((d) => `${d.client} ${Math.floor((d.bytes / Math.max(1, d.size)) * 100)}%`);
  let line = head;
  for (const [index, item] of each.entries()) {
    const more = ` · +${each.length - index}`;
    if (line.length + item.length + 3 + more.length > columns) return line + more;
    line += ` · ${item}`;
  }
  return line;
}
