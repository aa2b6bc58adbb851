import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { formatOwnershipValue, parseOwnershipValue, parsePlain, serializePlain } from './labels-format.ts';
import { parseEncryptionKey } from './encryption.ts';

void describe('ownership TXT value', () => {
  void it('writes heritage first, then external-dns/<key>=<value> in byte order, quoted, without spaces (vector 6)', () => {
    const value = serializePlain({ team: 'payments', resource: 'crd/dns/records', owner: 'prod-eu' }, true);
    assert.equal(
      value,
      '"heritage=external-dns,external-dns/owner=prod-eu,external-dns/resource=crd/dns/records,external-dns/team=payments"',
    );
  });

  void it('writes only heritage and owner for a record without resource label (vector 7)', () => {
    assert.equal(serializePlain({ owner: 'default' }, true), '"heritage=external-dns,external-dns/owner=default"');
  });

  void it('sorts keys by bytes, so upper case sorts before lower case', () => {
    assert.equal(serializePlain({ b: '1', B: '2', a: '3' }, false), 'heritage=external-dns,external-dns/B=2,external-dns/a=3,external-dns/b=1');
  });

  void it('leaves the encryption nonce label out of the value', () => {
    assert.equal(
      serializePlain({ owner: 'o', 'txt-encryption-nonce': 'MDEyMzQ1Njc4OWFi' }, true),
      '"heritage=external-dns,external-dns/owner=o"',
    );
  });

  void it('parses a quoted value into labels', () => {
    assert.deepEqual(parsePlain('"heritage=external-dns,external-dns/owner=my-cluster,external-dns/resource=service/default/nginx"'), {
      owner: 'my-cluster',
      resource: 'service/default/nginx',
    });
  });

  void it('parses an unquoted value too', () => {
    assert.deepEqual(parsePlain('heritage=external-dns,external-dns/owner=a'), { owner: 'a' });
  });

  void it('treats a value without heritage as not ours', () => {
    assert.equal(parsePlain('"external-dns/owner=a"'), undefined);
    assert.equal(parsePlain('"v=spf1 include:_spf.example.com ~all"'), undefined);
  });

  void it('treats another heritage as not ours', () => {
    assert.equal(parsePlain('"heritage=other,external-dns/owner=a"'), undefined);
  });

  void it('ignores a __proto__ label key from a hostile TXT', () => {
    const parsed = parsePlain('"heritage=external-dns,external-dns/__proto__=x,external-dns/owner=a"');
    assert.deepEqual(parsed, { owner: 'a' });
    assert.equal(Object.getPrototypeOf(parsed), Object.prototype);
  });

  void it('ignores tokens that are not one key and one value, and keys of other prefixes', () => {
    assert.deepEqual(parsePlain('"heritage=external-dns,external-dns/owner=a,external-dns/x=1=2,foo=bar,junk"'), { owner: 'a' });
  });

  void it('round-trips plain labels', () => {
    const labels = { owner: 'o', resource: 'ingress/web/app' };
    assert.deepEqual(parseOwnershipValue(formatOwnershipValue(labels)), labels);
  });

  void it('round-trips encrypted labels and reports the nonce used', () => {
    const key = parseEncryptionKey('passphrasewhichneedstobe32bytes!');
    const value = formatOwnershipValue({ owner: 'o' }, key, 'MDEyMzQ1Njc4OWFi');
    assert.match(value, /^"MDEyMzQ1Njc4OWFi[A-Za-z0-9+/=]+"$/);
    assert.deepEqual(parseOwnershipValue(value, key), { owner: 'o', 'txt-encryption-nonce': 'MDEyMzQ1Njc4OWFi' });
  });

  void it('reads a plain value when a key is configured (mixed registries during a rollout)', () => {
    const key = parseEncryptionKey('passphrasewhichneedstobe32bytes!');
    assert.deepEqual(parseOwnershipValue('"heritage=external-dns,external-dns/owner=a"', key), { owner: 'a' });
  });

  void it('does not read an encrypted value without the key', () => {
    const key = parseEncryptionKey('passphrasewhichneedstobe32bytes!');
    assert.equal(parseOwnershipValue(formatOwnershipValue({ owner: 'o' }, key)), undefined);
  });
});

void describe('ownership TXT value properties', () => {
  // The format has no escaping: keys and values must avoid ',', '=' and '"' (as in ExternalDNS).
  const token = fc.stringMatching(/^[a-zA-Z0-9/._-]{1,20}$/).filter((k) => k !== '__proto__');
  const labels = fc
    .dictionary(token, fc.stringMatching(/^[a-zA-Z0-9/._ -]{0,20}$/), { maxKeys: 5 })
    .map((l) => ({ ...l }));

  void it('parses what it serialises, plain and quoted', () => {
    fc.assert(
      fc.property(labels, fc.boolean(), (l, quotes) => {
        assert.deepEqual(parsePlain(serializePlain(l, quotes)), l);
      }),
    );
  });

  void it('serialises equal label sets to the same bytes whatever the insertion order', () => {
    fc.assert(
      fc.property(labels, (l) => {
        const reversed = Object.fromEntries(Object.entries(l).reverse());
        assert.equal(serializePlain(reversed, true), serializePlain(l, true));
      }),
    );
  });
});
