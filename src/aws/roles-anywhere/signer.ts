/**
 * SigV4-X509 request signer (IAM Roles Anywhere): SigV4 with the private key of an X.509
 * certificate in place of the HMAC key. Generic over service, method, path, query, headers and
 * body so fixed vectors from other clients can be reproduced; pure apart from node:crypto.
 * @module
 */
import { sign as cryptoSign } from 'node:crypto';
import type { KeyObject, X509Certificate } from 'node:crypto';
import {
  amzDate,
  canonicalQuery,
  canonicalRequest,
  credentialScope,
  stringToSign,
} from './canonical.ts';
import type { QueryParams } from './canonical.ts';

export const RSA_ALGORITHM = 'AWS4-X509-RSA-SHA256';
export const ECDSA_ALGORITHM = 'AWS4-X509-ECDSA-SHA256';
export type SigningAlgorithm = typeof RSA_ALGORITHM | typeof ECDSA_ALGORITHM;

/** The certificate, its intermediates (leaf excluded, file order) and the matching private key. */
export interface SigningIdentity {
  readonly certificate: X509Certificate;
  readonly chain: readonly X509Certificate[];
  readonly privateKey: KeyObject;
}

export interface SignableRequest {
  readonly method: string;
  /** Host as sent on the wire, with `:port` when the URL has a non-default port. */
  readonly host: string;
  /** Unencoded path, e.g. `/sessions`. */
  readonly path: string;
  readonly query: QueryParams;
  /** Extra headers to send and sign; Content-Type defaults to application/json. */
  readonly headers?: Readonly<Record<string, string>>;
  readonly body: string | Uint8Array;
}

export interface SigningParams {
  readonly region: string;
  readonly service: string;
  readonly date: Date;
}

export interface SignedRequest {
  /** Every header to send, Authorization included. */
  readonly headers: Readonly<Record<string, string>>;
  /** The encoded query string to put on the wire (exactly the signed one), without `?`. */
  readonly queryString: string;
  readonly algorithm: SigningAlgorithm;
  readonly canonicalRequest: string;
  readonly stringToSign: string;
  /** Lowercase hex. */
  readonly signature: string;
}

/** Chooses the algorithm from the key type; anything but RSA and EC is refused. */
export function algorithmFor(key: KeyObject): SigningAlgorithm {
  const type = key.asymmetricKeyType;
  if (type === 'rsa') return RSA_ALGORITHM;
  if (type === 'ec') return ECDSA_ALGORITHM;
  throw new Error(
    `Roles Anywhere signing: key type "${String(type)}" is not supported; use an RSA or EC (P-256/P-384) key`,
  );
}

/** The certificate serial as a decimal string, the form the Credential field carries. */
export function serialDecimal(certificate: X509Certificate): string {
  return BigInt(`0x${certificate.serialNumber}`).toString(10);
}

/** Base64 DER, no line breaks: the X-Amz-X509 / X-Amz-X509-Chain encoding. */
export function certificateBase64(certificate: X509Certificate): string {
  return certificate.raw.toString('base64');
}

/**
 * Signs with SHA-256 whatever the key: RSASSA-PKCS1-v1_5 for RSA, DER-encoded ECDSA for every
 * curve (P-384 included; the service verifies with SHA-256).
 */
export function signBytes(key: KeyObject, data: string): string {
  const algorithm = algorithmFor(key);
  const signature =
    algorithm === RSA_ALGORITHM
      ? cryptoSign('sha256', Buffer.from(data, 'utf8'), key)
      : cryptoSign('sha256', Buffer.from(data, 'utf8'), { key, dsaEncoding: 'der' });
  return signature.toString('hex');
}

/** Headers the signer owns; a caller's copy is dropped so no name appears twice. */
const SET_BY_SIGNER = new Set(['authorization', 'host', 'x-amz-date', 'x-amz-x509', 'x-amz-x509-chain']);

export function signRequest(
  request: SignableRequest,
  identity: SigningIdentity,
  params: SigningParams,
): SignedRequest {
  const algorithm = algorithmFor(identity.privateKey);
  const date = amzDate(params.date);
  const headers: Record<string, string> = {};
  const given = request.headers ?? {};
  for (const [name, value] of Object.entries(given)) {
    if (SET_BY_SIGNER.has(name.toLowerCase())) continue;
    headers[name] = value;
  }
  if (!Object.keys(headers).some((n) => n.toLowerCase() === 'content-type')) {
    headers['Content-Type'] = 'application/json';
  }
  headers.Host = request.host;
  headers['X-Amz-Date'] = date;
  headers['X-Amz-X509'] = certificateBase64(identity.certificate);
  if (identity.chain.length > 0) {
    headers['X-Amz-X509-Chain'] = identity.chain.map(certificateBase64).join(',');
  }

  const canonical = canonicalRequest({
    method: request.method,
    path: request.path,
    query: request.query,
    headers,
    body: request.body,
  });
  const scope = credentialScope(date, params.region, params.service);
  const sts = stringToSign(algorithm, date, scope, canonical.text);
  const signature = signBytes(identity.privateKey, sts);
  headers.Authorization =
    `${algorithm} Credential=${serialDecimal(identity.certificate)}/${scope}, ` +
    `SignedHeaders=${canonical.signedHeaders}, Signature=${signature}`;
  return {
    headers,
    queryString: canonicalQuery(request.query),
    algorithm,
    canonicalRequest: canonical.text,
    stringToSign: sts,
    signature,
  };
}
