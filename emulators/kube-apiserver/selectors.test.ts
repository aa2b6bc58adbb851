// Label and field selector grammar and matching.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ApiError } from './errors.ts';
import type { KubeObject } from './object.ts';
import { parseFieldSelector, parseLabelSelector } from './selectors.ts';

const pod = (name: string, labels: Record<string, string>, phase = 'Running'): KubeObject => ({
  metadata: { name, namespace: 'ns', labels },
  status: { phase },
});
const pods = [pod('a', { env: 'prod', tier: 'web' }), pod('b', { env: 'staging' }), pod('c', {}, 'Pending')];
const select = (label?: string, field?: string): string[] =>
  pods.filter((p) => parseLabelSelector(label)(p) && parseFieldSelector(field)(p)).map((p) => p.metadata.name ?? '');

void describe('label selectors', () => {
  const cases: [string, string[]][] = [
    ['', ['a', 'b', 'c']],
    ['env=prod', ['a']],
    ['env==prod', ['a']],
    ['env!=prod', ['b', 'c']],
    ['env in (prod,staging)', ['a', 'b']],
    ['env notin (prod)', ['b', 'c']],
    ['env', ['a', 'b']],
    ['!env', ['c']],
    ['env=prod,tier=web', ['a']],
    ['env in (prod, staging), !tier', ['b']],
  ];
  for (const [selector, expected] of cases) {
    void it(`"${selector}" selects ${expected.join(',') || 'nothing'}`, () => {
      assert.deepEqual(select(selector), expected);
    });
  }
  void it('refuses malformed selectors with 400 naming the term', () => {
    assert.throws(
      () => parseLabelSelector('env in prod'),
      (error: unknown) => error instanceof ApiError && error.code === 400 && error.message.includes('"env in prod"'),
    );
  });
});

void describe('field selectors', () => {
  void it('matches metadata.name, metadata.namespace and nested status fields, with != and conjunctions', () => {
    assert.deepEqual(select(undefined, 'metadata.name=b'), ['b']);
    assert.deepEqual(select(undefined, 'metadata.namespace=ns,metadata.name!=a'), ['b', 'c']);
    assert.deepEqual(select(undefined, 'status.phase==Pending'), ['c']);
    assert.deepEqual(select('env', 'metadata.name!=a'), ['b']);
  });
  void it('refuses a term without an operator', () => {
    assert.throws(() => parseFieldSelector('metadata.name'), (error: unknown) => error instanceof ApiError && error.code === 400);
  });
});
