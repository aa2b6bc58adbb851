import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { parseManifest } from './parse.ts';

void describe('manifest parsing', () => {
  void it('reports the line of a YAML error', () => {
    const r = parseManifest('apiVersion: v1\nkind: Service\nmetadata:\n  name: [unclosed\n', 'f.yaml');
    assert.equal(r.ok, false);
    if (!r.ok) {
      assert.ok(r.line >= 4, `line ${r.line}`);
      assert.ok(r.message.length > 0);
    }
  });

  void it('parses JSON as YAML', () => {
    const r = parseManifest('{"apiVersion":"v1","kind":"Service","metadata":{"name":"a"}}', 'f.json');
    assert.ok(r.ok);
    assert.deepEqual(r.objects.map((o) => o.where), ['f.json document 0']);
  });

  void it('flattens nested lists and names each item', () => {
    const inner = { apiVersion: 'v1', kind: 'ConfigMapList', items: [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } }] };
    const r = parseManifest(JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [inner, { kind: 'Pod', metadata: { name: 'p' } }] }), 'l.yaml');
    assert.ok(r.ok);
    assert.deepEqual(r.objects.map((o) => o.where), ['l.yaml document 0 item 0 item 0', 'l.yaml document 0 item 1']);
  });

  void it('skips empty documents and reports scalars as not objects', () => {
    const r = parseManifest('---\n---\njust text\n', 's.yaml');
    assert.ok(r.ok);
    assert.deepEqual(r.objects, []);
    assert.deepEqual(r.problems.map((p) => p.field), ['s.yaml document 1']);
  });

  void it('never throws on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => {
        parseManifest(text, 'x.yaml');
      }),
      { numRuns: 500 },
    );
  });
});
