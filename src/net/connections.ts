/**
 * Segmented downloading: the most connections one large archive is fetched over when the mirror honours ranges and
 * one connection is slower than several (download.ts); the plan's text names the same number.
 */
export const SEGMENT_CONNECTIONS = 4;
