/**
 * Independent verification of a Roles Anywhere CreateSession request, as the service does it:
 * the canonical request is rebuilt from the raw bytes received (written here separately from the
 * client signer on purpose), the signature is checked with the key of the X-Amz-X509 certificate,
 * and the certificate must be in date and chain to a configured trust anchor.
 * @module
 */
import { createHash, verify as cryptoVerify, X509Certificate } from 'node:crypto';
import { canonicalQueryFromRaw, canonicalHeaderBlock } from './canonical.ts';
import { checkChain } from './chain.ts';

/** The request as it arrived: method, request target, raw header pairs and body bytes. */
export interface RawRequest {
  readonly method: string;
  /** Path and query exactly as on the request line. */
  readonly target: string;
  /** Node's `rawHeaders`: name, value, name, value … */
  readonly rawHeaders: readonly string[];
  readonly body: Buffer;
}

export interface VerifyOptions {
  readonly trustAnchors: readonly X509Certificate[];
  readonly now: Date;
  readonly clockSkewSeconds: number;
  /** The region the scope must name (taken from the trust anchor ARN by the server). */
  readonly region?: string;
}

export type VerifyResult =
  | { readonly ok: true; readonly certificate: X509Certificate; readonly serial: string }
  | { readonly ok: false; readonly reason: string };

const AUTH =
  /^(AWS4-X509-RSA-SHA256|AWS4-X509-ECDSA-SHA256) Credential=([^,\s]+), ?SignedHeaders=([^,\s]+), ?Signature=([0-9a-fA-F]+)$/;

function refuse(reason: string): VerifyResult {
  return { ok: false, reason };
}

function headerValues(raw: readonly string[], name: string): string[] {
  const values: string[] = [];
  for (let i = 0; i + 1 < raw.length; i += 2) {
    if (raw[i]?.toLowerCase() === name) values.push(raw[i + 1] ?? '');
  }
  return values;
}

function parseAmzDate(value: string): Date | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (m === null) return undefined;
  const d = new Date(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}Z`);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

function decodeCertificate(b64: string, what: string): X509Certificate | string {
  try {
    return new X509Certificate(Buffer.from(b64.trim(), 'base64'));
  } catch {
    return `${what} is not a base64 DER X.509 certificate`;
  }
}

export function verifyCreateSession(req: RawRequest, options: VerifyOptions): VerifyResult {
  const auth = headerValues(req.rawHeaders, 'authorization');
  const m = auth.length === 1 ? AUTH.exec(auth[0] ?? '') : null;
  if (m === null) return refuse('Authorization header is missing or malformed');
  const [, algorithm = '', credential = '', signedHeaders = '', signature = ''] = m;

  const dates = headerValues(req.rawHeaders, 'x-amz-date');
  const date = dates.length === 1 ? parseAmzDate(dates[0] ?? '') : undefined;
  if (date === undefined) return refuse('X-Amz-Date header is missing or malformed');
  const skew = Math.abs(options.now.getTime() - date.getTime()) / 1000;
  if (skew > options.clockSkewSeconds) {
    return refuse(
      `Signature expired or not yet valid: request time ${dates[0] ?? ''} is ${Math.round(skew)} s from server time ${options.now.toISOString()} (clock skew, allowed ${options.clockSkewSeconds} s)`,
    );
  }

  const scope = credential.split('/');
  const [serial = '', scopeDate, region, service, terminal] = scope;
  if (scope.length !== 5 || terminal !== 'aws4_request') return refuse('Credential scope is malformed');
  if (scopeDate !== dates[0]?.slice(0, 8)) return refuse('Credential scope date does not match X-Amz-Date');
  if (service !== 'rolesanywhere') return refuse(`Credential scope service "${String(service)}" is not rolesanywhere`);
  if (options.region !== undefined && region !== options.region) {
    return refuse(`Credential scope region "${String(region)}" does not match ${options.region}`);
  }

  const x509 = headerValues(req.rawHeaders, 'x-amz-x509');
  if (x509.length !== 1) return refuse('X-Amz-X509 header is missing');
  const leaf = decodeCertificate(x509[0] ?? '', 'X-Amz-X509');
  if (typeof leaf === 'string') return refuse(leaf);
  const certSerial = BigInt(`0x${leaf.serialNumber}`).toString(10);
  if (serial !== certSerial) {
    return refuse(`Credential serial ${serial} does not match the certificate serial ${certSerial}`);
  }
  const keyType = leaf.publicKey.asymmetricKeyType;
  const expected = keyType === 'rsa' ? 'AWS4-X509-RSA-SHA256' : keyType === 'ec' ? 'AWS4-X509-ECDSA-SHA256' : '';
  if (algorithm !== expected) {
    return refuse(`Algorithm ${algorithm} does not match the certificate key type ${String(keyType)}`);
  }

  const signed = signedHeaders.split(';');
  for (const required of ['host', 'x-amz-date', 'x-amz-x509']) {
    if (!signed.includes(required)) return refuse(`SignedHeaders must include ${required}`);
  }
  const chainValues = headerValues(req.rawHeaders, 'x-amz-x509-chain');
  if (chainValues.length > 0 && !signed.includes('x-amz-x509-chain')) {
    return refuse('SignedHeaders must include x-amz-x509-chain when the chain is sent');
  }
  const [path, query] = splitTarget(req.target);
  const canonicalQuery = canonicalQueryFromRaw(query);
  if (canonicalQuery === undefined) return refuse('query string is not valid percent-encoding');
  const canonical = [
    req.method,
    path,
    canonicalQuery,
    canonicalHeaderBlock(req.rawHeaders, signed),
    signedHeaders,
    createHash('sha256').update(req.body).digest('hex'),
  ].join('\n');
  const toSign = [
    algorithm,
    dates[0] ?? '',
    scope.slice(1).join('/'),
    createHash('sha256').update(canonical, 'utf8').digest('hex'),
  ].join('\n');
  const good = cryptoVerify('sha256', Buffer.from(toSign, 'utf8'), leaf.publicKey, Buffer.from(signature, 'hex'));
  if (!good) {
    return refuse(
      'The request signature we calculated does not match the signature you provided (signature mismatch: check the body, query and signed headers)',
    );
  }

  const intermediates: X509Certificate[] = [];
  for (const part of (chainValues[0] ?? '').split(',').filter((p) => p !== '')) {
    const cert = decodeCertificate(part, 'X-Amz-X509-Chain entry');
    if (typeof cert === 'string') return refuse(cert);
    intermediates.push(cert);
  }
  const chainProblem = checkChain(leaf, intermediates, options.trustAnchors, options.now);
  if (chainProblem !== undefined) return refuse(chainProblem);
  return { ok: true, certificate: leaf, serial: certSerial };
}

function splitTarget(target: string): [string, string] {
  const q = target.indexOf('?');
  return q < 0 ? [target, ''] : [target.slice(0, q), target.slice(q + 1)];
}
