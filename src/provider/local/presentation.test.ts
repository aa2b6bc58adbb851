import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { presentationStrings, tokenizeLine, txtStrings } from './presentation.ts';

const strings = (v: string) => txtStrings(v).map((b) => b.toString('utf8'));

void describe('presentation format', () => {
  void it('reads quoted strings with \\" and \\DDD escapes', () => {
    assert.deepEqual(strings('"a \\"b\\" \\059c" d'), ['a "b" ;c', 'd']);
  });

  void it('treats an ExternalDNS ownership value as one string without its quotes', () => {
    assert.deepEqual(strings('"heritage=external-dns,external-dns/owner=default"'), ['heritage=external-dns,external-dns/owner=default']);
  });

  void it('takes text that is not clean presentation literally, cut at 255 octets', () => {
    assert.deepEqual(strings('say "hi'), ['say "hi']);
    assert.deepEqual(strings('a ; b'), ['a ; b']);
    const long = 'x'.repeat(600);
    assert.deepEqual(txtStrings(long).map((b) => b.length), [255, 255, 90]);
    assert.equal(presentationStrings(`"${long}"`), undefined);
  });

  void it('splits a line into tokens, parentheses and a trailing comment', () => {
    const line = tokenizeLine('@ IN SOA ( 1 2 ) ; serial');
    assert.ok(line.ok);
    assert.deepEqual(line.tokens.map((t) => t.kind), ['word', 'word', 'word', 'open', 'word', 'word', 'close']);
    assert.equal(line.comment, ' serial');
  });

  void it('reports an escape above 255 and a dangling backslash', () => {
    assert.deepEqual(tokenizeLine('"\\300"'), { ok: false, reason: 'escape \\300 at column 2 is above 255' });
    assert.equal(tokenizeLine('abc\\').ok, false);
  });
});
