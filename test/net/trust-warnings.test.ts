// Certificate variables that name nothing usable — SSL_CERT_FILE, each SSL_CERT_DIR entry, NODE_EXTRA_CA_CERTS —
// are said, naming the variable, the path and why, before anything is downloaded, and again beside a TLS error they
// may explain. Before, they were ignored silently, and a missing SSL_CERT_FILE also dropped the system store.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ensureBuilt, runCli } from '../cli/built-cli.js';
import { fetchText, NetError } from '../../src/net/http.js';
import { proxySettings } from '../../src/net/proxy.js';
import { trustedCertificates, trustProblems } from '../../src/net/trust.js';
import { buildIndex, describeContent } from '../helpers/mirror.js';
import { makePrivateCa, startPythonServer, type PrivateCa } from '../helpers/servers.js';
import { createTempHome, type TempHome } from '../helpers/temp-home.js';

const GO_ARCH = process.arch === 'arm64' ? 'arm64' : 'amd64';

describe('certificate variables that cannot be used', { timeout: 120_000 }, () => {
  let dir: string;
  let ca: PrivateCa;
  let home: TempHome;
  let der: string;
  let emptyDir: string;
  const missing = () => join(dir, 'no-such', 'ca.pem');

  before(async () => {
    await ensureBuilt();
    dir = mkdtempSync(join(tmpdir(), 'gsw-trust-'));
    ca = makePrivateCa();
    home = createTempHome();
    der = join(dir, 'corp-ca.cer');
    execFileSync('openssl', ['x509', '-in', ca.caCert, '-outform', 'der', '-out', der]);
    emptyDir = join(dir, 'empty');
    mkdirSync(emptyDir);
    writeFileSync(join(emptyDir, 'readme.txt'), 'no certificates here\n');
  });
  after(() => {
    ca?.cleanup();
    home?.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  test('each variable and each SSL_CERT_DIR entry: named with its path and its fault', () => {
    assert.deepEqual(trustProblems({ certFile: missing(), certDir: `${emptyDir}:${ca.dir}:${der}:${missing()}`, extraCerts: der }), [
      { variable: 'SSL_CERT_FILE', path: missing(), fault: 'missing' },
      { variable: 'SSL_CERT_DIR', path: emptyDir, fault: 'noCertificate' },
      { variable: 'SSL_CERT_DIR', path: der, fault: 'notDirectory' },
      { variable: 'SSL_CERT_DIR', path: missing(), fault: 'missing' },
      { variable: 'NODE_EXTRA_CA_CERTS', path: der, fault: 'noCertificate' },
    ]);
    assert.deepEqual(trustProblems({ certFile: ca.dir }), [{ variable: 'SSL_CERT_FILE', path: ca.dir, fault: 'notFile' }]);
    const garbage = join(dir, 'garbage.pem');
    writeFileSync(garbage, '-----BEGIN CERTIFICATE-----\nZ2FyYmFnZQ==\n-----END CERTIFICATE-----\n');
    assert.deepEqual(trustProblems({ extraCerts: garbage }), [{ variable: 'NODE_EXTRA_CA_CERTS', path: garbage, fault: 'noCertificate' }]);
    assert.deepEqual(trustProblems({ certFile: ca.caCert, certDir: ca.dir, extraCerts: ca.caCert }), [], 'usable sources: no problem');
  });

  test('a file that cannot be read (not as root, who reads everything)', { skip: process.getuid?.() === 0 }, () => {
    const locked = join(dir, 'locked.pem');
    writeFileSync(locked, '');
    chmodSync(locked, 0o000);
    assert.deepEqual(trustProblems({ certFile: locked }), [{ variable: 'SSL_CERT_FILE', path: locked, fault: 'unreadable' }]);
  });

  test('a SSL_CERT_FILE that gives nothing leaves the system store trusted (before: Node roots only)', () => {
    assert.deepEqual(new Set(trustedCertificates({ certFile: missing() })), new Set(trustedCertificates({})));
    assert.deepEqual(new Set(trustedCertificates({ certFile: der })), new Set(trustedCertificates({})));
    assert.ok(trustedCertificates({ certFile: ca.caCert }).length < trustedCertificates({}).length, 'a usable one replaces the system bundle');
  });

  test('versions: one line per problem on stderr, naming the variable and the file', async () => {
    const result = await runCli(['versions', '--index-url', 'http://127.0.0.1:1/index.json'], {
      env: { ...home.env, SSL_CERT_FILE: missing(), SSL_CERT_DIR: emptyDir, NODE_EXTRA_CA_CERTS: der },
    });
    const lines = result.stderr.split('\n');
    assert.match(lines[0]!, new RegExp(`^go-setup-wizard: SSL_CERT_FILE=${missing()} cannot be used \\(no such file or directory\\): the system certificates are trusted in its place`));
    assert.match(lines[1]!, new RegExp(`^go-setup-wizard: SSL_CERT_DIR=${emptyDir} cannot be used \\(it holds no PEM certificate`));
    assert.match(lines[2]!, new RegExp(`^go-setup-wizard: NODE_EXTRA_CA_CERTS=${der} cannot be used \\(it holds no PEM certificate .*openssl x509 -inform der`));
  });

  test('share and bundle, which download without showing a plan, say it first too', async () => {
    for (const args of [['share', '--port', '0'], ['bundle', join(dir, 'bundle-out')]]) {
      const result = await runCli([...args, '--index-url', 'http://127.0.0.1:1/index.json'], { env: { ...home.env, SSL_CERT_FILE: missing() } });
      assert.notEqual(result.code, 0, `${args[0]}: the index cannot be read`);
      assert.match(result.stderr.split('\n')[0]!, new RegExp(`^go-setup-wizard: SSL_CERT_FILE=${missing()} cannot be used \\(no such file or directory\\)`), `${args[0]}: ${result.stderr}`);
    }
  });

  test('the plan lists it among its notes; an HTTPS mirror it would have vouched for fails naming it too', async () => {
    const served = join(dir, 'served');
    mkdirSync(served, { recursive: true });
    const archive = describeContent('not unpacked here');
    writeFileSync(join(served, 'index.json'), JSON.stringify(buildIndex([{ version: 'go1.27.1', files: [{ filename: `go1.27.1.linux-${GO_ARCH}.tar.gz`, ...archive }] }])));
    const server = await startPythonServer(served, { keepAlive: true, tls: { cert: ca.cert, key: ca.key } });
    try {
      const plain = await runCli(['plan', '--scope', 'user', '--index-url', `${server.url}index.json`], { env: { ...home.env, SSL_CERT_FILE: ca.caCert } });
      assert.equal(plain.code, 0, plain.stderr);
      assert.doesNotMatch(plain.stdout, /cannot be used/);
      const result = await runCli(['plan', '--scope', 'user', '--index-url', `${server.url}index.json`], { env: { ...home.env, SSL_CERT_FILE: der } });
      assert.notEqual(result.code, 0);
      assert.match(result.stderr, /certificate of 127\.0\.0\.1:\d+ is not trusted/);
      assert.match(result.stderr, new RegExp(`; SSL_CERT_FILE=${der} cannot be used \\(it holds no PEM certificate`));
      await assert.rejects(fetchText(`${server.url}index.json`, { proxy: proxySettings({}, { SSL_CERT_FILE: der }) }), (error: Error) => {
        assert.ok(error instanceof NetError && error.kind === 'tls', String(error));
        assert.match(error.message, /SSL_CERT_FILE=.*corp-ca\.cer cannot be used/);
        return true;
      });
      const noted = await runCli(['plan', '--scope', 'user', '--index-url', `${server.url}index.json`], { env: { ...home.env, SSL_CERT_FILE: ca.caCert, SSL_CERT_DIR: missing() } });
      assert.equal(noted.code, 0, noted.stderr);
      assert.match(noted.stdout, new RegExp(`Notes:\\n  - SSL_CERT_DIR=${missing()} cannot be used \\(no such file or directory\\)`));
    } finally {
      await server.close();
    }
  });
});
