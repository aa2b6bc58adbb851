/**
 * Encrypted ownership values (`--txt-encrypt-enabled`, `--txt-encrypt-aes-key`), compatible with
 * ExternalDNS: base64std(nonce ‖ AES-256-GCM(gzip(plain labels)) ‖ tag), 12-byte nonce, no AAD.
 *
 * Go's gzip output (compress/flate level 9 plus its own framing) cannot be reproduced with zlib, so
 * a value we re-encrypt decrypts to the same labels but differs in bytes from the one Go wrote. The
 * registry therefore never deletes an encrypted TXT by regenerating it: it sends the raw value it
 * read. For the same reason re-using the nonce read from a TXT would not reproduce its bytes, so
 * every write takes a fresh random nonce.
 * @module
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { gunzipSync, gzipSync, constants as zlib } from 'node:zlib';
import { TxtConfigError } from './name-mapper.ts';

export const NONCE_BYTES = 12;
const TAG_BYTES = 16;
const KEY_BYTES = 32;
/** Ownership values are a few hundred bytes; a bound keeps a hostile TXT from inflating without limit. */
const MAX_PLAIN_BYTES = 64 * 1024;

const STD_BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Standard (not URL-safe) base64 with padding, as Go's base64.StdEncoding; undefined when invalid. */
export function decodeStdBase64(text: string): Buffer | undefined {
  return STD_BASE64.test(text) ? Buffer.from(text, 'base64') : undefined;
}

/**
 * The AES-256 key from `--txt-encrypt-aes-key`: the raw bytes when the value is exactly 32 bytes
 * long, else its standard base64 decoding, which must be 32 bytes. The key never appears in errors.
 */
export function parseEncryptionKey(raw: string): Buffer {
  const bytes = Buffer.from(raw, 'utf8');
  if (bytes.length === KEY_BYTES) return bytes;
  const decoded = decodeStdBase64(raw.trim());
  if (decoded?.length === KEY_BYTES) return decoded;
  throw new TxtConfigError(
    `--txt-encrypt-aes-key: the value (${bytes.length} bytes, not shown) is neither exactly 32 bytes nor standard base64 ` +
      `of 32 bytes; give a 32-character key or the output of \`openssl rand -base64 32\``,
  );
}

/**
 * Encrypts the unquoted label text. `nonce` (base64, 12 bytes) is only for reproducible tests;
 * leave it out to get a random one.
 */
export function encryptText(plain: string, key: Buffer, nonce?: string): string {
  const nonceBytes = nonce === undefined ? randomBytes(NONCE_BYTES) : decodeStdBase64(nonce);
  if (nonceBytes?.length !== NONCE_BYTES) {
    throw new Error(`encryption nonce "${nonce ?? ''}" must be standard base64 of ${NONCE_BYTES} bytes`);
  }
  const compressed = gzipSync(Buffer.from(plain, 'utf8'), { level: zlib.Z_BEST_COMPRESSION });
  const cipher = createCipheriv('aes-256-gcm', key, nonceBytes, { authTagLength: TAG_BYTES });
  const sealed = Buffer.concat([cipher.update(compressed), cipher.final(), cipher.getAuthTag()]);
  return Buffer.concat([nonceBytes, sealed]).toString('base64');
}

/** The decrypted text and its nonce (base64), or undefined when `text` is not ours to decrypt. */
export type Decrypted = Readonly<{ text: string; nonce: string }>;

/** Decrypts a value (surrounding quotes allowed). Any failure means "not encrypted with this key". */
export function decryptText(value: string, key: Buffer): Decrypted | undefined {
  const data = decodeStdBase64(value.replace(/^"+|"+$/g, ''));
  if (data === undefined || data.length <= NONCE_BYTES + TAG_BYTES) return undefined;
  const nonce = data.subarray(0, NONCE_BYTES);
  const body = data.subarray(NONCE_BYTES, data.length - TAG_BYTES);
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, nonce, { authTagLength: TAG_BYTES });
    decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
    const compressed = Buffer.concat([decipher.update(body), decipher.final()]);
    const plain = gunzipSync(compressed, { maxOutputLength: MAX_PLAIN_BYTES });
    return { text: plain.toString('utf8'), nonce: nonce.toString('base64') };
  } catch {
    return undefined;
  }
}
