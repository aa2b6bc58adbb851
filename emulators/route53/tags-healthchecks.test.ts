import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  ChangeTagsForResourceCommand,
  CreateHealthCheckCommand,
  DeleteHealthCheckCommand,
  GetHealthCheckCommand,
  ListHealthChecksCommand,
  ListTagsForResourceCommand,
  ListTagsForResourcesCommand,
} from '@aws-sdk/client-route-53';
import type { HealthCheckConfig } from '@aws-sdk/client-route-53';
import { change, createZone, rejects, rrset, startFixture } from './sdk-fixture.ts';
import type { Fixture } from './sdk-fixture.ts';

const http: HealthCheckConfig = { Type: 'HTTP', IPAddress: '192.0.2.10', Port: 8080, ResourcePath: '/healthz' };

void describe('tags through the real SDK', () => {
  let f: Fixture;
  before(async () => {
    f = await startFixture();
  });
  after(() => f.close());

  void it('adds, lists and removes hosted-zone tags', async () => {
    const id = await createZone(f.client, 'tags.example');
    await f.client.send(
      new ChangeTagsForResourceCommand({ ResourceType: 'hostedzone', ResourceId: id, AddTags: [{ Key: 'owner', Value: 'team<a>' }, { Key: 'env', Value: 'test' }] }),
    );
    await f.client.send(new ChangeTagsForResourceCommand({ ResourceType: 'hostedzone', ResourceId: id, RemoveTagKeys: ['env'] }));
    const one = await f.client.send(new ListTagsForResourceCommand({ ResourceType: 'hostedzone', ResourceId: id }));
    assert.deepEqual(one.ResourceTagSet, { ResourceType: 'hostedzone', ResourceId: id, Tags: [{ Key: 'owner', Value: 'team<a>' }] });
  });

  void it('lists tags of 1 to 10 zones in one call and refuses 11', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 11; i++) ids.push(await createZone(f.client, `t${i}.example`));
    const out = await f.client.send(new ListTagsForResourcesCommand({ ResourceType: 'hostedzone', ResourceIds: ids.slice(0, 10) }));
    assert.deepEqual(out.ResourceTagSets?.map((s) => s.ResourceId), ids.slice(0, 10));
    await rejects(f.client.send(new ListTagsForResourcesCommand({ ResourceType: 'hostedzone', ResourceIds: ids })), 'InvalidInput', /less than or equal to 10/);
    await rejects(f.client.send(new ListTagsForResourcesCommand({ ResourceType: 'hostedzone', ResourceIds: ['ZNOPE'] })), 'NoSuchHostedZone');
  });
});

void describe('health checks through the real SDK', () => {
  let f: Fixture;
  before(async () => {
    f = await startFixture();
  });
  after(() => f.close());

  void it('creates a health check with 201 and Route53 defaults, and reads it back', async () => {
    const out = await f.client.send(new CreateHealthCheckCommand({ CallerReference: 'hc-1', HealthCheckConfig: http }));
    assert.equal(out.$metadata.httpStatusCode, 201);
    const id = out.HealthCheck?.Id ?? '';
    assert.match(id, /^[0-9a-f-]{36}$/);
    assert.equal(out.HealthCheck?.HealthCheckConfig?.RequestInterval, 30);
    assert.equal(out.HealthCheck?.HealthCheckConfig?.FailureThreshold, 3);
    const got = await f.client.send(new GetHealthCheckCommand({ HealthCheckId: id }));
    assert.deepEqual(got.HealthCheck, out.HealthCheck);
  });

  void it('returns the existing check for the same CallerReference and settings', async () => {
    const a = await f.client.send(new CreateHealthCheckCommand({ CallerReference: 'hc-same', HealthCheckConfig: http }));
    const b = await f.client.send(new CreateHealthCheckCommand({ CallerReference: 'hc-same', HealthCheckConfig: http }));
    assert.equal(a.HealthCheck?.Id, b.HealthCheck?.Id);
  });

  void it('creates another check for a new CallerReference with identical settings', async () => {
    const a = await f.client.send(new CreateHealthCheckCommand({ CallerReference: 'hc-x', HealthCheckConfig: http }));
    const b = await f.client.send(new CreateHealthCheckCommand({ CallerReference: 'hc-y', HealthCheckConfig: http }));
    assert.notEqual(a.HealthCheck?.Id, b.HealthCheck?.Id);
  });

  void it('refuses a CallerReference reused with different settings with HealthCheckAlreadyExists (409)', async () => {
    await f.client.send(new CreateHealthCheckCommand({ CallerReference: 'hc-diff', HealthCheckConfig: http }));
    await assert.rejects(
      f.client.send(new CreateHealthCheckCommand({ CallerReference: 'hc-diff', HealthCheckConfig: { ...http, Port: 9090 } })),
      (e: Error & { $metadata?: { httpStatusCode?: number } }) => e.name === 'HealthCheckAlreadyExists' && e.$metadata?.httpStatusCode === 409,
    );
  });

  void it('refuses the CallerReference of a deleted check, and deletes only unused checks', async () => {
    const out = await f.client.send(new CreateHealthCheckCommand({ CallerReference: 'hc-del', HealthCheckConfig: http }));
    const id = out.HealthCheck?.Id ?? '';
    const zone = await createZone(f.client, 'hc.example');
    const used = { ...rrset('w.hc.example', 'A', ['192.0.2.1']), SetIdentifier: 'one', Weight: 1, HealthCheckId: id };
    await change(f.client, zone, [{ Action: 'CREATE', ResourceRecordSet: used }]);
    await rejects(f.client.send(new DeleteHealthCheckCommand({ HealthCheckId: id })), 'HealthCheckInUse');
    await change(f.client, zone, [{ Action: 'DELETE', ResourceRecordSet: used }]);
    await f.client.send(new DeleteHealthCheckCommand({ HealthCheckId: id }));
    await rejects(f.client.send(new GetHealthCheckCommand({ HealthCheckId: id })), 'NoSuchHealthCheck');
    await rejects(f.client.send(new CreateHealthCheckCommand({ CallerReference: 'hc-del', HealthCheckConfig: http })), 'HealthCheckAlreadyExists');
  });

  void it('refuses an invalid config: unknown type, TCP without port, bad IP', async () => {
    await rejects(f.client.send(new CreateHealthCheckCommand({ CallerReference: 'bad-1', HealthCheckConfig: { Type: 'PING' as 'HTTP', IPAddress: '192.0.2.1' } })), 'InvalidInput', /PING/);
    await rejects(f.client.send(new CreateHealthCheckCommand({ CallerReference: 'bad-2', HealthCheckConfig: { Type: 'TCP', IPAddress: '192.0.2.1' } })), 'InvalidInput', /Port/);
    await rejects(f.client.send(new CreateHealthCheckCommand({ CallerReference: 'bad-3', HealthCheckConfig: { Type: 'HTTP', IPAddress: '300.1.1.1' } })), 'InvalidInput', /300\.1\.1\.1/);
  });

  void it('pages ListHealthChecks with Marker/NextMarker', async () => {
    const all = (await f.client.send(new ListHealthChecksCommand({}))).HealthChecks ?? [];
    assert.ok(all.length >= 4);
    const first = await f.client.send(new ListHealthChecksCommand({ MaxItems: 2 }));
    assert.equal(first.IsTruncated, true);
    const second = await f.client.send(new ListHealthChecksCommand({ MaxItems: 2, Marker: first.NextMarker }));
    assert.deepEqual([...(first.HealthChecks ?? []), ...(second.HealthChecks ?? [])].map((h) => h.Id), all.slice(0, 4).map((h) => h.Id));
  });

  void it('tags health checks too', async () => {
    const out = await f.client.send(new CreateHealthCheckCommand({ CallerReference: 'hc-tag', HealthCheckConfig: http }));
    const id = out.HealthCheck?.Id ?? '';
    await f.client.send(new ChangeTagsForResourceCommand({ ResourceType: 'healthcheck', ResourceId: id, AddTags: [{ Key: 'Name', Value: 'web' }] }));
    const tags = await f.client.send(new ListTagsForResourcesCommand({ ResourceType: 'healthcheck', ResourceIds: [id] }));
    assert.deepEqual(tags.ResourceTagSets?.[0]?.Tags, [{ Key: 'Name', Value: 'web' }]);
  });
});
