// Progress from the lines a tool prints per entry (tar -v, rm -v): ~13,000 of them for a Go tree.

/**
 * The newlines in `chunk`, found by indexOf (memchr) rather than by visiting every byte: over a Go tree's listing in
 * 64 KiB chunks, in a fresh process, 21–25 ms against 80–86 ms (once optimized, the byte loop is a few ms too).
 */
export function countNewlines(chunk: Buffer): number {
  let count = 0;
  for (let at = chunk.indexOf(10); at !== -1; at = chunk.indexOf(10, at + 1)) count++;
  return count;
}
