// Failure handling against the Route53 emulator with the real SDK: a refused change is isolated by
// bisection while the rest lands, then quarantined; throttling storms still end in the exact state;
// --aws-wait-for-sync waits for INSYNC; PriorRequestNotComplete is retried.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ListHostedZonesCommand } from '@aws-sdk/client-route-53';
import { PROP, type Endpoint } from '../../endpoint/index.ts';
import { NO_CHANGES } from '../../plan/changes.ts';
import { change, createZone, rrset } from '../../../emulators/route53/sdk-fixture.ts';
import { ep, type Harness, owned, readBackWire as readBack, reconcile, startHarness, wireOf as wire } from './test-harness.ts';


void describe('aws provider: a refused change', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({ zonesCacheDurationMs: 3_600_000 });
    await createZone(h.client, 'example.com');
  });
  after(() => h.close());

  void it('is isolated by bisection while the other groups land, then converges after a re-list', async () => {
    const base = Array.from({ length: 8 }, (_, i) => owned(`h${i}.example.com`, `192.0.2.${i + 1}`)).flat();
    await reconcile(h.provider, []); // warm caches: Route53 is empty
    // Someone else creates h5 behind our back: our CREATE for it will be refused.
    await change(h.client, await zoneId(h), [{ Action: 'CREATE', ResourceRecordSet: rrset('h5.example.com', 'A', ['203.0.113.5']) }]);
    h.emulator.counts.reset();
    const first = await reconcile(h.provider, base);
    assert.equal(first.changes.create.length, 16);
    assert.equal(first.result.rejected.length, 2, 'h5 and its TXT');
    for (const r of first.result.rejected) {
      assert.equal(r.endpoint.dnsName.endsWith('h5.example.com'), true);
      assert.match(r.reason, /Route53 refused the change: \[Tried to create resource record set \[name='h5\.example\.com\.', type='A'\] but it already exists\]/);
    }
    // 8 groups: the whole batch, then halves of 4, 2 and 1 around the bad group: 7 requests, 3 of them accepted.
    assert.equal(h.emulator.counts.of('ChangeResourceRecordSets'), 7);
    assert.equal(h.emulator.counts.of('ChangeResourceRecordSets', 'ok'), 3);
    assert.deepEqual(
      ((await readBack(h)) as { dnsName: string }[]).map((e) => e.dnsName).filter((n) => !n.startsWith('a-')),
      ['h0.example.com', 'h1.example.com', 'h2.example.com', 'h3.example.com', 'h4.example.com', 'h5.example.com', 'h6.example.com', 'h7.example.com'],
    );
    // The zone is re-listed; h5 now shows up as existing, so the next pass updates it instead.
    h.emulator.counts.reset();
    const second = await reconcile(h.provider, base);
    assert.deepEqual(second.result.rejected, []);
    assert.equal(h.emulator.counts.of('ListResourceRecordSets'), 1);
    assert.deepEqual(await readBack(h), wire(base));
  });

  void it('isolates a change Route53 refuses as a whole request (NoSuchHealthCheck) and lands the rest', async () => {
    const ghost = ep({ dnsName: 'hc.example.com', recordType: 'A', targets: ['192.0.2.50'], setIdentifier: 'p', providerSpecific: { [PROP.failover]: 'PRIMARY', [PROP.healthCheckId]: 'no-such-check' } });
    const desired = [...Array.from({ length: 4 }, (_, i) => owned(`g${i}.example.com`, `192.0.2.${i + 1}`)).flat(), ghost];
    const { result } = await reconcile(h.provider, desired);
    assert.equal(result.rejected.length, 1);
    assert.match(result.rejected[0]?.reason ?? '', /Route53 refused the change: No health check exists with the specified ID no-such-check/);
    assert.deepEqual(await readBack(h), wire(desired.filter((e) => e !== ghost)));
    // Back to the state the next test starts from (h5's refused CREATE is held for 30 s: wait it out).
    h.clock.advance(31_000);
    assert.deepEqual((await reconcile(h.provider, Array.from({ length: 8 }, (_, i) => owned(`h${i}.example.com`, `192.0.2.${i + 1}`)).flat())).result.rejected, []);
  });

  void it('is quarantined with backoff instead of being re-sent every pass', async () => {
    const bad = ep({ dnsName: 'broken.example.com', recordType: 'A', targets: ['missing.example.com'], providerSpecific: { [PROP.alias]: 'true' } });
    const desired = [...Array.from({ length: 8 }, (_, i) => owned(`h${i}.example.com`, `192.0.2.${i + 1}`)).flat(), bad];
    h.emulator.counts.reset();
    const first = await reconcile(h.provider, desired);
    assert.equal(first.result.rejected.length, 1);
    assert.match(first.result.rejected[0]?.reason ?? '', /alias that targets missing\.example\.com\., type A .* not found/);
    assert.equal(h.emulator.counts.of('ChangeResourceRecordSets'), 1);
    h.emulator.counts.reset();
    for (let pass = 0; pass < 3; pass++) {
      const again = await reconcile(h.provider, desired);
      assert.match(again.result.rejected[0]?.reason ?? '', /refused this change 1 time\(s\).*held back until/);
    }
    assert.equal(h.emulator.counts.of('ChangeResourceRecordSets'), 0, 'not re-sent while quarantined');
    h.clock.advance(31_000);
    const retry = await reconcile(h.provider, desired);
    assert.match(retry.result.rejected[0]?.reason ?? '', /Route53 refused the change/);
    assert.equal(h.emulator.counts.of('ChangeResourceRecordSets'), 1, 'one more try after the backoff, alone');
    // A different desired record is a different change: sent at once.
    const fixed = desired.map((e) => (e === bad ? ep({ dnsName: 'broken.example.com', recordType: 'A', targets: ['192.0.2.99'] }) : e));
    assert.deepEqual((await reconcile(h.provider, fixed)).result.rejected, []);
    assert.deepEqual(await readBack(h), wire(fixed));
  });
});

void describe('aws provider: server errors', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({ zonesCacheDurationMs: 3_600_000 });
    await createZone(h.client, 'example.com');
  });
  after(() => h.close());

  void it('retries reads after HTTP 500 and dropped connections', async () => {
    h.emulator.faults.set({ internalErrorNext: 1, dropNext: 1, operations: ['ListResourceRecordSets'] });
    const records = await h.provider.records();
    assert.deepEqual(records.map((e) => e.recordType), ['NS']);
    assert.equal(h.emulator.counts.of('ListResourceRecordSets'), 3);
    h.emulator.faults.clear();
  });

  void it('does not blindly retry a write that failed with HTTP 500: it re-reads the zone and converges', async () => {
    const desired = owned('w.example.com', '192.0.2.1');
    h.emulator.faults.set({ internalErrorNext: 1, operations: ['ChangeResourceRecordSets'] });
    h.emulator.counts.reset();
    const first = await reconcile(h.provider, desired);
    assert.equal(first.result.rejected.length, 2);
    assert.match(first.result.rejected[0]?.reason ?? '', /InternalFailure.*re-read before the next attempt/);
    assert.equal(h.emulator.counts.of('ChangeResourceRecordSets'), 1);
    h.emulator.faults.clear();
    h.emulator.counts.reset();
    assert.deepEqual((await reconcile(h.provider, desired)).result.rejected, []);
    assert.equal(h.emulator.counts.of('ListResourceRecordSets'), 1, 'the zone was marked for a re-list');
    assert.deepEqual(await readBack(h), wire(desired));
  });
});

async function zoneId(h: Harness): Promise<string> {
  const out = await h.client.send(new ListHostedZonesCommand({}));
  return (out.HostedZones?.[0]?.Id ?? '').replace('/hostedzone/', '');
}

void describe('aws provider: throttling and propagation', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({ zonesCacheDurationMs: 3_600_000, batchChangeSize: 4 });
    await createZone(h.client, 'example.com');
  });
  after(() => h.close());

  const desired = (round: number): Endpoint[] => Array.from({ length: 60 }, (_, i) => owned(`s${i}.example.com`, `10.${round}.0.${i + 1}`)).flat();

  void it('ends in the exact state under an account-wide 2 req/s limit (old quota) with our budget at 10/s', async () => {
    h.emulator.setThrottle({ rate: 2, burst: 3 });
    try {
      let rejected = Infinity;
      for (let pass = 0; pass < 20 && rejected > 0; pass++) {
        rejected = (await reconcile(h.provider, desired(1))).result.rejected.length;
        h.clock.advance(5_000);
      }
      assert.equal(rejected, 0);
      assert.ok(h.emulator.counts.of('ChangeResourceRecordSets', 'Throttling') > 0, 'the emulator throttled us');
      const [stats] = h.provider.budgetStats();
      assert.ok((stats?.throttles ?? 0) > 0);
      assert.ok((stats?.waits ?? 0) > 0, 'the budget paced calls after throttling');
    } finally {
      h.emulator.setThrottle(undefined);
    }
    assert.deepEqual(await readBack(h), wire(desired(1)));
  });

  void it('ends in the exact state after a throttling storm that rejects every request for a while', async () => {
    h.emulator.faults.set({ throttleForMs: 20_000 });
    let passes = 0;
    let rejected = Infinity;
    const reasons: string[] = [];
    for (; passes < 20 && rejected > 0; passes++) {
      try {
        const { result } = await reconcile(h.provider, desired(2));
        rejected = result.rejected.length;
        reasons.push(...result.rejected.map((r) => r.reason));
      } catch (error) {
        // A pass whose reads are throttled out fails as a whole; the next one retries.
        reasons.push(String(error));
      }
      h.clock.advance(5_000);
    }
    h.emulator.faults.clear();
    assert.equal(rejected, 0);
    assert.ok(passes > 1, 'the storm cost at least one pass');
    assert.match(reasons[0] ?? '', /Route53 kept answering Throttling after 3 attempt\(s\); nothing was applied/);
    assert.deepEqual(await readBack(h), wire(desired(2)));
  });

  void it('paces writes by the change-throughput bucket so Route53 never throttles them', async () => {
    await reconcile(h.provider, []);
    h.emulator.setThrottle({ rate: 1000, burst: 1000, changes: { rate: 5, burst: 10 } });
    try {
      const paced = h.makeProvider({ apiChangeRate: 5, apiChangeBurst: 10, batchChangeSize: 1000 });
      h.emulator.counts.reset();
      const start = h.clock.now();
      const { result } = await reconcile(paced, desired(3).slice(0, 40));
      assert.deepEqual(result.rejected, []);
      assert.equal(h.emulator.counts.of('ChangeResourceRecordSets', 'Throttling'), 0);
      assert.equal(h.emulator.counts.of('ChangeResourceRecordSets', 'ok'), 4, '40 changes in requests of at most 10');
      assert.ok(h.clock.now() - start >= 6000, '30 changes beyond the burst at 5/s');
      assert.equal(paced.budgetStats()[0]?.changeBudget?.calls, 4);
      // Without our change bucket the same writes are throttled by Route53.
      await reconcile(paced, []);
      h.clock.advance(60_000);
      h.emulator.counts.reset();
      await reconcile(h.makeProvider({ batchChangeSize: 10 }), desired(3).slice(0, 40));
      assert.ok(h.emulator.counts.of('ChangeResourceRecordSets', 'Throttling') > 0);
    } finally {
      h.emulator.setThrottle(undefined);
    }
  });

  void it('waits for INSYNC with --aws-wait-for-sync', async () => {
    await h.close();
    h = await startHarness({ waitForSync: true }, { insyncDelayMs: 30_000 });
    await createZone(h.client, 'example.com');
    const p = h.makeProvider();
    await p.zones();
    const start = h.clock.now();
    const result = await p.applyChanges({ ...NO_CHANGES, create: owned('sync.example.com', '192.0.2.1') });
    assert.deepEqual(result.rejected, []);
    assert.ok(h.clock.now() - start >= 30_000, `waited ${h.clock.now() - start} ms of simulated time`);
    assert.ok(h.emulator.counts.of('GetChange') >= 2);
  });

  void it('retries PriorRequestNotComplete and serialises requests per zone', async () => {
    await h.close();
    h = await startHarness({ batchChangeSize: 2, apiRetries: 8 }, { inFlightMs: 300 });
    await createZone(h.client, 'example.com');
    const p = h.makeProvider();
    await p.records();
    const all = Array.from({ length: 6 }, (_, i) => owned(`p${i}.example.com`, `192.0.2.${i + 1}`)).flat();
    const [x, y] = await Promise.all([p.applyChanges({ ...NO_CHANGES, create: all.slice(0, 6) }), p.applyChanges({ ...NO_CHANGES, create: all.slice(6) })]);
    assert.deepEqual([...x.rejected, ...y.rejected], []);
    assert.ok(h.emulator.counts.of('ChangeResourceRecordSets', 'PriorRequestNotComplete') > 0);
    assert.deepEqual(await readBack(h), wire(all));
  });
});
