/**
 * Segmented downloading: the most connections one large archive is fetched over when the mirror honours ranges and
 * one connection is slower than several (download.ts); the plan's text names the same number.
 */
export const SEGMENT_CONNECTIONS = 4;

/**
 * Segmented downloading only for what is left of a file this large. The segments fetched ahead of the written prefix
 * wait in a side file (`<archive>.partial.ahead`) that can grow to nearly what is left (measured: 58% of a 40 MiB
 * file over 4 throttled connections): the plan's free-space check counts that much again.
 */
export const SEGMENTED_MIN_BYTES = 32 * 1024 * 1024;
