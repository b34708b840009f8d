// Plain-language warnings about the detected machine, rendered through the catalog.
import type { Host } from '../host/host.js';
import type { Detection, Translate } from '../types.js';
import { gorootProblem } from './goroot.js';

const SIXTY_FOUR_BIT = new Set(['amd64', 'arm64', 'riscv64', 'ppc64le', 's390x', 'loong64']);

export async function detectionWarnings(host: Host, detection: Omit<Detection, 'warnings'>, t: Translate): Promise<string[]> {
  const warnings: string[] = [];
  const { os, arch, wsl, existingGo, env } = detection;
  if (!os.supported) warnings.push(t('detect.warn.unsupportedOs', { name: os.prettyName || os.id || '?' }));
  if (arch.userlandGoArch === null) warnings.push(t('detect.warn.unsupportedArch', { machine: arch.machine || '?' }));
  if (arch.goArch && arch.userlandGoArch && arch.goArch !== arch.userlandGoArch && SIXTY_FOUR_BIT.has(arch.goArch)) {
    warnings.push(t('detect.warn.userland32', { kernel: arch.goArch, userland: arch.userlandGoArch }));
  }
  for (const go of existingGo) {
    if (go.source === 'apt' && (go.onPath || go.path === '/usr/bin/go')) {
      warnings.push(t('detect.warn.aptShadow', { path: go.path, version: go.version ?? '?' }));
    }
  }
  const problem = await gorootProblem(host, env.GOROOT, existingGo.find((go) => go.onPath));
  if (problem) warnings.push(t(`detect.warn.goroot.${problem}`, { goroot: env.GOROOT! }));
  if (wsl.underMntC) warnings.push(t('detect.warn.mntC', { cwd: host.cwd }));
  if (wsl.windowsGoOnPath) warnings.push(t('detect.warn.windowsGo'));
  return warnings;
}
