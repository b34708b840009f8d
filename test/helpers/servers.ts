// Servers the project did not write, on 127.0.0.1 only: `python3 -m http.server` itself, Python's threaded
// keep-alive server (throttled, TLS, chunked, endless, trickle — see serve.py), tinyproxy with Basic auth and
// microsocks as SOCKS5. Each is started on a free loopback port with a temp config and killed by close().
// Also: a private CA made with openssl, and two `yes` processes to load both cores.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const serveScript = fileURLToPath(new URL('./serve.py', import.meta.url));

export interface Running {
  port: number;
  close(): Promise<void>;
}

/** SIGTERM, then SIGKILL after 2 s: a runner that ignores SIGTERM passes that on to its children. */
function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 2000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** A port nobody listens on right now (the kernel's choice for port 0). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Resolves once something accepts connections on the port (bounded). */
async function waitForPort(port: number, child: ChildProcess, what: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (child.exitCode !== null) throw new Error(`${what} exited with ${child.exitCode}`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${what} did not listen on 127.0.0.1:${port}`);
}

/** `python3 -m http.server` exactly as a teacher types it (HTTP/1.0, closes the connection after the body). */
export async function startPythonHttpServer(dir: string): Promise<Running & { url: string }> {
  const port = await freePort();
  const child = spawn('python3', ['-m', 'http.server', '--bind', '127.0.0.1', '--directory', dir, String(port)], { stdio: 'ignore' });
  await waitForPort(port, child, 'python3 -m http.server');
  return { port, url: `http://127.0.0.1:${port}/`, close: () => stop(child) };
}

export interface PythonServerOptions {
  keepAlive?: boolean;
  /** Bytes per second for file bodies (per connection). */
  rate?: number;
  /** Honour Range on file GETs (206 with Content-Range). */
  ranges?: boolean;
  /** With ranges: a Content-Range one byte off for every range that does not start at 0. */
  wrongRange?: boolean;
  tls?: { cert: string; key: string };
}

/** serve.py: the standard library's threaded server with the extra behaviours tests need. */
export async function startPythonServer(dir: string, options: PythonServerOptions = {}): Promise<Running & { url: string }> {
  const args = [serveScript, '--dir', dir];
  if (options.keepAlive) args.push('--keep-alive');
  if (options.rate) args.push('--rate', String(options.rate));
  if (options.ranges) args.push('--ranges');
  if (options.wrongRange) args.push('--wrong-range');
  if (options.tls) args.push('--cert', options.tls.cert, '--key', options.tls.key);
  const child = spawn('python3', args, { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('\n')) resolve(Number(out.trim()));
    });
    child.once('exit', (code) => reject(new Error(`serve.py exited with ${code}`)));
  });
  const scheme = options.tls ? 'https' : 'http';
  return { port, url: `${scheme}://127.0.0.1:${port}/`, close: () => stop(child) };
}

/** tinyproxy in the foreground with a temp config: Basic auth, loopback only, every CONNECT port allowed. */
export async function startTinyproxy(auth: { user: string; password: string }): Promise<Running & { url: string; urlWithCredentials: string; log: () => string }> {
  const dir = mkdtempSync(join(tmpdir(), 'gsw-tinyproxy-'));
  const port = await freePort();
  const config = join(dir, 'tinyproxy.conf');
  const logFile = join(dir, 'tinyproxy.log');
  writeFileSync(
    config,
    [
      `Port ${port}`,
      'Listen 127.0.0.1',
      'Timeout 60',
      `LogFile "${logFile}"`,
      'LogLevel Connect',
      'MaxClients 20',
      'Allow 127.0.0.1',
      `BasicAuth ${auth.user} ${auth.password}`,
      ...(process.getuid?.() === 0 ? ['User nobody', 'Group nogroup'] : []),
      '',
    ].join('\n'),
  );
  execFileSync('chmod', ['-R', 'a+rwX', dir]);
  const child = spawn('tinyproxy', ['-d', '-c', config], { stdio: 'ignore' });
  await waitForPort(port, child, 'tinyproxy');
  const url = `http://127.0.0.1:${port}`;
  return {
    port,
    url,
    urlWithCredentials: `http://${encodeURIComponent(auth.user)}:${encodeURIComponent(auth.password)}@127.0.0.1:${port}`,
    log: () => {
      try {
        return execFileSync('cat', [logFile]).toString();
      } catch {
        return '';
      }
    },
    close: async () => {
      await stop(child);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** microsocks, a SOCKS5 server, on a free loopback port (optionally with a user and password). */
export async function startMicrosocks(auth?: { user: string; password: string }): Promise<Running> {
  const port = await freePort();
  const args = ['-i', '127.0.0.1', '-p', String(port)];
  if (auth) args.push('-u', auth.user, '-P', auth.password);
  const child = spawn('microsocks', args, { stdio: 'ignore' });
  await waitForPort(port, child, 'microsocks');
  return { port, close: () => stop(child) };
}

export interface PrivateCa {
  dir: string;
  /** The CA certificate (PEM): what a user would install under /usr/local/share/ca-certificates/. */
  caCert: string;
  /** A server certificate for 127.0.0.1 signed by the CA, and its key. */
  cert: string;
  key: string;
  cleanup(): void;
}

/** A private CA and a server certificate for IP 127.0.0.1, made with openssl. */
export function makePrivateCa(): PrivateCa {
  const dir = mkdtempSync(join(tmpdir(), 'gsw-ca-'));
  const at = (name: string) => join(dir, name);
  const openssl = (args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  openssl(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', at('ca.key'), '-out', at('ca.crt'), '-days', '2', '-subj', '/CN=go-setup-wizard test CA']);
  openssl(['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', at('server.key'), '-out', at('server.csr'), '-subj', '/CN=127.0.0.1']);
  writeFileSync(at('san.ext'), 'subjectAltName=IP:127.0.0.1\n');
  openssl(['x509', '-req', '-in', at('server.csr'), '-CA', at('ca.crt'), '-CAkey', at('ca.key'), '-CAcreateserial', '-out', at('server.crt'), '-days', '2', '-extfile', at('san.ext')]);
  return { dir, caCert: at('ca.crt'), cert: at('server.crt'), key: at('server.key'), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Two `yes >/dev/null` processes keeping both cores busy, as on a loaded machine; stop() kills them. */
export function burnCpu(count = 2): { stop(): Promise<void> } {
  const children = Array.from({ length: count }, () => spawn('yes', [], { stdio: ['ignore', 'ignore', 'ignore'] }));
  return { stop: async () => void (await Promise.all(children.map(stop))) };
}
