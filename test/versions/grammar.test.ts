// The one Go version grammar: release names, --go-version specs, their order, and latest/supported whatever the index order.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { goVersion, INVALID } from '../../src/options/values.js';
import type { Release } from '../../src/types.js';
import {
  archiveVersion,
  compareGoVersions,
  minorOf,
  parseGoVersion,
  parseGoVersionOutput,
  parseGoVersionSpec,
  satisfiesSpec,
} from '../../src/versions/grammar.js';
import { latestStable, sortedReleases, supportedMinors } from '../../src/versions/support.js';

const release = (version: string, stable = true): Release => ({ version, stable, files: [] });

describe('Go release names', () => {
  it('parses releases, pre-releases and the old x.y names', () => {
    assert.deepEqual(parseGoVersion('go1.27.1'), { minor: 27, patch: 1, pre: null, preNumber: 0 });
    assert.deepEqual(parseGoVersion('go1.28rc2'), { minor: 28, patch: 0, pre: 'rc', preNumber: 2 });
    assert.deepEqual(parseGoVersion('go1.20'), { minor: 20, patch: 0, pre: null, preNumber: 0 });
    for (const bad of ['1.27.1', 'go1.27.1.1', 'go2.0', 'devel go1.24-abc', 'go1.27-1', '']) assert.equal(parseGoVersion(bad), null, bad);
  });

  it('orders numerically: go1.9 < go1.10, beta < rc < final < patch', () => {
    const shuffled = ['go1.10', 'go1.27.1', 'go1.9.7', 'go1.27rc1', 'go1.27.0', 'go1.27beta1', 'go1.26.10', 'go1.26.9'];
    assert.deepEqual([...shuffled].sort(compareGoVersions), ['go1.9.7', 'go1.10', 'go1.26.9', 'go1.26.10', 'go1.27beta1', 'go1.27rc1', 'go1.27.0', 'go1.27.1']);
    assert.equal(compareGoVersions('go1.20', 'go1.20.0'), 0);
  });

  it('puts names that are not releases (devel builds) below every release', () => {
    assert.ok(compareGoVersions('devel go1.24-abc', 'go1.2') < 0);
    assert.ok(compareGoVersions('go1.2', 'devel') > 0);
    assert.equal(compareGoVersions('devel', 'devel x'), 0);
  });

  it('reads the minor, archive names and `go version` output', () => {
    assert.equal(minorOf('go1.27.1'), '1.27');
    assert.equal(minorOf('1.10'), '1.10');
    assert.equal(minorOf('go1.28rc1'), '1.28');
    assert.equal(minorOf('banana'), null);
    assert.equal(archiveVersion('go1.27.1.linux-amd64.tar.gz'), 'go1.27.1');
    assert.equal(archiveVersion('go1.28rc1.linux-arm64.tar.gz'), 'go1.28rc1');
    assert.equal(archiveVersion('go1.27.1.darwin-arm64.tar.gz'), null);
    assert.equal(parseGoVersionOutput('go version go1.22.2 linux/amd64\n'), 'go1.22.2');
  });
});

describe('--go-version specs', () => {
  it('the command line takes latest, 1.N, 1.N.P (go prefix dropped), never a pre-release', () => {
    for (const [raw, value] of [['latest', 'latest'], ['1.27', '1.27'], ['1.27.1', '1.27.1'], ['go1.27.1', '1.27.1'], ['go1.10', '1.10']]) {
      assert.equal(goVersion(raw), value, raw);
    }
    for (const bad of ['', 'newest', '1', 'go1', '1.27.1.1', '2.0', '1.27-1', 'go', ' 1.27', '1.27rc1', '1.27;rm -rf /']) {
      assert.equal(goVersion(bad), INVALID, JSON.stringify(bad));
    }
  });

  it('the resolver also takes an exact pre-release', () => {
    assert.deepEqual(parseGoVersionSpec('1.28rc1', { prerelease: true }), { kind: 'exact', version: parseGoVersion('go1.28rc1') });
    assert.equal(parseGoVersionSpec('1.28rc1'), null);
    assert.deepEqual(parseGoVersionSpec('go1.27'), { kind: 'minor', minor: 27 });
  });

  it('a minor means its newest stable patch; an exact spec matches the old x.y names', () => {
    const minor = parseGoVersionSpec('1.27')!;
    assert.ok(satisfiesSpec('go1.27.3', true, minor));
    assert.ok(!satisfiesSpec('go1.27rc1', false, minor));
    assert.ok(!satisfiesSpec('go1.270', true, minor));
    assert.ok(satisfiesSpec('go1.20', true, parseGoVersionSpec('1.20.0')!));
    assert.ok(!satisfiesSpec('go1.27.10', true, parseGoVersionSpec('1.27.1')!));
  });
});

describe('latest stable and supported minors', () => {
  // Deliberately out of order: a hand-made --index-url need not list newest first.
  const releases = [release('go1.9.7'), release('go1.10.8'), release('go1.28rc1', false), release('go1.27.0'), release('go1.26.3'), release('go1.27.1')];

  it('sort the index before choosing', () => {
    assert.deepEqual(sortedReleases(releases).map((r) => r.version), ['go1.28rc1', 'go1.27.1', 'go1.27.0', 'go1.26.3', 'go1.10.8', 'go1.9.7']);
    assert.equal(latestStable(releases)?.version, 'go1.27.1');
    assert.deepEqual(supportedMinors(releases), [
      { minor: '1.27', newest: 'go1.27.1' },
      { minor: '1.26', newest: 'go1.26.3' },
    ]);
    assert.ok(!supportedMinors(releases).some((m) => m.minor === '1.10' || m.minor === '1.9'));
  });

  it('compare minors as numbers: 1.10 is newer than 1.9', () => {
    const old = [release('go1.9.7'), release('go1.10.8'), release('go1.8.7')];
    assert.deepEqual(supportedMinors(old).map((m) => m.minor), ['1.10', '1.9']);
    assert.equal(latestStable(old)?.version, 'go1.10.8');
  });

  it('skip a pre-release even when the index calls it stable, and honour a filter', () => {
    const mislabelled = [release('go1.28rc1', true), release('go1.27.1')];
    assert.equal(latestStable(mislabelled)?.version, 'go1.27.1');
    assert.equal(latestStable(releases, (r) => r.version !== 'go1.27.1')?.version, 'go1.27.0');
  });
});
