// What the contract cannot see through the Provider interface, checked on the wire: the alias
// targets Route53 stores, and the number of list pages a cold read of 1,000+ record sets costs.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ChangeTagsForResourceCommand } from '@aws-sdk/client-route-53';
import { createZone, listAll } from '../../emulators/route53/sdk-fixture.ts';
import { PROP } from '../../src/endpoint/index.ts';
import { startHarness, type Harness } from '../../src/provider/aws/test-harness.ts';
import { adjusted, changes, diff, ep, rows } from './contract-support.ts';

void describe('aws provider on the wire', () => {
  let h: Harness;
  let zoneId = '';
  before(async () => {
    h = await startHarness({ zonesCacheDurationMs: 3_600_000 });
    zoneId = await createZone(h.client, 'example.com');
  });
  after(() => h.close());

  void it('stores ELB aliases with the load balancer zone id and same-zone aliases with their own zone id', async () => {
    const desired = await adjusted(h.provider, [
      ep('app.example.com', 'A', ['192.0.2.60']),
      ep('lb.example.com', 'CNAME', ['my-lb-1234567890.us-east-1.elb.amazonaws.com']),
      ep('example.com', 'CNAME', ['app.example.com']),
    ]);
    assert.deepEqual((await h.provider.applyChanges(changes({ create: desired }))).rejected, []);
    const { sets } = await listAll(h.client, zoneId);
    const aliases = sets
      .filter((s) => s.AliasTarget !== undefined)
      .map((s) => `${s.Name ?? ''} ${s.Type ?? ''} ${s.AliasTarget?.HostedZoneId ?? ''} ${s.AliasTarget?.DNSName ?? ''} ${String(s.AliasTarget?.EvaluateTargetHealth)} ttl=${String(s.TTL)}`)
      .sort();
    assert.deepEqual(aliases, [
      `example.com. A ${zoneId} app.example.com. true ttl=undefined`,
      'lb.example.com. A Z35SXDOTRQ7X7K my-lb-1234567890.us-east-1.elb.amazonaws.com. true ttl=undefined',
      'lb.example.com. AAAA Z35SXDOTRQ7X7K my-lb-1234567890.us-east-1.elb.amazonaws.com. true ttl=undefined',
    ]);
  });

  void it('reads 1,300 record sets cold in ceil(sets/300) ListResourceRecordSets pages and returns them all', async () => {
    const plain = Array.from({ length: 1000 }, (_, i) => ep(`p${i}.example.com`, 'A', [`10.9.${i >> 8}.${i & 255}`]));
    const weighted = Array.from({ length: 100 }, (_, i) =>
      [1, 2, 3].map((k) => ep(`wt${i}.example.com`, 'A', [`10.8.${i}.${k}`], { setIdentifier: `s${k}`, providerSpecific: { [PROP.weight]: String(k) } })),
    ).flat();
    const written = await adjusted(h.provider, [...plain, ...weighted]);
    assert.deepEqual((await h.provider.applyChanges(changes({ create: written }))).rejected, []);
    const before = (await h.provider.records()).length;
    h.emulator.counts.reset();
    const cold = h.makeProvider();
    const read = await cold.records();
    assert.equal(read.length, before);
    // 1,300 written + 4 from the first case (A app, 2 aliases, apex alias) + apex NS and SOA = 1,306 sets → 5 pages.
    assert.equal(h.emulator.counts.of('ListResourceRecordSets'), Math.ceil(1306 / 300));
    const mine = new Set(rows(written));
    assert.equal(rows(read).filter((r) => mine.has(r)).length, 1300);
  });

  void it('finds zones past the first ListHostedZones page and filters 125 zones by tag in ceil(125/10) tag calls', async () => {
    const extra: string[] = [];
    for (let i = 0; i < 124; i++) extra.push(await createZone(h.client, `z${String(i).padStart(3, '0')}.example.net`));
    const tagged = [extra[3]!, extra[57]!, extra[110]!];
    for (const id of tagged) {
      await h.client.send(new ChangeTagsForResourceCommand({ ResourceType: 'hostedzone', ResourceId: id, AddTags: [{ Key: 'team', Value: 'dns' }] }));
    }
    h.emulator.counts.reset();
    const all = await h.makeProvider().zones();
    assert.equal(all.length, 125, 'example.com and the 124 new zones');
    assert.equal(h.emulator.counts.of('ListHostedZones'), 2);

    h.emulator.counts.reset();
    const byTag = await h.makeProvider({ zoneTags: ['team=dns'] }).zones();
    assert.deepEqual([...byTag].sort(), ['z003.example.net', 'z057.example.net', 'z110.example.net']);
    assert.equal(h.emulator.counts.of('ListTagsForResources'), Math.ceil(125 / 10));
  });

  void it('converges with default settings against an account still on the old 5 requests/s quota', async () => {
    const r = await startHarness({ zonesCacheDurationMs: 3_600_000 });
    try {
      const zones = Array.from({ length: 10 }, (_, i) => `q${i}.example.net`);
      for (const z of zones) await createZone(r.client, z);
      r.emulator.setThrottle({ rate: 5, burst: 5 });
      const desired = await adjusted(r.provider, zones.flatMap((z) => Array.from({ length: 50 }, (_, i) => ep(`h${i}.${z}`, 'A', [`10.0.0.${i}`]))));
      const onlyA = async () => (await r.provider.records()).filter((e) => e.recordType === 'A');
      let passes = 0;
      for (; passes < 5; passes++) {
        try {
          const d = diff(await onlyA(), desired);
          if (d.create.length === 0) break;
          for (const rej of (await r.provider.applyChanges(d)).rejected) assert.match(rej.reason, /Throttling/);
        } catch (error) {
          assert.match(String(error), /Throttling/);
        }
      }
      assert.ok(passes <= 2, `converged after ${passes} pass(es)`);
      assert.ok(r.emulator.counts.of('ListResourceRecordSets', 'Throttling') + r.emulator.counts.of('ChangeResourceRecordSets', 'Throttling') > 0, 'Route53 did throttle');
      assert.ok(r.provider.budgetStats()[0]!.throttles > 0, 'the budget slowed down on Throttling');
      assert.deepEqual(rows((await r.makeProvider().records()).filter((e) => e.recordType === 'A')), rows(desired));
    } finally {
      await r.close();
    }
  });
});
