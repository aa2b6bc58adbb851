// Merge patch (RFC 7386) and JSON patch (RFC 6902) as the emulator applies them.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ApiError } from './errors.ts';
import { applyPatch, JSON_PATCH, jsonPatch, MERGE_PATCH, mergePatch, STRATEGIC_MERGE_PATCH } from './patch.ts';

const doc = { metadata: { labels: { a: '1', b: '2' } }, spec: { ports: [{ port: 80 }, { port: 81 }], 'a/b': 1, 'm~n': 2 } };

void describe('merge patch', () => {
  void it('merges objects recursively, removes members set to null and replaces arrays whole', () => {
    assert.deepEqual(mergePatch(doc, { metadata: { labels: { a: null, c: '3' } }, spec: { ports: [{ port: 443 }] } }), {
      metadata: { labels: { b: '2', c: '3' } },
      spec: { ports: [{ port: 443 }], 'a/b': 1, 'm~n': 2 },
    });
  });
  void it('replaces the target when the patch is not an object, and leaves the input untouched', () => {
    assert.deepEqual(mergePatch({ a: 1 }, [1, 2]), [1, 2]);
    mergePatch(doc, { metadata: null });
    assert.deepEqual(doc.metadata.labels, { a: '1', b: '2' });
  });
  void it('treats strategic merge patch as a merge patch', () => {
    assert.deepEqual(applyPatch(`${STRATEGIC_MERGE_PATCH}; charset=utf-8`, { a: { b: 1 } }, { a: { c: 2 } }), { a: { b: 1, c: 2 } });
  });
});

void describe('JSON patch', () => {
  void it('adds, appends, inserts, replaces, removes, moves and copies with escaped pointers', () => {
    const result = jsonPatch(doc, [
      { op: 'add', path: '/spec/ports/-', value: { port: 82 } },
      { op: 'add', path: '/spec/ports/0', value: { port: 79 } },
      { op: 'replace', path: '/metadata/labels/a', value: 'x' },
      { op: 'remove', path: '/metadata/labels/b' },
      { op: 'move', from: '/spec/a~1b', path: '/spec/moved' },
      { op: 'copy', from: '/spec/m~0n', path: '/spec/copied' },
      { op: 'test', path: '/spec/copied', value: 2 },
    ]);
    assert.deepEqual(result, {
      metadata: { labels: { a: 'x' } },
      spec: { ports: [{ port: 79 }, { port: 80 }, { port: 81 }, { port: 82 }], 'm~n': 2, moved: 1, copied: 2 },
    });
    assert.equal(doc.spec.ports.length, 2, 'the input is not modified');
  });

  const refusal = (patch: unknown, code: number, message: RegExp) => () => {
    assert.throws(() => jsonPatch(doc, patch), (error: unknown) => error instanceof ApiError && error.code === code && message.test(error.message));
  };
  void it('fails a test op with 422 naming the path', refusal([{ op: 'test', path: '/spec/ports/0/port', value: 1 }], 422, /test at "\/spec\/ports\/0\/port" failed/));
  void it('refuses replace and remove of a missing member', refusal([{ op: 'replace', path: '/spec/nope', value: 1 }], 422, /"nope" does not exist/));
  void it('refuses an out-of-range index', refusal([{ op: 'add', path: '/spec/ports/5', value: 1 }], 422, /index "5" is out of range/));
  void it('refuses a body that is not an array of operations with 400', refusal({ op: 'add' }, 400, /must be an array/));
  void it('refuses an unknown op with 400', refusal([{ op: 'frobnicate', path: '/a' }], 400, /unknown op "frobnicate"/));

  void it('dispatches on the content type and refuses apply-patch with 415', () => {
    assert.deepEqual(applyPatch(JSON_PATCH, { a: 1 }, [{ op: 'remove', path: '/a' }]), {});
    assert.deepEqual(applyPatch(MERGE_PATCH, { a: 1 }, { a: null }), {});
    assert.throws(() => applyPatch('application/apply-patch+yaml', {}, {}), (error: unknown) => error instanceof ApiError && error.code === 415);
  });
});
