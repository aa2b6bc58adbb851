import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CreateHostedZoneCommand,
  DeleteHostedZoneCommand,
  GetAccountLimitCommand,
  GetChangeCommand,
  GetHostedZoneCountCommand,
  GetHostedZoneLimitCommand,
  GetHostedZoneCommand,
  ListHostedZonesByNameCommand,
  ListHostedZonesCommand,
  ListResourceRecordSetsCommand,
  paginateListHostedZones,
} from '@aws-sdk/client-route-53';
import { change, createZone, rejects, rrset, startFixture } from './sdk-fixture.ts';
import type { Fixture } from './sdk-fixture.ts';

void describe('hosted zones through the real SDK', () => {
  let f: Fixture;
  before(async () => {
    f = await startFixture();
  });
  after(() => f.close());

  void it('creates a public zone with 201, a change, four name servers and its SOA and NS sets', async () => {
    const out = await f.client.send(new CreateHostedZoneCommand({ Name: 'Create.Example', CallerReference: 'create-1', HostedZoneConfig: { Comment: 'c & d' } }));
    assert.equal(out.$metadata.httpStatusCode, 201);
    assert.match(out.HostedZone?.Id ?? '', /^\/hostedzone\/Z[A-Z0-9]+$/);
    assert.equal(out.HostedZone?.Name, 'create.example.');
    assert.equal(out.HostedZone?.Config?.Comment, 'c & d');
    assert.equal(out.HostedZone?.ResourceRecordSetCount, 2);
    assert.equal(out.ChangeInfo?.Status, 'PENDING');
    assert.equal(out.DelegationSet?.NameServers?.length, 4);
    assert.equal(out.Location, `https://route53.amazonaws.com/2013-04-01${out.HostedZone?.Id ?? ''}`);
    const sets = await f.client.send(new ListResourceRecordSetsCommand({ HostedZoneId: out.HostedZone?.Id }));
    assert.deepEqual(sets.ResourceRecordSets?.map((r) => `${r.Name ?? ''} ${r.Type ?? ''} ${r.TTL ?? 0}`), ['create.example. NS 172800', 'create.example. SOA 900']);
  });

  void it('refuses a reused CallerReference with HostedZoneAlreadyExists (409)', async () => {
    await f.client.send(new CreateHostedZoneCommand({ Name: 'dup.example', CallerReference: 'dup-ref' }));
    await rejects(f.client.send(new CreateHostedZoneCommand({ Name: 'other.example', CallerReference: 'dup-ref' })), 'HostedZoneAlreadyExists');
  });

  void it('refuses an invalid zone name with InvalidDomainName', async () => {
    await rejects(f.client.send(new CreateHostedZoneCommand({ Name: 'a..example', CallerReference: 'bad-name' })), 'InvalidDomainName', /a\.\.example/);
  });

  void it('creates a private zone from a VPC and reports it through GetHostedZone', async () => {
    const out = await f.client.send(
      new CreateHostedZoneCommand({ Name: 'private.example', CallerReference: 'priv', VPC: { VPCId: 'vpc-1234', VPCRegion: 'eu-west-1' } }),
    );
    assert.equal(out.HostedZone?.Config?.PrivateZone, true);
    assert.equal(out.DelegationSet, undefined);
    const got = await f.client.send(new GetHostedZoneCommand({ Id: out.HostedZone?.Id }));
    assert.equal(got.HostedZone?.Config?.PrivateZone, true);
    assert.deepEqual(got.VPCs, [{ VPCId: 'vpc-1234', VPCRegion: 'eu-west-1' }]);
    await rejects(
      f.client.send(new CreateHostedZoneCommand({ Name: 'p2.example', CallerReference: 'priv2', HostedZoneConfig: { PrivateZone: true } })),
      'InvalidInput',
    );
  });

  void it('answers NoSuchHostedZone (404) for an unknown ID', async () => {
    await assert.rejects(f.client.send(new GetHostedZoneCommand({ Id: 'ZNOSUCHZONE' })), (e: Error & { $metadata?: { httpStatusCode?: number } }) => {
      assert.equal(e.name, 'NoSuchHostedZone');
      assert.equal(e.message, 'No hosted zone found with ID: ZNOSUCHZONE');
      assert.equal(e.$metadata?.httpStatusCode, 404);
      return true;
    });
  });

  void it('pages ListHostedZones with Marker/NextMarker and caps MaxItems at 100', async () => {
    for (let i = 0; i < 5; i++) await createZone(f.client, `page${i}.example`);
    const all = (await f.client.send(new ListHostedZonesCommand({}))).HostedZones ?? [];
    const seen: string[] = [];
    let marker: string | undefined;
    for (let guard = 0; guard < 50; guard++) {
      const page = await f.client.send(new ListHostedZonesCommand({ MaxItems: 2, ...(marker !== undefined ? { Marker: marker } : {}) }));
      assert.ok((page.HostedZones?.length ?? 0) <= 2);
      seen.push(...(page.HostedZones ?? []).map((z) => z.Id ?? ''));
      if (page.IsTruncated !== true) break;
      marker = page.NextMarker;
    }
    assert.deepEqual(seen, all.map((z) => z.Id ?? ''));
    const paged: string[] = [];
    for await (const page of paginateListHostedZones({ client: f.client, pageSize: 3 }, {})) paged.push(...(page.HostedZones ?? []).map((z) => z.Id ?? ''));
    assert.deepEqual(paged, seen);
    assert.equal((await f.client.send(new ListHostedZonesCommand({ MaxItems: 500 }))).MaxItems, 100);
  });

  void it('lists zones by name in reversed-label order starting at DNSName', async () => {
    await createZone(f.client, 'a.bbb.example');
    await createZone(f.client, 'zzz.example');
    const out = await f.client.send(new ListHostedZonesByNameCommand({ DNSName: 'bbb.example' }));
    const names = (out.HostedZones ?? []).map((z) => z.Name);
    assert.equal(names[0], 'a.bbb.example.');
    assert.ok(names.indexOf('zzz.example.') > names.indexOf('page4.example.'));
    const page = await f.client.send(new ListHostedZonesByNameCommand({ MaxItems: 1 }));
    assert.equal(page.IsTruncated, true);
    const next = await f.client.send(new ListHostedZonesByNameCommand({ DNSName: page.NextDNSName, HostedZoneId: page.NextHostedZoneId, MaxItems: 1 }));
    assert.equal(next.HostedZones?.[0]?.Id, `/hostedzone/${page.NextHostedZoneId ?? ''}`);
  });

  void it('refuses to delete a zone holding more than SOA and NS, then deletes it once emptied', async () => {
    const id = await createZone(f.client, 'del.example');
    const a = rrset('x.del.example', 'A', ['192.0.2.1']);
    await change(f.client, id, [{ Action: 'CREATE', ResourceRecordSet: a }]);
    await rejects(
      f.client.send(new DeleteHostedZoneCommand({ Id: id })),
      'HostedZoneNotEmpty',
      'The specified hosted zone contains non-required resource record sets and so cannot be deleted.',
    );
    await change(f.client, id, [{ Action: 'DELETE', ResourceRecordSet: a }]);
    const out = await f.client.send(new DeleteHostedZoneCommand({ Id: id }));
    assert.equal(out.ChangeInfo?.Status, 'PENDING');
    await rejects(f.client.send(new GetHostedZoneCommand({ Id: id })), 'NoSuchHostedZone');
  });

  void it('reports a change PENDING, then INSYNC after the configured delay', async () => {
    let clock = 4_000_000;
    const timed = await startFixture({ insyncDelayMs: 150, now: () => clock });
    const id = await createZone(timed.client, 'sync.example');
    const out = (await change(timed.client, id, [{ Action: 'CREATE', ResourceRecordSet: rrset('s.sync.example', 'A', ['192.0.2.2']) }])) as {
      ChangeInfo?: { Id?: string; Status?: string };
    };
    assert.equal(out.ChangeInfo?.Status, 'PENDING');
    clock += 149;
    const first = await timed.client.send(new GetChangeCommand({ Id: out.ChangeInfo?.Id }));
    assert.equal(first.ChangeInfo?.Status, 'PENDING');
    clock += 1;
    const later = await timed.client.send(new GetChangeCommand({ Id: out.ChangeInfo?.Id }));
    assert.equal(later.ChangeInfo?.Status, 'INSYNC');
    assert.equal(later.ChangeInfo?.SubmittedAt?.getTime(), 4_000_000);
    await rejects(timed.client.send(new GetChangeCommand({ Id: 'CNOSUCH' })), 'NoSuchChange');
    await timed.close();
  });
  void it('reports the per-zone record quota and account limits with current counts', async () => {
    const id = await createZone(f.client, 'limits.example');
    const zoneLimit = await f.client.send(new GetHostedZoneLimitCommand({ HostedZoneId: id, Type: 'MAX_RRSETS_BY_ZONE' }));
    assert.deepEqual([zoneLimit.Limit?.Value, zoneLimit.Count], [10_000, 2]);
    const count = (await f.client.send(new GetHostedZoneCountCommand({}))).HostedZoneCount ?? 0;
    const account = await f.client.send(new GetAccountLimitCommand({ Type: 'MAX_HOSTED_ZONES_BY_OWNER' }));
    assert.deepEqual([account.Limit?.Value, account.Count], [500, count]);
    await rejects(f.client.send(new GetHostedZoneLimitCommand({ HostedZoneId: id, Type: 'MAX_APPLES' as 'MAX_RRSETS_BY_ZONE' })), 'InvalidInput', /MAX_APPLES/);
  });
});
