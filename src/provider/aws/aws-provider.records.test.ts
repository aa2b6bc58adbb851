// The provider against the Route53 emulator through the real SDK: every record type, every routing
// policy and alias, paging, and what a fresh reader sees matches the write-through cache.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CreateHealthCheckCommand } from '@aws-sdk/client-route-53';
import { createEndpoint, PROP, toWire as wire, type Endpoint, type EndpointInit } from '../../endpoint/index.ts';
import { createZone } from '../../../emulators/route53/sdk-fixture.ts';
import { managed, reconcile, startHarness, type Harness } from './test-harness.ts';

const ep = (init: EndpointInit): Endpoint => createEndpoint({ ttl: 300, ...init });

/** What Route53 holds, read by a provider with cold caches. */
async function readBack(h: Harness): Promise<unknown[]> {
  const fresh = h.makeProvider();
  const zones = await fresh.zones();
  return managed(await fresh.records(), zones).map(toWire);
}
async function cached(h: Harness): Promise<unknown[]> {
  return managed(await h.provider.records(), await h.provider.zones()).map(toWire);
}

void describe('aws provider against the Route53 emulator: records', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
    await createZone(h.client, 'example.com');
  });
  after(() => h.close());

  void it('creates, updates and deletes every record type', async () => {
    const v1 = [
      ep({ dnsName: 'a.example.com', recordType: 'A', targets: ['192.0.2.1', '192.0.2.2'], ttl: 60 }),
      ep({ dnsName: 'a.example.com', recordType: 'AAAA', targets: ['2001:db8::1'] }),
      ep({ dnsName: 'www.example.com', recordType: 'CNAME', targets: ['lb.example.net'] }),
      ep({ dnsName: 'a-a.example.com', recordType: 'TXT', targets: ['"heritage=external-dns,external-dns/owner=t"'], labels: { ownedRecord: 'a.example.com' } }),
      ep({ dnsName: '_sip._tcp.example.com', recordType: 'SRV', targets: ['0 50 5060 sip.example.com.'] }),
      ep({ dnsName: 'mail.example.com', recordType: 'MX', targets: ['10 mx1.example.com.', '20 mx2.example.com.'] }),
      ep({ dnsName: 'sub.example.com', recordType: 'NS', targets: ['ns1.example.net', 'ns2.example.net'] }),
      ep({ dnsName: 'example.com', recordType: 'CAA', targets: ['0 issue "letsencrypt.org"'] }),
      ep({ dnsName: '*.apps.example.com', recordType: 'A', targets: ['192.0.2.10'] }),
    ];
    const first = await reconcile(h.provider, v1);
    assert.deepEqual(first.result.rejected, []);
    assert.equal(first.changes.create.length, 9);
    const expected = managed(h.provider.adjustEndpoints(v1), ['example.com']).map(toWire);
    assert.deepEqual(await readBack(h), expected.map((w) => ({ ...w, labels: undefined })).map(stripUndefined));
    assert.deepEqual(await cached(h), await readBack(h), 'the write-through cache equals a fresh listing');

    const v2 = v1
      .filter((e) => e.recordType !== 'SRV')
      .map((e) => (e.recordType === 'A' && e.dnsName === 'a.example.com' ? { ...e, targets: ['192.0.2.3'], ttl: 120 } : e))
      .map((e) => (e.recordType === 'MX' ? { ...e, targets: ['5 mx0.example.com.'] } : e));
    const second = await reconcile(h.provider, v2);
    assert.deepEqual(second.result.rejected, []);
    assert.deepEqual([second.changes.create.length, second.changes.updateNew.length, second.changes.delete.length], [0, 2, 1]);
    assert.deepEqual(await cached(h), await readBack(h));
    const back = (await readBack(h)) as { dnsName: string; recordType: string; targets: string[]; recordTTL?: number }[];
    assert.deepEqual(back.find((e) => e.dnsName === 'a.example.com' && e.recordType === 'A'), { dnsName: 'a.example.com', targets: ['192.0.2.3'], recordType: 'A', recordTTL: 120 });
    assert.equal(back.some((e) => e.recordType === 'SRV'), false);

    const third = await reconcile(h.provider, []);
    assert.deepEqual(third.result.rejected, []);
    assert.deepEqual(await readBack(h), []);
  });

  void it('writes every routing policy and alias, and reads them back unchanged', async () => {
    const hc = await h.client.send(
      new CreateHealthCheckCommand({ CallerReference: 'hc-1', HealthCheckConfig: { Type: 'HTTP', FullyQualifiedDomainName: 'app.example.com', Port: 80, ResourcePath: '/' } }),
    );
    const hcId = hc.HealthCheck?.Id ?? '';
    const desired = [
      ep({ dnsName: 'w.example.com', recordType: 'A', targets: ['198.51.100.1'], setIdentifier: 'v1', providerSpecific: { [PROP.weight]: '80' } }),
      ep({ dnsName: 'w.example.com', recordType: 'A', targets: ['198.51.100.2'], setIdentifier: 'v2', providerSpecific: { [PROP.weight]: '20' } }),
      ep({ dnsName: 'lat.example.com', recordType: 'A', targets: ['198.51.100.3'], setIdentifier: 'eu', providerSpecific: { [PROP.region]: 'eu-west-1' } }),
      ep({ dnsName: 'fo.example.com', recordType: 'A', targets: ['198.51.100.4'], setIdentifier: 'p', providerSpecific: { [PROP.failover]: 'PRIMARY', [PROP.healthCheckId]: hcId } }),
      ep({ dnsName: 'fo.example.com', recordType: 'A', targets: ['198.51.100.5'], setIdentifier: 's', providerSpecific: { [PROP.failover]: 'SECONDARY' } }),
      ep({ dnsName: 'geo.example.com', recordType: 'A', targets: ['198.51.100.6'], setIdentifier: 'eu', providerSpecific: { [PROP.geoContinent]: 'EU' } }),
      ep({ dnsName: 'geo.example.com', recordType: 'A', targets: ['198.51.100.7'], setIdentifier: 'ca', providerSpecific: { [PROP.geoCountry]: 'US', [PROP.geoSubdivision]: 'CA' } }),
      ep({ dnsName: 'prox.example.com', recordType: 'A', targets: ['198.51.100.8'], setIdentifier: 'r', providerSpecific: { [PROP.geoproximityRegion]: 'us-east-1' } }),
      ep({ dnsName: 'prox.example.com', recordType: 'A', targets: ['198.51.100.9'], setIdentifier: 'c', providerSpecific: { [PROP.geoproximityCoordinates]: '49.22,-74.01', [PROP.geoproximityBias]: '20' } }),
      ep({ dnsName: 'mv.example.com', recordType: 'A', targets: ['198.51.100.10'], setIdentifier: 'm1', providerSpecific: { [PROP.multiValueAnswer]: '' } }),
      ep({ dnsName: 'nginx.example.com', recordType: 'CNAME', targets: ['a1b2c3-123456.us-east-1.elb.amazonaws.com'] }),
      ep({ dnsName: 'cdn.example.com', recordType: 'CNAME', targets: ['d111111abcdef8.cloudfront.net'], providerSpecific: { [PROP.evaluateTargetHealth]: 'false' } }),
      ep({ dnsName: 'example.com', recordType: 'CNAME', targets: ['w.example.com'] }),
    ];
    const first = await reconcile(h.provider, desired);
    assert.deepEqual(first.result.rejected, []);
    const wanted = managed(h.provider.adjustEndpoints(desired), ['example.com']).map(toWire);
    assert.deepEqual(await readBack(h), wanted);
    assert.deepEqual(await cached(h), wanted);
    // Nothing left to do: the adjusted desired state equals what Route53 reports.
    const again = await reconcile(h.provider, desired);
    assert.equal(again.changes.create.length + again.changes.updateNew.length + again.changes.delete.length, 0);

    // Weight change = UPSERT; weighted → latency = DELETE+CREATE; both land.
    const moved = desired.map((e) =>
      e.dnsName === 'w.example.com' && e.setIdentifier === 'v2' ? { ...e, providerSpecific: { [PROP.weight]: '0' } } : e,
    );
    const next = await reconcile(h.provider, moved);
    assert.deepEqual(next.result.rejected, []);
    assert.deepEqual(await readBack(h), managed(h.provider.adjustEndpoints(moved), ['example.com']).map(toWire));

    // Changing the routing policy or alias-ness replaces the set (DELETE+CREATE in one batch).
    const reshaped = desired.map((e) => {
      if (e.dnsName === 'w.example.com') return { ...e, providerSpecific: { [PROP.region]: e.setIdentifier === 'v1' ? 'us-east-1' : 'eu-west-1' } };
      if (e.dnsName === 'mv.example.com') return { ...e, setIdentifier: '', providerSpecific: {} };
      return e;
    });
    h.emulator.counts.reset();
    const third = await reconcile(h.provider, reshaped);
    assert.deepEqual(third.result.rejected, []);
    assert.equal(h.emulator.counts.of('ChangeResourceRecordSets', 'ok'), 1);
    assert.deepEqual(await readBack(h), managed(h.provider.adjustEndpoints(reshaped), ['example.com']).map(toWire));
    const plain = reshaped.map((e) => (e.dnsName === 'nginx.example.com' ? { ...e, recordType: 'A' as const, targets: ['192.0.2.80'] } : e));
    assert.deepEqual((await reconcile(h.provider, plain)).result.rejected, []);
    assert.deepEqual(await readBack(h), managed(h.provider.adjustEndpoints(plain), ['example.com']).map(toWire));
    await reconcile(h.provider, []);
    assert.deepEqual(await readBack(h), []);
  });

  void it('updates and deletes a wildcard record that Route53 lists as \\052', async () => {
    const wild = [ep({ dnsName: '*.apps.example.com', recordType: 'A', targets: ['192.0.2.10'] })];
    await reconcile(h.provider, wild);
    const cold = h.makeProvider();
    const moved = [{ ...wild[0]!, targets: ['192.0.2.11'] }];
    assert.deepEqual((await reconcile(cold, moved)).result.rejected, []);
    assert.deepEqual(await readBack(h), moved.map(toWire));
    const colder = h.makeProvider();
    assert.deepEqual((await reconcile(colder, [])).result.rejected, []);
    assert.deepEqual(await readBack(h), []);
    // h.provider's own copy is now stale (others wrote): it re-reads after --aws-records-resync.
    h.clock.advance(h.config.recordsResyncMs);
  });

  void it('refuses changes whose updateOld and updateNew do not pair up, sending nothing', async () => {
    const before = h.emulator.counts.of('ChangeResourceRecordSets');
    const next = ep({ dnsName: 'unpaired.example.com', recordType: 'A', targets: ['192.0.2.7'] });
    await assert.rejects(
      h.provider.applyChanges({ create: [next], updateOld: [], updateNew: [next], delete: [] }),
      /updateOld has 0 entries but updateNew has 1/,
    );
    assert.equal(h.emulator.counts.of('ChangeResourceRecordSets'), before);
  });

  void it('reads 1,000+ weighted record sets across pages of 300', async () => {
    const desired: Endpoint[] = [];
    for (let i = 0; i < 650; i++) {
      for (const id of ['blue', 'green']) {
        desired.push(ep({ dnsName: `svc${String(i).padStart(4, '0')}.example.com`, recordType: 'A', targets: [`10.1.${i % 250}.${id === 'blue' ? 1 : 2}`], setIdentifier: id, providerSpecific: { [PROP.weight]: id === 'blue' ? '90' : '10' } }));
      }
    }
    const first = await reconcile(h.provider, desired);
    assert.deepEqual(first.result.rejected, []);
    const fresh = h.makeProvider();
    const before = h.emulator.counts.of('ListResourceRecordSets');
    const records = managed(await fresh.records(), await fresh.zones());
    assert.equal(records.length, 1300);
    // 1,300 sets + NS + SOA = 1,302 sets: 5 pages of up to 300.
    assert.equal(h.emulator.counts.of('ListResourceRecordSets') - before, 5);
    assert.deepEqual(records.map(toWire), managed(desired, []).map(toWire));
    await reconcile(h.provider, []);
  });
});

/** Wire form with provider-specific properties in name order (their order carries no meaning). */
function toWire(e: Endpoint): object {
  const w = wire(e);
  if (w.providerSpecific !== undefined) w.providerSpecific.sort((a, b) => (a.name < b.name ? -1 : 1));
  return w;
}

function stripUndefined(o: object): object {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}
