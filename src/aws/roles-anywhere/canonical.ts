/**
 * SigV4 canonicalisation pieces used by the Roles Anywhere (SigV4-X509) signer: strict RFC 3986
 * encoding, canonical query, canonical headers, canonical request and string to sign.
 * Pure functions; the emulator deliberately has its own copy so a bug here cannot hide itself.
 * @module
 */
import { createHash } from 'node:crypto';

/** Percent-encodes everything but `A-Za-z0-9-_.~` (encodeURIComponent leaves `!'()*` alone). */
export function encodeRfc3986(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

export type QueryParams = readonly (readonly [name: string, value: string])[];

/** Encoded `name=value` pairs sorted by encoded name then value, joined by `&`. */
export function canonicalQuery(params: QueryParams): string {
  const encoded = params.map(([n, v]) => [encodeRfc3986(n), encodeRfc3986(v)] as const);
  encoded.sort(([an, av], [bn, bv]) => compareCodeUnits(an, bn) || compareCodeUnits(av, bv));
  return encoded.map(([n, v]) => `${n}=${v}`).join('&');
}

/** Encodes each path segment (the path is given unencoded); `/` separators stay. */
export function canonicalPath(path: string): string {
  if (path === '') return '/';
  return path.split('/').map(encodeRfc3986).join('/');
}

/** Headers SigV4 never signs: they change in transit or are added by proxies. */
const UNSIGNED = new Set(['authorization', 'user-agent', 'x-amzn-trace-id']);

export interface CanonicalHeaders {
  /** `name:value\n` for every signed header, sorted by name. */
  readonly block: string;
  /** Lower-cased names joined by `;`. */
  readonly signedHeaders: string;
}

/** Lower-cases names, trims values and collapses inner runs of spaces; repeated names join with `,`. */
export function canonicalHeaders(headers: Readonly<Record<string, string>>): CanonicalHeaders {
  const byName = new Map<string, string[]>();
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase();
    if (UNSIGNED.has(lower)) continue;
    const list = byName.get(lower) ?? [];
    list.push(value.trim().replace(/ +/g, ' '));
    byName.set(lower, list);
  }
  const names = [...byName.keys()].sort(compareCodeUnits);
  const block = names.map((n) => `${n}:${(byName.get(n) ?? []).join(',')}\n`).join('');
  return { block, signedHeaders: names.join(';') };
}

export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

export interface CanonicalRequestInput {
  readonly method: string;
  readonly path: string;
  readonly query: QueryParams;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string | Uint8Array;
}

export function canonicalRequest(input: CanonicalRequestInput): {
  text: string;
  signedHeaders: string;
} {
  const { block, signedHeaders } = canonicalHeaders(input.headers);
  const text = [
    input.method.toUpperCase(),
    canonicalPath(input.path),
    canonicalQuery(input.query),
    block,
    signedHeaders,
    sha256Hex(input.body),
  ].join('\n');
  return { text, signedHeaders };
}

/** `YYYYMMDDTHHMMSSZ` in UTC. */
export function amzDate(date: Date): string {
  return date.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

export function credentialScope(date: string, region: string, service: string): string {
  return `${date.slice(0, 8)}/${region}/${service}/aws4_request`;
}

export function stringToSign(
  algorithm: string,
  date: string,
  scope: string,
  canonicalRequestText: string,
): string {
  return [algorithm, date, scope, sha256Hex(canonicalRequestText)].join('\n');
}

/** Byte-order comparison, as SigV4 sorts (localeCompare would not). */
function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
