/**
 * Certificate and private key material: read from files (thin I/O), then parsed and checked
 * (pure): the key must match the certificate and the certificate must be in date. Errors name
 * the file and never include key bytes or the passphrase.
 * @module
 */
import { createHash, createPrivateKey, X509Certificate } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { RolesAnywhereError, describeError } from './errors.ts';
import { serialDecimal } from './signer.ts';
import type { SigningIdentity } from './signer.ts';

export interface MaterialPaths {
  readonly certificatePath: string;
  readonly privateKeyPath: string;
  /** PEM bundle of intermediates, leaf excluded. */
  readonly chainPath?: string;
  /** File holding the passphrase of an encrypted PKCS#8 key (trailing newline ignored). */
  readonly privateKeyPassphraseFile?: string;
}

/** Bytes as read, plus a digest of all of them: equal digests mean nothing changed. */
export interface RawMaterial {
  readonly certificate: Buffer;
  readonly privateKey: Buffer;
  readonly chain: Buffer | undefined;
  readonly passphrase: string | undefined;
  readonly fingerprint: string;
}

export interface LoadedMaterial {
  readonly identity: SigningIdentity;
  readonly fingerprint: string;
  readonly subject: string;
  /** Decimal, as in the Credential field. */
  readonly serial: string;
  readonly notBefore: Date;
  readonly notAfter: Date;
}

async function readOne(path: string, what: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? describeError(err);
    throw new RolesAnywhereError('FileUnreadable', `Roles Anywhere ${what} file ${path} cannot be read (${code})`, {
      cause: err,
    });
  }
}

export async function readMaterial(paths: MaterialPaths, passphrase?: string): Promise<RawMaterial> {
  const [certificate, privateKey, chain, passFile] = await Promise.all([
    readOne(paths.certificatePath, 'certificate'),
    readOne(paths.privateKeyPath, 'private key'),
    paths.chainPath === undefined ? undefined : readOne(paths.chainPath, 'certificate chain'),
    paths.privateKeyPassphraseFile === undefined
      ? undefined
      : readOne(paths.privateKeyPassphraseFile, 'private key passphrase'),
  ]);
  const effective = passFile === undefined ? passphrase : passFile.toString('utf8').replace(/\r?\n$/, '');
  const hash = createHash('sha256');
  for (const part of [certificate, privateKey, chain ?? Buffer.alloc(0), Buffer.from(effective ?? '')]) {
    hash.update(createHash('sha256').update(part).digest());
  }
  return { certificate, privateKey, chain, passphrase: effective, fingerprint: hash.digest('hex') };
}

const PEM_CERT = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

function parseCertificates(bytes: Buffer, path: string, what: string): X509Certificate[] {
  const blocks = bytes.toString('utf8').match(PEM_CERT) ?? [];
  if (blocks.length === 0) {
    throw new RolesAnywhereError('CertificateInvalid', `Roles Anywhere ${what} file ${path} holds no PEM certificate`);
  }
  return blocks.map((block, i) => {
    try {
      return new X509Certificate(block);
    } catch (err) {
      throw new RolesAnywhereError(
        'CertificateInvalid',
        `Roles Anywhere ${what} file ${path}: PEM certificate #${i + 1} cannot be parsed (${describeError(err)})`,
      );
    }
  });
}

function parseKey(bytes: Buffer, path: string, passphrase: string | undefined): KeyObject {
  const text = bytes.toString('utf8');
  const encrypted = text.includes('-----BEGIN ENCRYPTED PRIVATE KEY-----') || text.includes('Proc-Type: 4,ENCRYPTED');
  if (encrypted && passphrase === undefined) {
    throw new RolesAnywhereError(
      'InvalidConfiguration',
      `Roles Anywhere private key file ${path} is encrypted but no passphrase was given (set a passphrase file or value)`,
    );
  }
  try {
    return createPrivateKey({ key: text, format: 'pem', ...(encrypted ? { passphrase } : {}) });
  } catch {
    // The crypto error text is not passed on: it can quote parts of the input.
    throw new RolesAnywhereError(
      'FileUnreadable',
      encrypted
        ? `Roles Anywhere private key file ${path} cannot be decrypted: check the passphrase`
        : `Roles Anywhere private key file ${path} is not a PEM private key (PKCS#8, PKCS#1 RSA or SEC1 EC)`,
    );
  }
}

/** Checks the certificate is in date at `now`; throws naming the file. */
export function checkValidity(material: LoadedMaterial, path: string, now: Date): void {
  const desc = `Roles Anywhere certificate ${path} (subject "${material.subject}", serial ${material.serial})`;
  if (now < material.notBefore) {
    throw new RolesAnywhereError(
      'CertificateInvalid',
      `${desc} is not valid until ${material.notBefore.toISOString()}; check the clock or wait for the certificate to become valid`,
    );
  }
  if (now > material.notAfter) {
    throw new RolesAnywhereError(
      'CertificateInvalid',
      `${desc} expired at ${material.notAfter.toISOString()}; renew the certificate`,
    );
  }
}

/** Parses and checks raw material. Throws (naming the file) rather than return a broken pair. */
export function parseMaterial(raw: RawMaterial, paths: MaterialPaths, now: Date): LoadedMaterial {
  const certs = parseCertificates(raw.certificate, paths.certificatePath, 'certificate');
  const [certificate, ...bundled] = certs as [X509Certificate, ...X509Certificate[]];
  const chain =
    raw.chain === undefined || paths.chainPath === undefined
      ? bundled
      : [...bundled, ...parseCertificates(raw.chain, paths.chainPath, 'certificate chain')];
  const privateKey = parseKey(raw.privateKey, paths.privateKeyPath, raw.passphrase);
  const type = privateKey.asymmetricKeyType;
  if (type !== 'rsa' && type !== 'ec') {
    throw new RolesAnywhereError(
      'InvalidConfiguration',
      `Roles Anywhere private key file ${paths.privateKeyPath} holds a ${String(type)} key; use an RSA or EC key`,
    );
  }
  if (!certificate.checkPrivateKey(privateKey)) {
    throw new RolesAnywhereError(
      'KeyMismatch',
      `Roles Anywhere private key file ${paths.privateKeyPath} does not match certificate ${paths.certificatePath} (serial ${serialDecimal(certificate)})`,
    );
  }
  const material: LoadedMaterial = {
    identity: { certificate, chain, privateKey },
    fingerprint: raw.fingerprint,
    subject: certificate.subject.replace(/\n/g, ', '),
    serial: serialDecimal(certificate),
    notBefore: certificate.validFromDate,
    notAfter: certificate.validToDate,
  };
  checkValidity(material, paths.certificatePath, now);
  return material;
}

/** Reads, parses and checks in one go: a startup check for the composition root. */
export async function loadMaterial(paths: MaterialPaths, now: Date, passphrase?: string): Promise<LoadedMaterial> {
  return parseMaterial(await readMaterial(paths, passphrase), paths, now);
}
