import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeOs, parseOsRelease } from '../../src/detect/os-release.js';

test('double quotes, single quotes, bare values and escapes', () => {
  const fields = parseOsRelease(
    [
      'NAME="Ubuntu"',
      "VERSION='24.04.1 LTS (Noble Numbat)'",
      'ID=ubuntu',
      'PRETTY_NAME="A \\"quoted\\" \\$name with \\\\ backslash"',
      "SINGLE='keeps \\ and \"'",
      'BARE=with\\ space',
      'EMPTY=',
      'EMPTY_QUOTES=""',
    ].join('\n'),
  );
  assert.deepEqual(fields, {
    NAME: 'Ubuntu',
    VERSION: '24.04.1 LTS (Noble Numbat)',
    ID: 'ubuntu',
    PRETTY_NAME: 'A "quoted" $name with \\ backslash',
    SINGLE: 'keeps \\ and "',
    BARE: 'with space',
    EMPTY: '',
    EMPTY_QUOTES: '',
  });
});

test('comments, blank lines, CRLF, indentation and junk lines are skipped', () => {
  const fields = parseOsRelease('# a comment\r\n\r\n   \r\n  ID=debian\r\nnot a field\r\n#ID=ubuntu\r\nVERSION_ID="12"  # trailing\r\n=x\r\n');
  assert.deepEqual(fields, { ID: 'debian', VERSION_ID: '12' });
});

test('missing fields give empty values, not a crash', () => {
  const os = describeOs(parseOsRelease('ID=ubuntu\n'));
  assert.equal(os.versionId, '');
  assert.equal(os.codename, '');
  assert.equal(os.family, 'ubuntu');
  assert.equal(os.baseVersion, '');
  assert.equal(os.supported, false);
  const nothing = describeOs({});
  assert.equal(nothing.family, 'other');
  assert.equal(nothing.supported, false);
});

const derivatives: [string, string, string][] = [
  ['ID=linuxmint\nID_LIKE="ubuntu debian"\nVERSION_ID="22"\nVERSION_CODENAME=wilma\nUBUNTU_CODENAME=noble', 'linuxmint', '24.04'],
  ['ID=linuxmint\nID_LIKE="ubuntu debian"\nVERSION_ID="21.3"\nVERSION_CODENAME=virginia\nUBUNTU_CODENAME=jammy', 'linuxmint', '22.04'],
  ['ID=pop\nID_LIKE="ubuntu debian"\nVERSION_ID="24.04"\nUBUNTU_CODENAME=noble', 'pop', '24.04'],
  ['ID=elementary\nID_LIKE=ubuntu\nVERSION_ID="8"\nVERSION_CODENAME=circe\nUBUNTU_CODENAME=noble', 'elementary', '24.04'],
  ['ID=zorin\nID_LIKE="ubuntu debian"\nVERSION_ID="17"\nVERSION_CODENAME=jammy\nUBUNTU_CODENAME=jammy', 'zorin', '22.04'],
  ['ID=neon\nID_LIKE="ubuntu debian"\nVERSION_ID="20.04"\nVERSION_CODENAME=focal\nUBUNTU_CODENAME=focal', 'neon', '20.04'],
  ['ID=neon\nID_LIKE="ubuntu debian"\nVERSION_ID="24.04"\nUBUNTU_CODENAME=noble', 'neon', '24.04'],
];
for (const [text, id, base] of derivatives) {
  test(`${id} maps through UBUNTU_CODENAME to Ubuntu ${base}`, () => {
    const os = describeOs(parseOsRelease(text));
    assert.equal(os.id, id);
    assert.equal(os.family, 'ubuntu');
    assert.equal(os.baseVersion, base);
    assert.equal(os.supported, true);
  });
}

test('every Ubuntu codename of the SPEC maps to its release and is supported', () => {
  const table = { focal: '20.04', jammy: '22.04', noble: '24.04', oracular: '24.10', plucky: '25.04', questing: '25.10', resolute: '26.04' };
  for (const [codename, version] of Object.entries(table)) {
    const os = describeOs({ ID: 'ubuntu', ID_LIKE: 'debian', VERSION_ID: version, UBUNTU_CODENAME: codename, VERSION_CODENAME: codename });
    assert.equal(os.baseVersion, version, codename);
    assert.equal(os.supported, true, codename);
  }
});

test('unsupported: old Ubuntu, a derivative of an old Ubuntu, Debian 11, Kali, Fedora', () => {
  const cases: Record<string, string>[] = [
    { ID: 'ubuntu', VERSION_ID: '18.04', VERSION_CODENAME: 'bionic', UBUNTU_CODENAME: 'bionic' },
    { ID: 'linuxmint', ID_LIKE: 'ubuntu', VERSION_ID: '19.3', UBUNTU_CODENAME: 'bionic' },
    { ID: 'debian', VERSION_ID: '11', VERSION_CODENAME: 'bullseye' },
    { ID: 'kali', ID_LIKE: 'debian', VERSION_ID: '2025.3', VERSION_CODENAME: 'kali-rolling' },
    { ID: 'fedora', VERSION_ID: '41' },
  ];
  const families = cases.map((fields) => describeOs(fields));
  assert.deepEqual(
    families.map((os) => [os.family, os.supported]),
    [
      ['ubuntu', false],
      ['ubuntu', false],
      ['debian', false],
      ['debian', false],
      ['other', false],
    ],
  );
});

test('Debian derivatives map through their codename (Raspberry Pi OS bookworm → 12)', () => {
  const os = describeOs({ ID: 'raspbian', ID_LIKE: 'debian', VERSION_ID: '12', VERSION_CODENAME: 'bookworm' });
  assert.deepEqual([os.family, os.baseVersion, os.supported], ['debian', '12', true]);
  const trixie = describeOs({ ID: 'debian', VERSION_ID: '13', VERSION_CODENAME: 'trixie' });
  assert.deepEqual([trixie.family, trixie.baseVersion, trixie.supported], ['debian', '13', true]);
});
