// Certificates the wizard's HTTPS trusts: Node's bundled roots, the system store (what `update-ca-certificates`
// maintains, so a corporate CA installed the Ubuntu way works), SSL_CERT_FILE / SSL_CERT_DIR (which Go, curl and
// git honour) and NODE_EXTRA_CA_CERTS. Built once per set of sources and shared by every connection.
import { X509Certificate } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createSecureContext, rootCertificates, type SecureContext } from 'node:tls';
import type { Translate } from '../types.js';

export interface TrustSources {
  /** SSL_CERT_FILE: a PEM bundle (replaces the system bundle, as it does for curl and Go, when it holds certificates). */
  certFile?: string;
  /** SSL_CERT_DIR: a directory of PEM files (colon-separated list allowed, as OpenSSL reads it). */
  certDir?: string;
  /** NODE_EXTRA_CA_CERTS: a PEM file of extra roots. */
  extraCerts?: string;
}

/** Debian/Ubuntu's bundle; other places where distributions keep theirs are tried after it. */
export const SYSTEM_CA_BUNDLES = ['/etc/ssl/certs/ca-certificates.crt', '/etc/pki/tls/certs/ca-bundle.crt', '/etc/ssl/cert.pem'];

const PEM_BLOCK = /-----BEGIN CERTIFICATE-----[^-]+-----END CERTIFICATE-----/g;

/** Why a certificate file or directory named by a variable gives no certificate. */
export type TrustFault = 'missing' | 'unreadable' | 'notFile' | 'notDirectory' | 'noCertificate';

/** A variable naming certificates that cannot be used: what it names and why (the preview and TLS errors say it). */
export interface TrustProblem {
  variable: 'SSL_CERT_FILE' | 'SSL_CERT_DIR' | 'NODE_EXTRA_CA_CERTS';
  path: string;
  fault: TrustFault;
}

function fault(error: unknown): TrustFault {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'missing';
  if (code === 'EISDIR') return 'notFile';
  if (code === 'ENOTDIR') return 'notDirectory';
  return 'unreadable';
}

function parses(pem: string): boolean {
  try {
    return Boolean(new X509Certificate(pem));
  } catch {
    return false;
  }
}

/**
 * How the blocks of a PEM file are checked: `each` parses them all and leaves out those that do not parse (the
 * certificates of a file a variable names); `any` only asks whether one parses (enough to tell a usable file, without
 * parsing a bundle of 150 twice per plan); `none` takes them as they are (the system bundle: parsing it costs tens of ms).
 */
type PemCheck = 'each' | 'any' | 'none';

/** The certificates of a PEM file, or why there are none. */
function readPem(path: string, check: PemCheck = 'each'): string[] | TrustFault {
  let text: string;
  try {
    text = readFileSync(path, 'latin1');
  } catch (error) {
    return fault(error);
  }
  const blocks = text.match(PEM_BLOCK) ?? [];
  if (check === 'any') return blocks.some(parses) ? blocks : 'noCertificate';
  const usable = check === 'each' ? blocks.filter(parses) : blocks;
  return usable.length ? usable : 'noCertificate';
}

function pemBlocks(path: string, check: PemCheck = 'each'): string[] {
  const read = readPem(path, check);
  return typeof read === 'string' ? [] : read;
}

/** One directory of a SSL_CERT_DIR list: its certificates, or why it gives none. */
function readDir(dir: string, check: PemCheck = 'each'): string[] | TrustFault {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (error) {
    return fault(error);
  }
  const blocks: string[] = [];
  for (const name of names) {
    const path = join(dir, name);
    try {
      if (statSync(path).isFile()) blocks.push(...pemBlocks(path, check));
    } catch {
      // a dangling link in the directory
    }
    // One usable file is enough to tell (/etc/ssl/certs holds some 300).
    if (check === 'any' && blocks.length) break;
  }
  return blocks.length ? blocks : 'noCertificate';
}

function dirBlocks(list: string): string[] {
  return list
    .split(':')
    .filter(Boolean)
    .flatMap((dir) => {
      const read = readDir(dir);
      return typeof read === 'string' ? [] : read;
    });
}

/**
 * Every variable that names certificates we cannot use: a missing, unreadable or non-PEM SSL_CERT_FILE or
 * NODE_EXTRA_CA_CERTS, each SSL_CERT_DIR entry that is missing, not a directory or holds no PEM certificate.
 * Go ignores such a SSL_CERT_FILE silently; we go on too (the system store stays in place of a SSL_CERT_FILE that
 * gives nothing), but say so before anything is downloaded, and again with a TLS error it may explain.
 */
export function trustProblems(sources: TrustSources = {}): TrustProblem[] {
  const problems: TrustProblem[] = [];
  const file = (variable: TrustProblem['variable'], path: string | undefined) => {
    const read = path ? readPem(path, 'any') : [];
    if (typeof read === 'string') problems.push({ variable, path: path!, fault: read });
  };
  file('SSL_CERT_FILE', sources.certFile);
  for (const dir of sources.certDir?.split(':').filter(Boolean) ?? []) {
    const read = readDir(dir, 'any');
    if (typeof read === 'string') problems.push({ variable: 'SSL_CERT_DIR', path: dir, fault: read });
  }
  file('NODE_EXTRA_CA_CERTS', sources.extraCerts);
  return problems;
}

/** Every trusted root as PEM, without duplicates. A SSL_CERT_FILE that gives none leaves the system bundle in place. */
export function trustedCertificates(sources: TrustSources = {}): string[] {
  const fromFile = sources.certFile ? pemBlocks(sources.certFile) : [];
  const system = fromFile.length ? fromFile : (SYSTEM_CA_BUNDLES.map((path) => pemBlocks(path, 'none')).find((b) => b.length) ?? []);
  const all = [...rootCertificates, ...system, ...(sources.certDir ? dirBlocks(sources.certDir) : []), ...(sources.extraCerts ? pemBlocks(sources.extraCerts) : [])];
  return [...new Set(all.map((pem) => pem.trim()))];
}

/** Where the certificate variables point, as read from `env` (unset or blank: absent). */
export function trustSources(env: NodeJS.ProcessEnv): TrustSources | undefined {
  const sources: TrustSources = {};
  if (env.SSL_CERT_FILE) sources.certFile = env.SSL_CERT_FILE;
  if (env.SSL_CERT_DIR) sources.certDir = env.SSL_CERT_DIR;
  if (env.NODE_EXTRA_CA_CERTS) sources.extraCerts = env.NODE_EXTRA_CA_CERTS;
  return Object.keys(sources).length ? sources : undefined;
}

/** One line naming the variable, the file, why it cannot be used and what is trusted instead. */
export function describeTrustProblem(problem: TrustProblem, t: Translate): string {
  return t('network.trust.unusable', {
    variable: problem.variable,
    path: problem.path,
    reason: t(`network.trust.fault.${problem.fault}`),
    consequence: t(problem.variable === 'SSL_CERT_FILE' ? 'network.trust.systemInstead' : 'network.trust.nothingFrom'),
  });
}

const contexts = new Map<string, SecureContext>();

export function trustedSecureContext(sources: TrustSources = {}): SecureContext {
  const key = JSON.stringify([sources.certFile, sources.certDir, sources.extraCerts]);
  let context = contexts.get(key);
  if (!context) {
    context = createSecureContext({ ca: trustedCertificates(sources) });
    contexts.set(key, context);
  }
  return context;
}

/** OpenSSL codes that mean "this certificate chain is not trusted here" (not a network failure). */
const UNTRUSTED = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'CERT_UNTRUSTED',
]);

export type TlsProblem = 'untrusted' | 'expired' | 'hostname' | 'other';

/** Classifies a TLS verification error by its code, or null when the error is not about certificates. */
export function tlsProblem(error: unknown): TlsProblem | null {
  const code = (error as { code?: string } | null)?.code ?? '';
  if (UNTRUSTED.has(code)) return 'untrusted';
  if (code === 'CERT_HAS_EXPIRED' || code === 'CERT_NOT_YET_VALID') return 'expired';
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') return 'hostname';
  if (/^(ERR_SSL_|ERR_TLS_|CERT_)/.test(code)) return 'other';
  return null;
}
