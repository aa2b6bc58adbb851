import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createEndpoint } from '../../endpoint/index.ts';
import { chooseSet } from './weighted.ts';

const set = (id: string, props: Record<string, string>) =>
  createEndpoint({ dnsName: 'w.example.com', recordType: 'A', targets: ['192.0.2.1'], setIdentifier: id, providerSpecific: props });
const fixed = (r: number) => () => r;

void describe('choosing among record sets', () => {
  const pair = [set('b', { 'aws/weight': '20' }), set('a', { 'aws/weight': '80' })];
  void it('maps the random draw onto weights in set-identifier order', () => {
    assert.equal(chooseSet(pair, fixed(0))?.setIdentifier, 'a');
    assert.equal(chooseSet(pair, fixed(0.799))?.setIdentifier, 'a');
    assert.equal(chooseSet(pair, fixed(0.8))?.setIdentifier, 'b');
    assert.equal(chooseSet(pair, fixed(0.999999))?.setIdentifier, 'b');
  });

  void it('never picks a weight-0 set next to non-zero weights, even at the edges', () => {
    const sets = [set('a', { 'aws/weight': '0' }), set('b', { 'aws/weight': '3' }), set('c', { 'aws/weight': '0' })];
    for (const r of [0, 0.5, 0.9999999999]) assert.equal(chooseSet(sets, fixed(r))?.setIdentifier, 'b');
  });

  void it('spreads uniformly when every weight is 0', () => {
    const sets = [set('a', { 'aws/weight': '0' }), set('b', { 'aws/weight': '0' })];
    assert.equal(chooseSet(sets, fixed(0.2))?.setIdentifier, 'a');
    assert.equal(chooseSet(sets, fixed(0.7))?.setIdentifier, 'b');
  });

  void it('answers the first set by set identifier when the sets are not all weighted', () => {
    const sets = [set('z-eu', { 'aws/region': 'eu-west-1' }), set('m-us', { 'aws/region': 'us-east-1' }), set('x', { 'aws/weight': '5' })];
    for (const r of [0, 0.5, 0.99]) assert.equal(chooseSet(sets, fixed(r))?.setIdentifier, 'm-us');
  });

  void it('returns the only set, or nothing for none', () => {
    assert.equal(chooseSet([set('', {})], fixed(0.5))?.setIdentifier, '');
    assert.equal(chooseSet([], fixed(0.5)), undefined);
  });
});
