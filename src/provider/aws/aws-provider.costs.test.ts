// API cost of the provider against the Route53 emulator with the real SDK: zone discovery and its
// filters, one zone listing per pass, 0 calls in steady state, 1 call for one changed record,
// dry run, several accounts, and the SDK's own endpoint variables.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ChangeTagsForResourceCommand, CreateHostedZoneCommand } from '@aws-sdk/client-route-53';
import { createDomainFilter, createEndpoint } from '../../endpoint/index.ts';
import { NO_CHANGES } from '../../plan/changes.ts';
import { startRoute53Emulator } from '../../../emulators/route53/index.ts';
import { createZone } from '../../../emulators/route53/sdk-fixture.ts';
import { createAwsProvider } from './aws-provider.ts';
import { DEFAULT_AWS_PROVIDER_CONFIG } from './config.ts';
import { createAwsAccount } from './index.ts';
import { createRoute53Client, createSdkRoute53Port } from './route53-sdk.ts';
import { ep, type Harness, owned, reconcile, seededRandom, startHarness } from './test-harness.ts';


void describe('aws provider API cost', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({ zonesCacheDurationMs: 3_600_000 });
    await createZone(h.client, 'example.com');
  });
  after(() => h.close());

  const desired = Array.from({ length: 20 }, (_, i) => owned(`host${i}.example.com`, `192.0.2.${i + 1}`)).flat();

  void it('costs no API call in steady state', async () => {
    await reconcile(h.provider, desired);
    h.emulator.counts.reset();
    for (let pass = 0; pass < 3; pass++) {
      const { changes, result } = await reconcile(h.provider, desired);
      assert.equal(changes.create.length + changes.updateNew.length + changes.delete.length, 0);
      assert.deepEqual(result.rejected, []);
    }
    assert.equal(h.emulator.counts.total, 0);
  });

  void it('sends exactly one ChangeResourceRecordSets for one changed record, and nothing else', async () => {
    h.emulator.counts.reset();
    const changed = desired.map((e) => (e.dnsName === 'host7.example.com' ? { ...e, targets: ['198.51.100.7'] } : e));
    const { changes, result } = await reconcile(h.provider, changed);
    assert.equal(changes.updateNew.length, 1);
    assert.deepEqual(result.rejected, []);
    assert.equal(h.emulator.counts.total, 1);
    assert.equal(h.emulator.counts.of('ChangeResourceRecordSets', 'ok'), 1);
  });

  void it('re-lists a zone only after --aws-records-resync', async () => {
    h.emulator.counts.reset();
    h.clock.advance(h.config.recordsResyncMs + 1);
    await h.provider.records();
    assert.equal(h.emulator.counts.of('ListResourceRecordSets'), 1);
    await h.provider.records();
    assert.equal(h.emulator.counts.of('ListResourceRecordSets'), 1);
  });

  void it('dry run returns the exact batches and sends nothing (ExternalDNS vector 1)', async () => {
    const dry = h.makeProvider({ dryRun: true });
    const seen: unknown[] = [];
    const dry2 = h.makeProvider({ dryRun: true }, { onDryRunBatch: (b) => seen.push(b) });
    const txt = '"heritage=external-dns,external-dns/owner=my-cluster,external-dns/resource=service/default/nginx"';
    const vector1 = [
      ep({ dnsName: 'a-nginx.example.com', recordType: 'TXT', targets: [txt], labels: { ownedRecord: 'nginx.example.com' } }),
      ep({ dnsName: 'aaaa-nginx.example.com', recordType: 'TXT', targets: [txt], labels: { ownedRecord: 'nginx.example.com' } }),
      ...[dry.adjustEndpoints([createEndpoint({ dnsName: 'nginx.example.com', recordType: 'CNAME', targets: ['a1b2c3-123456.us-east-1.elb.amazonaws.com'] })])].flat(),
    ];
    h.emulator.counts.reset();
    for (const p of [dry, dry2]) {
      await p.zones();
      const result = await p.applyChanges({ ...NO_CHANGES, create: vector1 });
      assert.deepEqual(result.rejected, []);
    }
    assert.equal(h.emulator.counts.of('ChangeResourceRecordSets'), 0);
    const alias = { HostedZoneId: 'Z35SXDOTRQ7X7K', DNSName: 'a1b2c3-123456.us-east-1.elb.amazonaws.com', EvaluateTargetHealth: true };
    const batch = dry.lastDryRunBatches[0];
    assert.equal(dry.lastDryRunBatches.length, 1);
    assert.deepEqual(JSON.parse(JSON.stringify(batch?.changes)), [
      { Action: 'CREATE', ResourceRecordSet: { Name: 'a-nginx.example.com', Type: 'TXT', TTL: 300, ResourceRecords: [{ Value: txt }] } },
      { Action: 'CREATE', ResourceRecordSet: { Name: 'aaaa-nginx.example.com', Type: 'TXT', TTL: 300, ResourceRecords: [{ Value: txt }] } },
      { Action: 'CREATE', ResourceRecordSet: { Name: 'nginx.example.com', Type: 'A', AliasTarget: alias } },
      { Action: 'CREATE', ResourceRecordSet: { Name: 'nginx.example.com', Type: 'AAAA', AliasTarget: alias } },
    ]);
    assert.deepEqual(seen, dry.lastDryRunBatches);
  });
});

void describe('aws provider zones', () => {
  let h: Harness;
  const ids: Record<string, string> = {};
  before(async () => {
    h = await startHarness();
    for (const name of ['example.com', 'example.org', 'a.example.net']) ids[name] = await createZone(h.client, name);
    const priv = await h.client.send(
      new CreateHostedZoneCommand({ Name: 'internal.example.com', CallerReference: 'priv-1', HostedZoneConfig: { PrivateZone: true }, VPC: { VPCId: 'vpc-1', VPCRegion: 'eu-west-1' } }),
    );
    ids['internal.example.com'] = (priv.HostedZone?.Id ?? '').replace('/hostedzone/', '');
    for (let i = 0; i < 10; i++) ids[`t${i}.example.io`] = await createZone(h.client, `t${i}.example.io`);
    const tag = async (name: string, tags: Record<string, string>): Promise<void> => {
      await h.client.send(new ChangeTagsForResourceCommand({ ResourceType: 'hostedzone', ResourceId: ids[name], AddTags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })) }));
    };
    await tag('example.com', { team: 'dns', env: 'prod' });
    await tag('example.org', { team: 'dns' });
    await tag('t3.example.io', { team: 'dns', env: 'dev' });
  });
  after(() => h.close());

  void it('filters by zone type, zone id suffix and domain', async () => {
    assert.deepEqual(await h.makeProvider({ zoneType: 'private' }).zones(), ['internal.example.com']);
    assert.equal((await h.makeProvider({ zoneType: 'public' }).zones()).includes('internal.example.com'), false);
    assert.deepEqual(await h.makeProvider({ zoneIdFilters: [ids['example.org'] ?? ''] }).zones(), ['example.org']);
    const domainFilter = createDomainFilter({ include: ['example.com'] });
    assert.deepEqual(await h.makeProvider({ domainFilter }).zones(), ['example.com', 'internal.example.com']);
  });

  void it('filters by tags (key or key=value, all required), 10 zones per ListTagsForResources', async () => {
    h.emulator.counts.reset();
    assert.deepEqual(await h.makeProvider({ zoneTags: ['team=dns', 'env'] }).zones(), ['example.com', 't3.example.io']);
    assert.equal(h.emulator.counts.of('ListTagsForResources'), 2, '14 zones → 2 calls');
    assert.deepEqual(await h.makeProvider({ zoneTags: ['team'] }).zones(), ['example.com', 'example.org', 't3.example.io']);
  });

  void it('lists zones once per reconcile pass even without a zone cache', async () => {
    const p = h.makeProvider({ zonesCacheDurationMs: 0 });
    h.emulator.counts.reset();
    for (let pass = 1; pass <= 3; pass++) {
      p.beginPass();
      await p.zones();
      await p.records();
      await p.applyChanges(NO_CHANGES);
      assert.equal(h.emulator.counts.of('ListHostedZones'), pass);
    }
  });

  void it('discovers zones in every account and writes each through its own credentials', async () => {
    const other = await startRoute53Emulator({ now: () => h.clock.now() });
    const otherClient = createRoute53Client({ region: 'us-east-1', endpointUrl: other.url, credentials: { accessKeyId: 'AKIDSECONDACCOUNT', secretAccessKey: 's' } });
    try {
      await createZone(otherClient, 'other.test');
      const config = { ...DEFAULT_AWS_PROVIDER_CONFIG, zoneType: 'public' as const };
      const p = createAwsProvider(config, {
        accounts: [createAwsAccount('main', h.client, config, h.clock), createAwsAccount('second', otherClient, config, h.clock)],
        clock: h.clock,
        random: seededRandom(),
      });
      assert.deepEqual(await p.zones(), ['a.example.net', 'example.com', 'example.org', 'other.test', ...Array.from({ length: 10 }, (_, i) => `t${i}.example.io`)]);
      other.counts.reset();
      const result = await p.applyChanges({ ...NO_CHANGES, create: [ep({ dnsName: 'x.other.test', recordType: 'A', targets: ['192.0.2.1'] })] });
      assert.deepEqual(result.rejected, []);
      assert.equal(other.counts.of('ChangeResourceRecordSets', 'ok'), 1);
      assert.equal(other.counts.lastAccessKeyId, 'AKIDSECONDACCOUNT');
      assert.deepEqual(p.budgetStats().map((s) => s.account), ['main', 'second']);
    } finally {
      otherClient.destroy();
      await other.close();
    }
  });

  void it('leaves the endpoint to AWS_ENDPOINT_URL_ROUTE_53 when none is configured', async () => {
    const saved = process.env.AWS_ENDPOINT_URL_ROUTE_53;
    process.env.AWS_ENDPOINT_URL_ROUTE_53 = h.emulator.url;
    try {
      const client = createRoute53Client({ region: 'us-east-1', credentials: { accessKeyId: 'AKIDENV', secretAccessKey: 's' } });
      const page = await createSdkRoute53Port(client).listHostedZones(undefined);
      assert.ok(page.zones.some((z) => z.name === 'example.com.'));
      assert.equal(h.emulator.counts.lastAccessKeyId, 'AKIDENV');
      client.destroy();
    } finally {
      if (saved === undefined) delete process.env.AWS_ENDPOINT_URL_ROUTE_53;
      else process.env.AWS_ENDPOINT_URL_ROUTE_53 = saved;
    }
  });
});
