// The named choices for where Go comes from (--mirror) and where modules come from (--goproxy): one list each,
// used by the flag parser, the wizard's questions, the mirror prober and the plan.

/** Mirrors of the Go downloads: base URLs, files are fetched as base + filename. */
export const MIRROR_BASES = {
  official: 'https://go.dev/dl/',
  'google-cn': 'https://golang.google.cn/dl/',
  aliyun: 'https://mirrors.aliyun.com/golang/',
  ustc: 'https://mirrors.ustc.edu.cn/golang/',
  nju: 'https://mirrors.nju.edu.cn/golang/',
} as const;

export type MirrorName = keyof typeof MIRROR_BASES;

/** What --mirror accepts by name, in the order the wizard offers them: the mirrors, then `auto` (probe and pick). */
export const MIRROR_PRESETS = [...(Object.keys(MIRROR_BASES) as MirrorName[]), 'auto'] as const;

/** The mirrors in mainland China: after one of them, modules come through goproxy.cn (proxy.golang.org is blocked there). */
export const MAINLAND_MIRRORS: readonly string[] = ['google-cn', 'aliyun', 'ustc', 'nju'] satisfies MirrorName[];

export function isMirrorName(value: string): value is MirrorName {
  return Object.hasOwn(MIRROR_BASES, value);
}

/** Module proxies: the GOPROXY value each name stands for. */
export const GOPROXY_VALUES = {
  official: 'https://proxy.golang.org,direct',
  'goproxy.cn': 'https://goproxy.cn,direct',
  'goproxy.io': 'https://goproxy.io,direct',
  aliyun: 'https://mirrors.aliyun.com/goproxy/,direct',
  tencent: 'https://mirrors.cloud.tencent.com/go/,direct',
} as const;

/** What --goproxy accepts by name: `keep` (leave GOPROXY as it is), then the proxies. */
export const GOPROXY_PRESETS = ['keep', ...(Object.keys(GOPROXY_VALUES) as (keyof typeof GOPROXY_VALUES)[])] as const;

/** The GOPROXY value to set for a --goproxy answer (a name or a value of its own); null for `keep`. */
export function goproxyValue(answer: string): string | null {
  if (answer === 'keep') return null;
  return Object.hasOwn(GOPROXY_VALUES, answer) ? GOPROXY_VALUES[answer as keyof typeof GOPROXY_VALUES] : answer;
}
