// Rewrites src/versions/snapshot.json from the live go.dev index (the offline fallback of `versions` and the plan).
// Keeps Linux archives and source tarballs of Go 1.21 and newer, to keep the bundle small, and today's date.
//
//   node --import tsx scripts/refresh-snapshot.mjs [--index-url URL] [--http-proxy URL] [--https-proxy URL]
//
// Proxies come from the flags, else HTTP_PROXY / HTTPS_PROXY / NO_PROXY, exactly as the wizard reads them.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { proxyFetch, proxySettings } from '../src/net/proxy.ts';
import { OFFICIAL_INDEX_URL } from '../src/versions/mirrors.ts';
import { parseGoVersion, sortedReleases, validateIndex } from '../src/versions/index.ts';

const OLDEST_MINOR = 21;
const target = fileURLToPath(new URL('../src/versions/snapshot.json', import.meta.url));

const { values } = parseArgs({
  options: {
    'index-url': { type: 'string', default: OFFICIAL_INDEX_URL },
    'http-proxy': { type: 'string' },
    'https-proxy': { type: 'string' },
  },
});
const url = values['index-url'];
const proxy = proxySettings({ httpProxy: values['http-proxy'], httpsProxy: values['https-proxy'] }, process.env);

const response = await proxyFetch(url, { proxy, timeoutMs: 60_000 });
if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
const releases = sortedReleases(validateIndex(await response.json()))
  .filter((release) => parseGoVersion(release.version).minor >= OLDEST_MINOR)
  .map((release) => ({
    ...release,
    files: release.files.filter((f) => (f.os === 'linux' && f.kind === 'archive') || f.kind === 'source'),
  }))
  .filter((release) => release.files.length > 0);

const date = new Date().toISOString().slice(0, 10);
const lines = [
  '{',
  ` "date": ${JSON.stringify(date)},`,
  ` "source": ${JSON.stringify(`${url} fetched on ${date}: Linux archives and source tarballs of Go 1.${OLDEST_MINOR} and newer.`)},`,
  ' "releases": [',
  releases
    .map((release) =>
      [
        `  {"version": ${JSON.stringify(release.version)}, "stable": ${release.stable}, "files": [`,
        release.files.map((file) => `   ${JSON.stringify(file)}`).join(',\n'),
        '  ]}',
      ].join('\n'),
    )
    .join(',\n'),
  ' ]',
  '}',
];
writeFileSync(target, `${lines.join('\n')}\n`);
console.log(`wrote ${target}: ${releases.length} releases, dated ${date}`);
