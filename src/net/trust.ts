// Certificates the wizard's HTTPS trusts: Node's bundled roots, the system store (what `update-ca-certificates`
// maintains, so a corporate CA installed the Ubuntu way works), SSL_CERT_FILE / SSL_CERT_DIR (which Go, curl and
// git honour) and NODE_EXTRA_CA_CERTS. Built once per set of sources and shared by every connection.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createSecureContext, rootCertificates, type SecureContext } from 'node:tls';

export interface TrustSources {
  /** SSL_CERT_FILE: a PEM bundle (replaces the system bundle, as it does for curl and Go). */
  certFile?: string;
  /** SSL_CERT_DIR: a directory of PEM files (colon-separated list allowed, as OpenSSL reads it). */
  certDir?: string;
  /** NODE_EXTRA_CA_CERTS: a PEM file of extra roots. */
  extraCerts?: string;
}

/** Debian/Ubuntu's bundle; other places where distributions keep theirs are tried after it. */
export const SYSTEM_CA_BUNDLES = ['/etc/ssl/certs/ca-certificates.crt', '/etc/pki/tls/certs/ca-bundle.crt', '/etc/ssl/cert.pem'];

const PEM_BLOCK = /-----BEGIN CERTIFICATE-----[^-]+-----END CERTIFICATE-----/g;

function pemBlocks(path: string): string[] {
  try {
    return readFileSync(path, 'latin1').match(PEM_BLOCK) ?? [];
  } catch {
    return [];
  }
}

function dirBlocks(dir: string): string[] {
  const blocks: string[] = [];
  for (const one of dir.split(':').filter(Boolean)) {
    let names: string[];
    try {
      names = readdirSync(one);
    } catch {
      continue;
    }
    for (const name of names) {
      const path = join(one, name);
      try {
        if (statSync(path).isFile()) blocks.push(...pemBlocks(path));
      } catch {
        // a dangling link in the directory
      }
    }
  }
  return blocks;
}

/** Every trusted root as PEM, without duplicates. */
export function trustedCertificates(sources: TrustSources = {}): string[] {
  const system = sources.certFile ? pemBlocks(sources.certFile) : (SYSTEM_CA_BUNDLES.map(pemBlocks).find((b) => b.length) ?? []);
  const all = [...rootCertificates, ...system, ...(sources.certDir ? dirBlocks(sources.certDir) : []), ...(sources.extraCerts ? pemBlocks(sources.extraCerts) : [])];
  return [...new Set(all.map((pem) => pem.trim()))];
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
