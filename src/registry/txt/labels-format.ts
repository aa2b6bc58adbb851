/**
 * The ownership TXT value: `"heritage=external-dns,external-dns/owner=…,external-dns/resource=…"`,
 * byte-identical to ExternalDNS (Route53 deletes a TXT only when given its exact value), optionally
 * AES-GCM encrypted (encryption.ts).
 * @module
 */
import { LABEL, type Labels } from '../../endpoint/index.ts';
import { decryptText, encryptText } from './encryption.ts';

export const HERITAGE = 'external-dns';

/**
 * Plain serialisation: `heritage=external-dns` first, then every label but the nonce as
 * `external-dns/<key>=<value>`, keys in byte order, joined by `,`. No escaping, as in ExternalDNS.
 */
export function serializePlain(labels: Labels, quotes: boolean): string {
  const keys = Object.keys(labels)
    .filter((k) => k !== LABEL.encryptionNonce)
    .sort(compareBytes);
  const tokens = [`heritage=${HERITAGE}`, ...keys.map((k) => `${HERITAGE}/${k}=${labels[k] ?? ''}`)];
  const text = tokens.join(',');
  return quotes ? `"${text}"` : text;
}

/**
 * Parses plain label text, or returns undefined when it is not an ownership value (no
 * `heritage=external-dns`, or another heritage): such TXT records are ordinary foreign records.
 * Like ExternalDNS, a token that does not split into exactly one key and one value is ignored.
 */
export function parsePlain(text: string): Record<string, string> | undefined {
  const labels: Record<string, string> = {};
  let heritage = false;
  for (const token of text.replace(/^"+|"+$/g, '').split(',')) {
    const parts = token.split('=');
    if (parts.length !== 2) continue;
    const [key = '', value = ''] = parts;
    if (key === 'heritage') {
      if (value !== HERITAGE) return undefined;
      heritage = true;
    } else if (key.startsWith(HERITAGE)) {
      const name = key.startsWith(`${HERITAGE}/`) ? key.slice(HERITAGE.length + 1) : key;
      // Assigning `__proto__` would change the object's prototype, not add a label.
      if (name !== '__proto__') labels[name] = value;
    }
  }
  return heritage ? labels : undefined;
}

/**
 * The quoted TXT value for `labels`: plain, or encrypted when `key` is given. `nonce` (base64)
 * is for reproducible tests only; without it each write uses a fresh random nonce.
 */
export function formatOwnershipValue(labels: Labels, key?: Buffer, nonce?: string): string {
  if (key === undefined) return serializePlain(labels, true);
  return `"${encryptText(serializePlain(labels, false), key, nonce)}"`;
}

/**
 * Reads a TXT value: with a key, first tries to decrypt (keeping the nonce in label
 * `txt-encryption-nonce`); if that fails, reads it as plain text. Undefined = not an ownership value.
 */
export function parseOwnershipValue(value: string, key?: Buffer): Record<string, string> | undefined {
  if (key !== undefined) {
    const decrypted = decryptText(value, key);
    if (decrypted !== undefined) {
      const labels = parsePlain(decrypted.text);
      return labels === undefined ? undefined : { ...labels, [LABEL.encryptionNonce]: decrypted.nonce };
    }
  }
  return parsePlain(value);
}

function compareBytes(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}
