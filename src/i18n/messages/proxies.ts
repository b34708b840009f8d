import type { AreaCatalog } from '../catalog.js';

// A proxy variable of the environment the wizard refuses to use (the download would fail through it, as curl's and
// Go's would), named with the variable; the value is quoted on one line, credentials masked.
export const proxiesMessages: AreaCatalog = {
  en: {
    'proxies.env.invalid':
      '{variable} (in the environment): {value} is not a proxy URL, so it is refused; set it to one (http://host:port, https://host:port or socks5://host:port) or unset it',
    'proxies.env.control':
      '{variable} (in the environment): {value} holds a control character (a line break, tab …), so it is refused; set it to one line, e.g. {example}, or unset it',
    'proxies.persist.allProxyGo':
      '--persist-proxy writes {variable} as all_proxy/ALL_PROXY, as you have it: curl and git read it, Go does not — go get and module downloads go direct. To send them through it too, add --https-proxy {value}',
  },
  zh: {
    'proxies.env.invalid':
      '{variable}（环境变量）：{value} 不是代理地址，已拒绝使用；请设为代理地址（http://主机:端口、https://主机:端口 或 socks5://主机:端口）或取消设置',
    'proxies.env.control': '{variable}（环境变量）：{value} 含有控制字符（换行、制表符等），已拒绝使用；请设为一行，例如 {example}，或取消设置',
    'proxies.persist.allProxyGo':
      '--persist-proxy 按原样把 {variable} 写为 all_proxy/ALL_PROXY：curl 和 git 会读取它，Go 不会——go get 和模块下载将直连。若要它们也走此代理，请加上 --https-proxy {value}',
  },
};
