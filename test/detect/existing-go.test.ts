// Existing Go: every go on PATH and in the known places, with version and source, merged by real path.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { detect } from '../../src/detect/index.js';
import { createFixtureHost } from '../../src/host/fixture.js';
import { createHost } from '../../src/host/host.js';
import { goFixture } from '../helpers/go-fixture.js';
import { createTempHome } from '../helpers/temp-home.js';
import { goTree, link, writeFile } from '../fixtures/trees.js';

const scratch = mkdtempSync(join(tmpdir(), 'gsw-existing-go-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

test('fixture machine with Go from apt, snap, tarballs and every version manager', async () => {
  const root = join(scratch, 'machine');
  const home = '/home/user';
  // apt: golang-1.22-go plus golang-go's symlinks
  goTree(root, '/usr/lib/go-1.22', 'go1.22.2');
  link(root, '/usr/lib/go', 'go-1.22');
  link(root, '/usr/bin/go', '../lib/go-1.22/bin/go');
  goTree(root, '/usr/lib/go-1.21', 'go1.21.1');
  // official tarballs
  goTree(root, '/usr/local/go', 'go1.27.1');
  goTree(root, `${home}/.local/go`, 'go1.26.2');
  // snap: /snap/bin/go is a link to the snap launcher itself
  writeFile(root, '/usr/bin/snap', '#!/bin/sh\n', 0o755);
  link(root, '/snap/bin/go', '/usr/bin/snap');
  writeFile(root, '/snap/go/current/VERSION', 'go1.26.0\n');
  // golang.org/dl: wrapper in ~/go/bin, toolchain in ~/sdk
  goTree(root, `${home}/sdk/go1.24.3`, 'go1.24.3');
  writeFile(root, `${home}/go/bin/go1.24.3`, '#!/bin/sh\n', 0o755);
  // version managers
  goTree(root, `${home}/.gvm/gos/go1.20`, 'go1.20');
  goTree(root, `${home}/.goenv/versions/1.21.0`, 'go1.21.0');
  goTree(root, `${home}/.asdf/installs/golang/1.23.1/go`, 'go1.23.1');
  goTree(root, `${home}/.g/versions/1.22.0`, 'go1.22.0');
  link(root, `${home}/.g/go`, 'versions/1.22.0');
  goTree(root, `${home}/.local/share/mise/installs/go/1.25.1`, 'go1.25.1');
  // something odd on PATH: no VERSION file, answers `go version`
  writeFile(root, '/opt/weird/bin/go', '#!/bin/sh\n', 0o755);
  // not executable: ignored
  writeFile(root, '/opt/broken/bin/go', '', 0o644);

  const host = createFixtureHost({
    root,
    env: { HOME: home, PATH: '/usr/bin:/opt/broken/bin:/usr/local/go/bin:/snap/bin:/opt/weird/bin:/usr/lib/go/bin' },
    commands: { '/opt/weird/bin/go version': { stdout: 'go version go1.21.5 linux/amd64\n' } },
  });
  const d = await detect(host);
  const found = d.existingGo.map((go) => [go.path, go.version, go.source, go.goroot ?? null, go.onPath === true]);
  assert.deepEqual(found, [
    ['/usr/bin/go', 'go1.22.2', 'apt', '/usr/lib/go-1.22', true],
    ['/usr/local/go/bin/go', 'go1.27.1', 'tarball', '/usr/local/go', false],
    ['/snap/bin/go', 'go1.26.0', 'snap', '/snap/go/current', false],
    ['/opt/weird/bin/go', 'go1.21.5', 'unknown', null, false],
    ['/usr/lib/go-1.21/bin/go', 'go1.21.1', 'apt', '/usr/lib/go-1.21', false],
    [`${home}/.local/go/bin/go`, 'go1.26.2', 'tarball', `${home}/.local/go`, false],
    [`${home}/sdk/go1.24.3/bin/go`, 'go1.24.3', 'version-manager', `${home}/sdk/go1.24.3`, false],
    [`${home}/go/bin/go1.24.3`, 'go1.24.3', 'version-manager', `${home}/sdk/go1.24.3`, false],
    [`${home}/.gvm/gos/go1.20/bin/go`, 'go1.20', 'version-manager', `${home}/.gvm/gos/go1.20`, false],
    [`${home}/.goenv/versions/1.21.0/bin/go`, 'go1.21.0', 'version-manager', `${home}/.goenv/versions/1.21.0`, false],
    [`${home}/.asdf/installs/golang/1.23.1/go/bin/go`, 'go1.23.1', 'version-manager', `${home}/.asdf/installs/golang/1.23.1/go`, false],
    [`${home}/.g/versions/1.22.0/bin/go`, 'go1.22.0', 'version-manager', `${home}/.g/versions/1.22.0`, false],
    [`${home}/.local/share/mise/installs/go/1.25.1/bin/go`, 'go1.25.1', 'version-manager', `${home}/.local/share/mise/installs/go/1.25.1`, false],
  ]);
  assert.ok(d.warnings.some((w) => w.includes('apt') && w.includes('/usr/bin/go')), 'apt Go first on PATH is warned about');
});

test('real Host: a go on PATH without a VERSION file is asked (GOTOOLCHAIN=local, in /) for its version; a failing one gives null', async () => {
  const home = createTempHome();
  try {
    // Answers only when run the safe way: a go.mod in the caller's directory could otherwise switch toolchains.
    const strictGo = '#!/bin/sh\n[ "$GOTOOLCHAIN" = local ] && [ "$(pwd)" = / ] && [ "$1" = version ] || exit 1\necho "go version go1.25.3 linux/amd64"\n';
    writeFile(home.home, 'bin/go', strictGo, 0o755);
    writeFile(home.root, 'broken/bin/go', '#!/bin/sh\nexit 1\n', 0o755);
    const env = { ...home.env, PATH: `${join(home.home, 'bin')}:${join(home.root, 'broken/bin')}:${home.env.PATH}` };
    const d = await detect(createHost({ env }));
    const mine = d.existingGo.filter((go) => go.path.startsWith(home.root));
    assert.deepEqual(
      mine.map((go) => [go.path, go.version, go.source, go.onPath === true]),
      [
        [join(home.home, 'bin/go'), 'go1.25.3', 'unknown', true],
        [join(home.root, 'broken/bin/go'), null, 'unknown', false],
      ],
    );
  } finally {
    home.cleanup();
  }
});

test('real Host: a genuine Go toolchain in ~/.local/go reached through a symlink on PATH', async () => {
  const fixture = await goFixture();
  const home = createTempHome();
  try {
    mkdirSync(join(home.home, '.local'), { recursive: true });
    execFileSync('tar', ['-xzf', fixture.tarball, '-C', join(home.home, '.local'), 'go/bin/go', 'go/VERSION']);
    mkdirSync(join(home.home, '.local/go/pkg/tool'), { recursive: true }); // what the go command looks for in GOROOT
    link(home.home, 'bin/go', join(home.home, '.local/go/bin/go'));
    const env = { ...home.env, PATH: `${join(home.home, 'bin')}:${home.env.PATH}` };

    const withVersionFile = await detect(createHost({ env }));
    const entries = withVersionFile.existingGo.filter((go) => go.path.startsWith(home.home));
    assert.deepEqual(
      entries.map((go) => [go.path, go.version, go.source, go.goroot, go.onPath === true]),
      [[join(home.home, 'bin/go'), 'go1.19.8', 'tarball', join(home.home, '.local/go'), true]],
      'the symlink and ~/.local/go/bin/go are one Go',
    );

    // Without VERSION the real binary is run.
    unlinkSync(join(home.home, '.local/go/VERSION'));
    const ran = await detect(createHost({ env }));
    assert.equal(ran.existingGo.find((go) => go.path.startsWith(home.home))?.version, 'go1.19.8');
  } finally {
    home.cleanup();
  }
});
