import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { silentLogger, type AwsAccount, type CallContext } from './account.ts';
import { DEFAULT_AWS_PROVIDER_CONFIG } from './config.ts';
import { createApiCallCounter } from './metrics.ts';
import { createRateBudget } from './rate-budget.ts';
import { listRecordSets } from './record-sets.ts';
import type { Route53Port } from './route53-port.ts';
import { createSimulatedClock } from './sim-clock.ts';
import { createZoneDirectory } from './zones.ts';

/** A Route53 whose paging never advances: every page names the same next cursor. */
function stuckPort(calls: { n: number }): Route53Port {
  const refuse = (): Promise<never> => Promise.reject(new Error('not used'));
  return {
    listHostedZones: () => {
      calls.n++;
      return Promise.resolve({ zones: [{ id: 'Z1', name: 'example.com.', privateZone: false }], nextMarker: 'M' });
    },
    listResourceRecordSets: () => {
      calls.n++;
      return Promise.resolve({
        sets: [{ Name: 'a.example.com.', Type: 'A', TTL: 300, ResourceRecords: [{ Value: '192.0.2.1' }] }],
        next: { name: 'b.example.com.', type: 'A' },
      });
    },
    changeResourceRecordSets: refuse,
    listTagsForHostedZones: refuse,
    getChange: refuse,
  };
}

function setup(): { account: AwsAccount; call: CallContext; calls: { n: number } } {
  const clock = createSimulatedClock(0);
  const calls = { n: 0 };
  const account: AwsAccount = { name: 'main', route53: stuckPort(calls), budget: createRateBudget({ rate: 1000, burst: 1000, clock }) };
  const call: CallContext = { metrics: createApiCallCounter(), clock, attempts: 1, random: () => 0, logger: silentLogger };
  return { account, call, calls };
}

void describe('Route53 paging', () => {
  void it('stops listing record sets with an error when the next cursor repeats the one asked for', async () => {
    const { account, call, calls } = setup();
    await assert.rejects(listRecordSets(call, account, 'Z1'), /hosted zone Z1 .*b\.example\.com\. A.*stopped paging/);
    assert.equal(calls.n, 2);
  });

  void it('stops listing hosted zones with an error when the marker repeats', async () => {
    const { account, call, calls } = setup();
    const directory = createZoneDirectory(DEFAULT_AWS_PROVIDER_CONFIG, { accounts: [account], call });
    await assert.rejects(directory.zones(), /marker "M" again.*stopped paging/);
    assert.equal(calls.n, 2);
  });
});
