import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { claim, decide, observe } from './decide.ts';
import type { LeaseRecord } from './lease-api.ts';

const held = (holder: string, rv: string, seconds = 15): LeaseRecord => ({
  holderIdentity: holder,
  leaseDurationSeconds: seconds,
  acquireTime: '2026-01-01T00:00:00.000000Z',
  renewTime: '2026-01-01T00:00:00.000000Z',
  leaseTransitions: 3,
  resourceVersion: rv,
});

describe('decide', () => {
  it('creates the lease when none exists', () => {
    assert.deepEqual(decide('a', undefined, 0, 15_000), { action: 'create' });
  });

  it('renews a lease that names us', () => {
    assert.equal(decide('a', observe(undefined, held('a', '1'), 0), 100_000, 15_000).action, 'renew');
  });

  it('takes a released lease at once', () => {
    assert.equal(decide('a', observe(undefined, held('', '1'), 0), 1, 15_000).action, 'takeover');
  });

  it('waits for a held lease until it has gone unchanged for its duration on our clock', () => {
    const seen = observe(undefined, held('b', '7'), 1_000);
    assert.deepEqual(decide('a', seen, 16_000, 15_000), { action: 'wait', holder: 'b', expiresInMs: 0 });
    assert.deepEqual(decide('a', seen, 16_001, 15_000), { action: 'takeover', previousHolder: 'b' });
  });

  it('restarts the expiry wait whenever the holder renews, whatever its clock says', () => {
    const first = observe(undefined, held('b', '7'), 0);
    const again = observe(first, held('b', '7'), 10_000);
    assert.equal(again.observedAt, 0, 'an unchanged record keeps its first-seen time');
    const renewed = observe(again, held('b', '8'), 14_000);
    assert.equal(renewed.observedAt, 14_000);
    assert.equal(decide('a', renewed, 20_000, 15_000).action, 'wait');
  });

  it('never waits less than our own lease duration for a peer declaring a shorter one', () => {
    const seen = observe(undefined, held('b', '7', 1), 0);
    assert.equal(decide('a', seen, 5_000, 15_000).action, 'wait');
  });
});

describe('claim', () => {
  it('counts a transition and resets acquireTime when the holder changes', () => {
    const next = claim('a', held('b', '7'), 15_000, new Date('2026-02-02T00:00:00Z'));
    assert.equal(next.holderIdentity, 'a');
    assert.equal(next.leaseTransitions, 4);
    assert.equal(next.acquireTime, '2026-02-02T00:00:00.000Z');
    assert.equal(next.resourceVersion, '7');
  });

  it('keeps acquireTime and the transition count on renewal', () => {
    const next = claim('a', held('a', '7'), 15_500, new Date('2026-02-02T00:00:00Z'));
    assert.equal(next.leaseTransitions, 3);
    assert.equal(next.acquireTime, '2026-01-01T00:00:00.000000Z');
    assert.equal(next.leaseDurationSeconds, 16);
  });
});
