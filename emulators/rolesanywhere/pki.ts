/**
 * Test PKI for Roles Anywhere tests: keys from node:crypto, certificates from the `openssl` CLI
 * (a second, independent implementation of X.509), written to a scratch directory.
 * @module
 */
import { generateKeyPairSync, X509Certificate } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export type KeyKind = 'rsa' | 'p256' | 'p384';

export interface KeyPems {
  /** Unencrypted PKCS#8 PEM. */
  readonly privateKeyPem: string;
  readonly publicKeyPem: string;
}

export function generateKeyPems(kind: KeyKind): KeyPems {
  const pair =
    kind === 'rsa'
      ? generateKeyPairSync('rsa', { modulusLength: 2048 })
      : generateKeyPairSync('ec', { namedCurve: kind === 'p256' ? 'P-256' : 'P-384' });
  return {
    privateKeyPem: pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKeyPem: pair.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

export interface IssuedCertificate {
  readonly certPem: string;
  readonly keyPem: string;
  readonly certPath: string;
  readonly keyPath: string;
  readonly certificate: X509Certificate;
}

export interface CertificateOptions {
  readonly name: string;
  readonly kind?: KeyKind;
  readonly days?: number;
  /** Serial, a positive integer; openssl picks a random one when absent. */
  readonly serial?: bigint;
  /** Makes a CA (basicConstraints CA:TRUE, keyCertSign). */
  readonly ca?: boolean;
}

function openssl(args: readonly string[]): void {
  execFileSync('openssl', args, { stdio: ['ignore', 'ignore', 'pipe'] });
}

function finish(dir: string, name: string, keyPem: string): IssuedCertificate {
  const certPath = join(dir, `${name}.pem`);
  const certPem = readFileSync(certPath, 'utf8');
  return {
    certPem,
    keyPem,
    certPath,
    keyPath: join(dir, `${name}.key`),
    certificate: new X509Certificate(certPem),
  };
}

const CA_EXT = 'basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\n';
const LEAF_EXT =
  'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=clientAuth\n';

/** A self-signed certificate (a root CA when `ca` is set). */
export function selfSigned(dir: string, options: CertificateOptions): IssuedCertificate {
  const { privateKeyPem } = generateKeyPems(options.kind ?? 'rsa');
  const keyPath = join(dir, `${options.name}.key`);
  writeFileSync(keyPath, privateKeyPem);
  const ext = options.ca === true ? CA_EXT : LEAF_EXT;
  const args = ['req', '-x509', '-new', '-key', keyPath, '-subj', `/CN=${options.name}`];
  args.push('-days', String(options.days ?? 2), '-out', join(dir, `${options.name}.pem`));
  for (const line of ext.trim().split('\n')) args.push('-addext', line);
  if (options.serial !== undefined) args.push('-set_serial', String(options.serial));
  openssl(args);
  return finish(dir, options.name, privateKeyPem);
}

/** A certificate for a fresh key, signed by `issuer`. */
export function issue(
  dir: string,
  issuer: IssuedCertificate,
  options: CertificateOptions,
): IssuedCertificate {
  const { privateKeyPem } = generateKeyPems(options.kind ?? 'rsa');
  const keyPath = join(dir, `${options.name}.key`);
  const csrPath = join(dir, `${options.name}.csr`);
  const extPath = join(dir, `${options.name}.ext`);
  writeFileSync(keyPath, privateKeyPem);
  writeFileSync(extPath, options.ca === true ? CA_EXT : LEAF_EXT);
  openssl(['req', '-new', '-key', keyPath, '-subj', `/CN=${options.name}`, '-out', csrPath]);
  const args = ['x509', '-req', '-in', csrPath, '-CA', issuer.certPath, '-CAkey', issuer.keyPath];
  args.push('-days', String(options.days ?? 2), '-extfile', extPath);
  args.push('-out', join(dir, `${options.name}.pem`));
  if (options.serial !== undefined) args.push('-set_serial', String(options.serial));
  else args.push('-CAcreateserial', '-CAserial', join(dir, `${options.name}.srl`));
  openssl(args);
  return finish(dir, options.name, privateKeyPem);
}
