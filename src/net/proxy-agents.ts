// The agents that speak to a proxy, with socks, ip-address and agent-base under them: src/net/proxy.ts loads this
// module only when a request goes through a proxy. (An ES module of ours, so that the CommonJS agents are imported
// statically here: a dynamic import of CommonJS gives different shapes bundled, under Node and under tsx.)
import type { Agent } from 'node:http';
import type { AgentOptions } from 'node:https';
import { HttpProxyAgent } from 'http-proxy-agent';
import { HttpsProxyAgent } from 'https-proxy-agent';
import { SocksProxyAgent } from 'socks-proxy-agent';

/** The agent that reaches an https: (`secure`) or http: target through the proxy `via` (http://, https:// or SOCKS). */
export function proxyAgent(via: string, secure: boolean, options: AgentOptions): Agent {
  if (via.startsWith('socks')) return new SocksProxyAgent(via, options);
  return secure ? new HttpsProxyAgent(via, options) : new HttpProxyAgent(via, options);
}
