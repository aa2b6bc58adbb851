import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { XmlSyntaxError, escapeXml, parseXml, toXml } from './xml.ts';
import { canonicalName, parseName, sortKey } from './names.ts';
import { compareRecordSets, pageOf, sortRecordSets } from './ordering.ts';
import type { RecordSet } from './state.ts';

void describe('xml parser', () => {
  void it('parses the prolog, namespaces, entities, character references and CDATA', () => {
    const doc = parseXml(
      '<?xml version="1.0" encoding="UTF-8"?>\n<R xmlns="urn:x"><!-- c --><A>a &amp; b &lt;c&gt; &#34;&#x41;</A><B><![CDATA[<raw>]]></B><E/></R>',
    );
    assert.equal(doc.name, 'R');
    assert.equal(doc.attrs.get('xmlns'), 'urn:x');
    assert.deepEqual(doc.children.map((c) => [c.name, c.text]), [['A', 'a & b <c> "A'], ['B', '<raw>'], ['E', '']]);
  });

  for (const [why, body] of [
    ['an unclosed element', '<R><A>x</A>'],
    ['mismatched tags', '<R><A>x</B></R>'],
    ['a bare ampersand', '<R><A>a & b</A></R>'],
    ['an unknown entity', '<R><A>&nbsp;</A></R>'],
    ['two root elements', '<R/><S/>'],
    ['text after the root', '<R/>junk'],
    ['a DOCTYPE', '<!DOCTYPE R><R/>'],
    ['mixed content', '<R>text<A/></R>'],
    ['an unquoted attribute', '<R a=1/>'],
    ['an empty document', ''],
    ['a control character reference', '<R><A>&#1;</A></R>'],
    ['a raw control character', '<R><A>\u0001</A></R>'],
  ] as const) {
    void it(`rejects ${why}`, () => {
      assert.throws(() => parseXml(body), XmlSyntaxError);
    });
  }

  void it('escapes every markup character when serializing, so values round-trip', () => {
    const value = `"q" & <t> 'a'`;
    assert.equal(escapeXml(value), '&quot;q&quot; &amp; &lt;t&gt; &apos;a&apos;');
    const doc = parseXml(toXml({ name: 'R', attrs: { k: value }, children: [{ name: 'V', text: value }] }));
    assert.equal(doc.attrs.get('k'), value);
    assert.equal(doc.children[0]?.text, value);
  });
});

void describe('names', () => {
  void it('lower-cases, adds the trailing dot and escapes the wildcard as \\052', () => {
    assert.equal(canonicalName('*.Example.COM'), '\\052.example.com.');
    assert.equal(canonicalName('\\052.example.com.'), '\\052.example.com.');
    assert.equal(canonicalName('a b.example.com'), 'a\\040b.example.com.');
    assert.equal(canonicalName('_srv-x.example.com'), '_srv-x.example.com.');
  });

  void it('refuses empty labels, 64-byte labels and names over 255 bytes', () => {
    assert.equal(parseName('a..b').ok, false);
    assert.equal(parseName(`${'a'.repeat(64)}.com`).ok, false);
    assert.equal(parseName(`${'a'.repeat(63)}.com`).ok, true);
    assert.equal(parseName(Array.from({ length: 5 }, () => 'a'.repeat(60)).join('.')).ok, false);
  });

  void it('sorts by reversed labels with the trailing dot', () => {
    assert.equal(sortKey('www.example.com.'), 'com.example.www.');
    // "-" sorts below "." so example-a.com. comes before example.com.'s subdomains
    assert.ok(sortKey('example-a.com.') < sortKey('www.example.com.'));
  });
});

void describe('ordering', () => {
  const r = (Name: string, Type: string, SetIdentifier?: string): RecordSet => ({ Name, Type, ...(SetIdentifier ? { SetIdentifier } : {}) });
  const sorted = sortRecordSets([r('b.example.com.', 'A'), r('example.com.', 'SOA'), r('a.example.com.', 'TXT', 'y'), r('a.example.com.', 'TXT', 'x'), r('example.com.', 'NS'), r('a.example.com.', 'A')]);

  void it('orders by reversed name, then type, then set identifier', () => {
    assert.deepEqual(sorted.map((x) => `${x.Name} ${x.Type} ${x.SetIdentifier ?? ''}`), [
      'example.com. NS ', 'example.com. SOA ', 'a.example.com. A ', 'a.example.com. TXT x', 'a.example.com. TXT y', 'b.example.com. A ',
    ]);
    assert.equal(compareRecordSets(r('a.example.com.', 'A'), r('a.example.com.', 'A')), 0);
  });

  void it('starts a page at the first set at or after name, type and identifier', () => {
    assert.equal(pageOf(sorted, { name: 'a.example.com.' }, 10).items[0]?.Type, 'A');
    assert.equal(pageOf(sorted, { name: 'a.example.com.', type: 'B' }, 10).items[0]?.SetIdentifier, 'x');
    assert.equal(pageOf(sorted, { name: 'a.example.com.', type: 'TXT', identifier: 'y' }, 10).items[0]?.SetIdentifier, 'y');
    const page = pageOf(sorted, {}, 2);
    assert.equal(page.items.length, 2);
    assert.equal(page.next?.Name, 'a.example.com.');
    assert.equal(pageOf(sorted, { name: 'zzz.example.com.' }, 10).items.length, 0);
  });
});
