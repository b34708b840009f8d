// Each supported system as a fixture sysroot, read through the real Host (createHost with --sysroot) and
// through the fixture Host, must be described exactly.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { detect } from '../../src/detect/index.js';
import { createFixtureHost } from '../../src/host/fixture.js';
import { createHost } from '../../src/host/host.js';
import { createTempHome } from '../helpers/temp-home.js';
import { buildSysroot, detectionSummary, SYSTEMS } from '../fixtures/sysroots.js';

const scratch = mkdtempSync(join(tmpdir(), 'gsw-sysroots-'));
const home = createTempHome();
after(() => {
  rmSync(scratch, { recursive: true, force: true });
  home.cleanup();
});

for (const [name, { spec, expected }] of Object.entries(SYSTEMS)) {
  describe(name, () => {
    const root = join(scratch, name);
    buildSysroot(root, spec);

    test('real Host with --sysroot', async () => {
      const d = await detect(createHost({ sysroot: root, env: home.env }));
      assert.deepEqual(detectionSummary(d), expected);
      assert.equal(d.os.supported, true);
      assert.equal(d.wsl.isWsl, expected.wslVersion !== null);
      assert.deepEqual(d.problems, []);
    });

    test('fixture Host', async () => {
      const host = createFixtureHost({ root, env: { HOME: '/home/user', PATH: '/usr/bin:/bin' }, liveSystem: false });
      const d = await detect(host);
      assert.deepEqual(detectionSummary(d), expected);
      assert.ok(!host.commandLog.includes('uname -m'), 'uname describes this machine, never a sysroot');
    });
  });
}

test('Raspberry Pi OS 32-bit on an aarch64 kernel warns that the armv6l build is the one to use', async () => {
  const root = join(scratch, 'raspios-warning');
  buildSysroot(root, SYSTEMS['raspios-32bit-on-aarch64']!.spec);
  const d = await detect(createHost({ sysroot: root, env: home.env }));
  assert.equal(d.arch.userlandGoArch, 'armv6l');
  assert.ok(d.warnings.some((w) => w.includes('32-bit') && w.includes('armv6l')), d.warnings.join('\n'));
});

test('a sysroot without proc/sys/kernel/arch does not borrow this machine\'s uname', async () => {
  const root = join(scratch, 'no-proc-arch');
  buildSysroot(root, SYSTEMS['ubuntu-24.04']!.spec);
  rmSync(join(root, 'proc/sys/kernel/arch'));
  const d = await detect(createHost({ sysroot: root, env: home.env }));
  assert.equal(d.arch.machine, '');
  assert.equal(d.arch.goArch, null);
  assert.equal(d.arch.userlandGoArch, 'amd64', 'the userland still comes from bin/sh');
});

test('a bin/sh symlink pointing outside the sysroot is resolved inside it', async () => {
  const root = join(scratch, 'escaping-link');
  // arm64 inside, so following the link out to this (amd64) machine's /usr/bin/dash would show.
  buildSysroot(root, SYSTEMS['ubuntu-25.04-arm64']!.spec);
  rmSync(join(root, 'usr/bin/sh'));
  // ../../../../.. would climb out of the sysroot on a plain readlink; inside it, it stops at the root.
  symlinkSync('../../../../../../usr/bin/dash', join(root, 'usr/bin/sh'));
  const d = await detect(createHost({ sysroot: root, env: home.env }));
  assert.equal(d.arch.userlandGoArch, 'arm64');
});

test('an unsupported system is detected, flagged and warned about', async () => {
  const root = join(scratch, 'fedora');
  buildSysroot(root, { ...SYSTEMS['ubuntu-24.04']!.spec, osRelease: 'NAME="Fedora Linux"\nVERSION_ID=41\nID=fedora\nPRETTY_NAME="Fedora Linux 41 (Workstation Edition)"\n' });
  const d = await detect(createHost({ sysroot: root, env: home.env }));
  assert.equal(d.os.family, 'other');
  assert.equal(d.os.supported, false);
  assert.ok(d.warnings.some((w) => w.includes('Fedora Linux 41')), d.warnings.join('\n'));
});

test('a sysroot without os-release reports the probe as failed instead of failing detect', async () => {
  const root = join(scratch, 'empty');
  buildSysroot(root, SYSTEMS['ubuntu-24.04']!.spec);
  rmSync(join(root, 'usr/lib/os-release'));
  writeFileSync(join(root, 'proc/sys/kernel/osrelease'), '6.8.0\n');
  const d = await detect(createHost({ sysroot: root, env: home.env }));
  assert.equal(d.os.supported, false);
  assert.deepEqual(d.problems.map((p) => p.probe), ['os']);
});
