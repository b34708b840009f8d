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
    'network.trust.unusable': '{variable}={path} cannot be used ({reason}): {consequence}',
    'network.trust.fault.missing': 'no such file or directory',
    'network.trust.fault.unreadable': 'it cannot be read: check its permissions',
    'network.trust.fault.notFile': 'it is a directory, not a file',
    'network.trust.fault.notDirectory': 'it is not a directory',
    'network.trust.fault.noCertificate':
      'it holds no PEM certificate (-----BEGIN CERTIFICATE-----); a DER file converts with `openssl x509 -inform der -in FILE -out FILE.pem`',
    'network.trust.systemInstead': 'the system certificates are trusted in its place, so a mirror or proxy only that file would vouch for is refused (fix it or unset it)',
    'network.trust.nothingFrom': 'no certificate from it is trusted, so a mirror or proxy only it would vouch for is refused (fix it or unset it)',
    'network.space.why': 'Checked before anything changes, as running out halfway would leave a broken tree: {places}.',
    'network.space.place': '{mib} MiB free in {dir} ({parts})',
    'network.space.unpacked': '{mib} MiB for the unpacked toolchain',
    'network.space.archive': '{mib} MiB for the archive in the download cache',
    'network.space.ahead': 'up to {mib} MiB more for the parts fetched ahead over several connections',
    'network.space.cached': 'The cache needs nothing once the verified archive is there, and only the rest after a partial download.',
  },
  zh: {
    'network.doctor.proxyFlag':
      '{flag} 不适用于 doctor：它检查 Go 能否经由 Go 自己使用的代理（环境变量中的代理）访问 GOPROXY（请在 shell 中 export HTTPS_PROXY=…，或用 install --persist-proxy 让新 shell 保留它）',
    'network.proxy.fromOption': '来自 {flag}',
    'network.proxy.fromEnvironment': '来自环境变量 {variable}',
    'network.proxy.download': '归档文件经由 {proxy} 下载',
    'network.proxy.downloadDirect': '归档文件直接下载（没有适用于其 URL 的代理）',
    'network.trust.unusable': '{variable}={path} 无法使用（{reason}）：{consequence}',
    'network.trust.fault.missing': '文件或目录不存在',
    'network.trust.fault.unreadable': '无法读取：请检查权限',
    'network.trust.fault.notFile': '它是目录，不是文件',
    'network.trust.fault.notDirectory': '它不是目录',
    'network.trust.fault.noCertificate':
      '其中没有 PEM 证书（-----BEGIN CERTIFICATE-----）；DER 文件可用 `openssl x509 -inform der -in FILE -out FILE.pem` 转换',
    'network.trust.systemInstead': '改为信任系统证书，因此只有该文件能担保的镜像或代理会被拒绝（请修正或取消设置）',
    'network.trust.nothingFrom': '其中的证书都不会被信任，因此只有它能担保的镜像或代理会被拒绝（请修正或取消设置）',
    'network.space.why': '在做任何更改之前检查，因为中途空间耗尽会留下损坏的目录：{places}。',
    'network.space.place': '{dir} 需有 {mib} MiB 可用空间（{parts}）',
    'network.space.unpacked': '解压后的工具链 {mib} MiB',
    'network.space.archive': '下载缓存中的归档文件 {mib} MiB',
    'network.space.ahead': '多连接提前下载的部分最多再需 {mib} MiB',
    'network.space.cached': '已校验的归档文件在缓存中时，缓存不需要空间；部分下载之后只需剩余部分。',
  },
};
