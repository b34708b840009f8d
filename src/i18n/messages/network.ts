import type { AreaCatalog } from '../catalog.js';

// Network settings as the user sees them: where each proxy comes from, certificate files that cannot be used,
// the proxy flags per command.
export const networkMessages: AreaCatalog = {
  en: {
    'network.doctor.proxyFlag':
      '{flag} does not apply to doctor: it checks whether Go reaches GOPROXY through the proxy Go itself uses, the one in the environment (export HTTPS_PROXY=… in the shell, or install --persist-proxy to keep it in new shells)',
    'network.proxy.fromOption': 'from {flag}',
    'network.proxy.fromEnvironment': 'from {variable} in the environment',
    'network.proxy.download': 'the archive is downloaded through {proxy}',
    'network.proxy.downloadDirect': 'the archive is downloaded directly (no proxy applies to its URL)',
  },
  zh: {
    'network.doctor.proxyFlag':
      '{flag} 不适用于 doctor：它检查 Go 能否经由 Go 自己使用的代理（环境变量中的代理）访问 GOPROXY（请在 shell 中 export HTTPS_PROXY=…，或用 install --persist-proxy 让新 shell 保留它）',
    'network.proxy.fromOption': '来自 {flag}',
    'network.proxy.fromEnvironment': '来自环境变量 {variable}',
    'network.proxy.download': '归档文件经由 {proxy} 下载',
    'network.proxy.downloadDirect': '归档文件直接下载（没有适用于其 URL 的代理）',
  },
};
