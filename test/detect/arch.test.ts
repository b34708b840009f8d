import assert from 'node:assert/strict';
import { test } from 'node:test';
import { goArchOfElf, goArchOfMachine } from '../../src/detect/arch.js';
import { ELF, elfHeader } from '../fixtures/elf.js';

test('uname -m → Go arch (DOMAIN.md table)', () => {
  const table: Record<string, string | null> = {
    x86_64: 'amd64',
    aarch64: 'arm64',
    armv7l: 'armv6l',
    armv6l: 'armv6l',
    i386: '386',
    i686: '386',
    riscv64: 'riscv64',
    ppc64le: 'ppc64le',
    s390x: 's390x',
    loongarch64: 'loong64',
    'x86_64\n': 'amd64',
    mips: null,
    sparc64: null,
    '': null,
  };
  for (const [machine, goArch] of Object.entries(table)) assert.equal(goArchOfMachine(machine), goArch, JSON.stringify(machine));
});

test('ELF header → Go arch, little and big endian, 32 and 64 bit', () => {
  const expected: Record<keyof typeof ELF, string | null> = {
    amd64: 'amd64',
    arm64: 'arm64',
    armhf: 'armv6l',
    i386: '386',
    riscv64: 'riscv64',
    ppc64le: 'ppc64le',
    ppc64be: null,
    s390x: 's390x',
    loong64: 'loong64',
    x32: null,
    mips: null,
  };
  for (const [name, spec] of Object.entries(ELF)) {
    assert.equal(goArchOfElf(elfHeader(spec)), expected[name as keyof typeof ELF], name);
  }
});

test('the endianness byte decides how e_machine is read', () => {
  // s390x (22) read little-endian would be 0x1600: the parser must honour EI_DATA.
  const bigEndian = elfHeader(ELF.s390x);
  assert.equal(bigEndian.readUInt16BE(18), 22);
  assert.equal(goArchOfElf(bigEndian), 's390x');
  const flipped = Buffer.from(bigEndian);
  flipped[5] = 1;
  assert.equal(goArchOfElf(flipped), null);
});

test('not ELF or too short → null', () => {
  assert.equal(goArchOfElf(Buffer.from('#!/bin/sh\necho hi\n')), null);
  assert.equal(goArchOfElf(elfHeader(ELF.amd64).subarray(0, 19)), null);
  assert.equal(goArchOfElf(Buffer.alloc(0)), null);
});

test('reads this machine\'s real /bin/sh', async () => {
  const { readFile } = await import('node:fs/promises');
  const header = (await readFile('/bin/sh')).subarray(0, 20);
  const machine = process.arch === 'x64' ? 'amd64' : process.arch;
  assert.equal(goArchOfElf(header), machine);
});
