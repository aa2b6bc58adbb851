import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decryptText, encryptText, parseEncryptionKey } from './encryption.ts';
import { TxtConfigError } from './name-mapper.ts';
import { parseOwnershipValue } from './labels-format.ts';

const KEY = 'passphrasewhichneedstobe32bytes!';
// external-dns.md §3.2 vector 9, produced by Go's endpoint/crypto.go.
const VECTOR_9 =
  '"MDEyMzQ1Njc4OWFiWz7giX9EZn4GBJpOALWiIULOjaMHb8itiYhtTlAHL84Tvw9tM0NV6C2Ss2ga1S/y3PVVDO+WqPWUO9OLaMbVBiR1LFa46+Aezih51D0gjXqVmRwQXGoS0nTRPj84dgJ7vG8FeWP0HbHTZrbl+daGsQ=="';

void describe('TXT encryption', () => {
  void it('decrypts reference vector 9 written by Go ExternalDNS to its labels and nonce', () => {
    const key = parseEncryptionKey(KEY);
    assert.deepEqual(decryptText(VECTOR_9, key), {
      text: 'heritage=external-dns,external-dns/owner=my-cluster,external-dns/resource=service/default/nginx',
      nonce: 'MDEyMzQ1Njc4OWFi',
    });
    assert.deepEqual(parseOwnershipValue(VECTOR_9, key), {
      owner: 'my-cluster',
      resource: 'service/default/nginx',
      'txt-encryption-nonce': 'MDEyMzQ1Njc4OWFi',
    });
  });

  void it('round-trips encrypt then decrypt with a random nonce', () => {
    const key = parseEncryptionKey(KEY);
    const plain = 'heritage=external-dns,external-dns/owner=o,external-dns/resource=ingress/a/b';
    const sealed = encryptText(plain, key);
    const opened = decryptText(sealed, key);
    assert.equal(opened?.text, plain);
    assert.equal(Buffer.from(opened.nonce, 'base64').length, 12);
  });

  void it('uses a given nonce as the first 12 bytes of the value', () => {
    const key = parseEncryptionKey(KEY);
    assert.ok(encryptText('x', key, 'MDEyMzQ1Njc4OWFi').startsWith('MDEyMzQ1Njc4OWFi'));
  });

  void it('makes two encryptions of one text differ (fresh nonces)', () => {
    const key = parseEncryptionKey(KEY);
    const first = encryptText('x', key);
    const second = encryptText('x', key);
    assert.notEqual(first, second);
    // The difference is the nonce itself (the first 12 bytes), not only the ciphertext.
    assert.notEqual(decryptText(first, key)?.nonce, decryptText(second, key)?.nonce);
  });

  void it('fails to decrypt with another key, a tampered value, short data or non-base64', () => {
    const key = parseEncryptionKey(KEY);
    const other = parseEncryptionKey('another-key-that-is-32-bytes-ok!');
    assert.equal(decryptText(VECTOR_9, other), undefined);
    const tampered = VECTOR_9.replace('Wz7g', 'Wz7h');
    assert.equal(decryptText(tampered, key), undefined);
    assert.equal(decryptText('"MDEyMzQ1Njc4OWFi"', key), undefined);
    assert.equal(decryptText('"heritage=external-dns,external-dns/owner=a"', key), undefined);
  });

  void it('accepts a 32-byte raw key and a standard-base64 32-byte key as the same key', () => {
    const raw = parseEncryptionKey(KEY);
    const b64 = parseEncryptionKey(Buffer.from(KEY).toString('base64'));
    assert.deepEqual(b64, raw);
  });

  void it('refuses a key of another length with an error naming the flag but not the key', () => {
    const secret = 'too-short-secret';
    assert.throws(
      () => parseEncryptionKey(secret),
      (e: unknown) => e instanceof TxtConfigError && e.message.includes('--txt-encrypt-aes-key') && !e.message.includes(secret),
    );
  });

  void it('refuses URL-safe base64 (ExternalDNS decodes with the standard alphabet)', () => {
    const bytes = Buffer.alloc(32, 0xfb); // encodes with '+' and '/' in standard base64
    const urlSafe = bytes.toString('base64url');
    assert.throws(() => parseEncryptionKey(urlSafe), TxtConfigError);
    assert.deepEqual(parseEncryptionKey(bytes.toString('base64')), bytes);
  });
});
