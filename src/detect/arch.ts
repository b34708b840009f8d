// Kernel arch (proc/sys/kernel/arch or `uname -m`) and userland arch (the ELF header of /bin/sh): a 64-bit
// kernel can run a 32-bit userland (Raspberry Pi OS), and the userland decides which Go tarball works.
import type { Host } from '../host/host.js';
import type { Detection } from '../types.js';

/** `uname -m` names → the arch in Go's download names; the exported playbook maps its facts with this table too. */
export const MACHINE_TO_GOARCH: Readonly<Record<string, string>> = {
  x86_64: 'amd64',
  amd64: 'amd64',
  aarch64: 'arm64',
  arm64: 'arm64',
  armv8l: 'armv6l',
  armv7l: 'armv6l',
  armv6l: 'armv6l',
  arm: 'armv6l',
  i386: '386',
  i486: '386',
  i586: '386',
  i686: '386',
  riscv64: 'riscv64',
  ppc64le: 'ppc64le',
  s390x: 's390x',
  loongarch64: 'loong64',
};

/** `uname -m` → the arch in Go's download names; null for machines Go does not ship for (or the contract does not list). */
export function goArchOfMachine(machine: string): string | null {
  return MACHINE_TO_GOARCH[machine.trim()] ?? null;
}

// ELF e_machine values (elf.h).
const EM_386 = 3;
const EM_PPC64 = 21;
const EM_S390 = 22;
const EM_ARM = 40;
const EM_X86_64 = 62;
const EM_AARCH64 = 183;
const EM_RISCV = 243;
const EM_LOONGARCH = 258;

export const ELF_HEADER_BYTES = 20;

export function isElf(header: Uint8Array): boolean {
  return header.length >= ELF_HEADER_BYTES && header[0] === 0x7f && header[1] === 0x45 && header[2] === 0x4c && header[3] === 0x46;
}

/** The Go arch a program with this ELF header runs as; null when not ELF or not an arch the contract lists. */
export function goArchOfElf(header: Uint8Array): string | null {
  if (!isElf(header)) return null;
  const is64 = header[4] === 2;
  const littleEndian = header[5] === 1;
  const view = new DataView(header.buffer, header.byteOffset, header.byteLength);
  const machine = view.getUint16(18, littleEndian);
  switch (machine) {
    case EM_X86_64:
      return is64 ? 'amd64' : null; // x32 has no Go port
    case EM_386:
      return is64 ? null : '386';
    case EM_AARCH64:
      return is64 ? 'arm64' : null;
    case EM_ARM:
      return is64 ? null : 'armv6l';
    case EM_RISCV:
      return is64 ? 'riscv64' : null;
    case EM_PPC64:
      return is64 && littleEndian ? 'ppc64le' : null;
    case EM_S390:
      return is64 ? 's390x' : null;
    case EM_LOONGARCH:
      return is64 ? 'loong64' : null;
    default:
      return null;
  }
}

export async function machineName(host: Host): Promise<string> {
  const fromProc = (await host.readSystemFile('/proc/sys/kernel/arch'))?.toString('utf8').trim();
  if (fromProc) return fromProc;
  // `uname -m` describes this machine, not a --sysroot directory.
  if (!host.liveSystem) return '';
  const uname = await host.run('uname', ['-m'], { timeoutMs: 2000 });
  if (uname.code !== 0) throw new Error(`uname -m failed: ${uname.stderr.trim() || `exit ${uname.code}`}`);
  return uname.stdout.trim();
}

export async function detectArch(host: Host): Promise<Detection['arch']> {
  const [machine, shHeader] = await Promise.all([machineName(host), host.readSystemFile('/bin/sh', ELF_HEADER_BYTES)]);
  const goArch = goArchOfMachine(machine);
  // Without a readable ELF /bin/sh, assume the userland matches the kernel.
  const userlandGoArch = shHeader && isElf(shHeader) ? goArchOfElf(shHeader) : goArch;
  return { machine, goArch, userlandGoArch };
}
