// Switching from ExternalDNS on Route53: records written exactly as ExternalDNS writes them (the
// reference ChangeBatch vectors) plan to nothing, an alias owned through the obsolete `cname-` TXT
// is migrated by one update that writes `a-…` and keeps `cname-…`, and a hand-deleted record comes
// back at the next --aws-records-resync, not before.
import { after, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { change, createZone, listAll, rrset } from '../../emulators/route53/sdk-fixture.ts';
import { computePlan, reconcileOnce, type ReconcileDeps } from '../../src/controller/reconcile.ts';
import { createDomainFilter, createEndpoint, DEFAULT_MANAGED_TYPES, type Endpoint } from '../../src/endpoint/index.ts';
import { silentLogger } from '../../src/log/logger.ts';
import { startHarness, type Harness } from '../../src/provider/aws/test-harness.ts';
import { createTxtRegistry } from '../../src/registry/txt/index.ts';

const OWNER = 'my-cluster';
const VALUE = '"heritage=external-dns,external-dns/owner=my-cluster,external-dns/resource=service/default/nginx"';
const ELB = 'a1b2c3-123456.us-east-1.elb.amazonaws.com';
const alias = (type: 'A' | 'AAAA') => ({
  Name: 'nginx.example.com',
  Type: type,
  AliasTarget: { DNSName: ELB, HostedZoneId: 'Z35SXDOTRQ7X7K', EvaluateTargetHealth: true },
});

void describe('moving from ExternalDNS on Route53', () => {
  let h: Harness | undefined;
  let zoneId = '';
  let desired: Endpoint[] = [];
  let deps: ReconcileDeps;
  const warnings: string[] = [];
  beforeEach(async () => {
    await h?.close();
    h = await startHarness({ zonesCacheDurationMs: 3_600_000 });
    zoneId = await createZone(h.client, 'example.com');
    const provider = h.provider;
    desired = [createEndpoint({ dnsName: 'nginx.example.com', recordType: 'CNAME', targets: [ELB], labels: { resource: 'service/default/nginx' } })];
    warnings.length = 0;
    deps = {
      source: { endpoints: () => Promise.resolve({ endpoints: desired, problems: [], frozenResources: new Set() }), onChange: () => () => undefined },
      registry: createTxtRegistry(provider, { ownerId: OWNER, warn: (m) => warnings.push(m) }),
      settings: { policy: 'sync', domainFilter: createDomainFilter({}), managedTypes: DEFAULT_MANAGED_TYPES, excludeTypes: [], maxDeleteFraction: 0.5, force: false },
      logger: silentLogger(),
      beginPass: () => {
        provider.beginPass();
      },
    };
  });
  after(() => h?.close());

  void it('plans 0 creates, 0 updates and 0 deletes over records ExternalDNS wrote (reference vector 1)', async () => {
    const hh = h!;
    await change(hh.client, zoneId, [
      { Action: 'CREATE', ResourceRecordSet: rrset('a-nginx.example.com', 'TXT', [VALUE]) },
      { Action: 'CREATE', ResourceRecordSet: rrset('aaaa-nginx.example.com', 'TXT', [VALUE]) },
      { Action: 'CREATE', ResourceRecordSet: alias('A') },
      { Action: 'CREATE', ResourceRecordSet: alias('AAAA') },
    ]);
    hh.emulator.counts.reset();
    const { plan } = await computePlan(deps);
    assert.deepEqual([plan.changes.create.length, plan.changes.updateNew.length, plan.changes.delete.length], [0, 0, 0]);
    assert.equal(hh.emulator.counts.of('ChangeResourceRecordSets'), 0, 'planning never writes');
  });

  void it('migrates an alias owned through the obsolete cname- TXT with one update and never deletes the old TXT', async () => {
    const hh = h!;
    await change(hh.client, zoneId, [
      { Action: 'CREATE', ResourceRecordSet: rrset('cname-nginx.example.com', 'TXT', [VALUE]) },
      { Action: 'CREATE', ResourceRecordSet: alias('A') },
    ]);
    const first = await reconcileOnce(deps, { dryRun: false });
    assert.deepEqual(first.rejected, []);
    const summary = (es: readonly Endpoint[]): string[] => es.map((e) => `${e.dnsName} ${e.recordType}`).sort();
    assert.deepEqual(summary(first.plan.changes.updateNew), ['nginx.example.com A'], 'the owned A alias is updated to write its typed TXT');
    assert.deepEqual(summary(first.plan.changes.create), ['nginx.example.com AAAA']);
    assert.deepEqual(first.plan.changes.delete, []);
    assert.equal(warnings.filter((w) => w.includes('cname-nginx.example.com')).length, 1);
    const names = (await listAll(hh.client, zoneId)).sets.filter((s) => s.Type === 'TXT').map((s) => `${s.Name ?? ''} ${s.ResourceRecords?.[0]?.Value ?? ''}`).sort();
    assert.deepEqual(names, [`a-nginx.example.com. ${VALUE}`, `aaaa-nginx.example.com. ${VALUE}`, `cname-nginx.example.com. ${VALUE}`]);
    const second = await reconcileOnce(deps, { dryRun: false });
    assert.equal(second.applied, false, 'the next pass has nothing to do');
  });

  void it('recreates a record deleted by hand at the next records resync, and not before', async () => {
    const hh = h!;
    desired = [createEndpoint({ dnsName: 'web.example.com', recordType: 'A', targets: ['192.0.2.7'], ttl: 60, labels: { resource: 'service/default/web' } })];
    assert.deepEqual((await reconcileOnce(deps, { dryRun: false })).rejected, []);
    await change(hh.client, zoneId, [{ Action: 'DELETE', ResourceRecordSet: rrset('web.example.com', 'A', ['192.0.2.7'], 60) }]);
    hh.clock.advance(60_000);
    assert.equal((await reconcileOnce(deps, { dryRun: false })).applied, false, 'within the resync period the hand edit is not seen');
    hh.clock.advance(hh.config.recordsResyncMs);
    const repair = await reconcileOnce(deps, { dryRun: false });
    assert.deepEqual(repair.plan.changes.create.map((e) => e.dnsName), ['web.example.com']);
    assert.deepEqual(repair.rejected, []);
    const back = (await listAll(hh.client, zoneId)).sets.find((s) => s.Name === 'web.example.com.' && s.Type === 'A');
    assert.deepEqual(back?.ResourceRecords, [{ Value: '192.0.2.7' }]);
  });
});
