import assert from 'node:assert/strict';
import { test } from 'node:test';
import { countNewlines } from '../src/line-count.js';

test('countNewlines counts every newline byte, wherever it is in the chunk', () => {
  assert.equal(countNewlines(Buffer.alloc(0)), 0);
  assert.equal(countNewlines(Buffer.from('no newline')), 0);
  assert.equal(countNewlines(Buffer.from('\n')), 1);
  assert.equal(countNewlines(Buffer.from('\n\n\n')), 3);
  assert.equal(countNewlines(Buffer.from('go/\ngo/bin/\ngo/bin/go\n')), 3);
  assert.equal(countNewlines(Buffer.from('a\nb')), 1);
  // Multi-byte UTF-8 holds no 0x0a byte; a listing of many lines counts them all.
  assert.equal(countNewlines(Buffer.from('日本/語\né\n')), 2);
  const listing = Buffer.from(Array.from({ length: 13_357 }, (_, i) => `go/src/file-${i}.go\n`).join(''));
  assert.equal(countNewlines(listing), 13_357);
  assert.equal(countNewlines(listing.subarray(1, -1)), 13_356);
});
