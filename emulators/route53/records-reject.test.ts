import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ListResourceRecordSetsCommand } from '@aws-sdk/client-route-53';
import type { Change, ResourceRecordSet } from '@aws-sdk/client-route-53';
import { change, createZone, rejects, rrset, startFixture } from './sdk-fixture.ts';
import type { Fixture } from './sdk-fixture.ts';

const create = (r: ResourceRecordSet): Change => ({ Action: 'CREATE', ResourceRecordSet: r });
const del = (r: ResourceRecordSet): Change => ({ Action: 'DELETE', ResourceRecordSet: r });
const upsert = (r: ResourceRecordSet): Change => ({ Action: 'UPSERT', ResourceRecordSet: r });

void describe('ChangeResourceRecordSets rejects what Route53 rejects, with its codes and messages', () => {
  let f: Fixture;
  let zone: string;
  before(async () => {
    f = await startFixture({ maxRecordsPerZone: 40 });
    zone = await createZone(f.client, 'example.com');
    await change(f.client, zone, [
      create(rrset('x.example.com', 'A', ['192.0.2.1'], 300)),
      create(rrset('www.example.com', 'CNAME', ['lb.example.net'])),
      create(rrset('txt.example.com', 'TXT', ['"v=1"'])),
    ]);
  });
  after(() => f.close());
  const send = (...changes: Change[]) => change(f.client, zone, changes);
  const names = async () =>
    ((await f.client.send(new ListResourceRecordSetsCommand({ HostedZoneId: zone }))).ResourceRecordSets ?? []).map((r) => `${r.Name ?? ''} ${r.Type ?? ''}`);

  void it('refuses to CREATE a set that exists', async () => {
    await rejects(send(create(rrset('x.example.com', 'A', ['192.0.2.9']))), 'InvalidChangeBatch',
      "[Tried to create resource record set [name='x.example.com.', type='A'] but it already exists]");
  });

  void it('refuses to DELETE a set that does not exist', async () => {
    await rejects(send(del(rrset('nope.example.com', 'A', ['192.0.2.1']))), 'InvalidChangeBatch',
      "[Tried to delete resource record set [name='nope.example.com.', type='A'] but it was not found]");
  });

  void it('refuses a DELETE whose values, TTL or routing differ from the current set', async () => {
    const mismatch = "[Tried to delete resource record set [name='x.example.com.', type='A'] but the values provided do not match the current values]";
    await rejects(send(del(rrset('x.example.com', 'A', ['192.0.2.2'], 300))), 'InvalidChangeBatch', mismatch);
    await rejects(send(del(rrset('x.example.com', 'A', ['192.0.2.1'], 60))), 'InvalidChangeBatch', mismatch);
    await rejects(send(del({ ...rrset('x.example.com', 'A', ['192.0.2.1'], 300), MultiValueAnswer: true, SetIdentifier: 'm' })), 'InvalidChangeBatch', /set-identifier='m'\] but it was not found/);
  });

  void it('refuses to delete the same set twice in one batch and applies nothing', async () => {
    const x = rrset('x.example.com', 'A', ['192.0.2.1'], 300);
    await rejects(send(del(x), del(x)), 'InvalidChangeBatch', "[The request contains an invalid set of changes for a resource record set 'A x.example.com.']");
    assert.ok((await names()).includes('x.example.com. A'));
  });

  void it('refuses any other repeat of one set in a batch, but allows DELETE then CREATE or UPSERT', async () => {
    const y = rrset('y.example.com', 'A', ['192.0.2.7']);
    const invalid = "[The request contains an invalid set of changes for a resource record set 'A y.example.com.']";
    await rejects(send(create(y), create({ ...y, TTL: 60 })), 'InvalidChangeBatch', invalid);
    await rejects(send(upsert(y), upsert(y)), 'InvalidChangeBatch', invalid);
    await rejects(send(create(y), del(y)), 'InvalidChangeBatch', invalid);
    const x = rrset('x.example.com', 'A', ['192.0.2.1'], 300);
    await send(del(x), upsert({ ...x, TTL: 60 }));
    await send(del({ ...x, TTL: 60 }), create(x));
  });

  void it('brackets and comma-joins several failures, and applies none of the batch', async () => {
    await rejects(
      send(create(rrset('fresh.example.com', 'A', ['192.0.2.5'])), del(rrset('nope.example.com', 'A', ['192.0.2.1'])), create(rrset('x.example.org', 'A', ['192.0.2.1']))),
      'InvalidChangeBatch',
      "[Tried to delete resource record set [name='nope.example.com.', type='A'] but it was not found, RRSet with DNS name x.example.org. is not permitted in zone example.com.]",
    );
    assert.equal((await names()).includes('fresh.example.com. A'), false);
  });

  void it('refuses a CNAME where other records exist, and other records where a CNAME exists', async () => {
    await rejects(send(create(rrset('x.example.com', 'CNAME', ['a.example.net']))), 'InvalidChangeBatch',
      '[RRSet of type CNAME with DNS name x.example.com. is not permitted as it conflicts with other records with the same DNS name in zone example.com.]');
    await rejects(send(create(rrset('www.example.com', 'A', ['192.0.2.1']))), 'InvalidChangeBatch',
      '[RRSet of type A with DNS name www.example.com. is not permitted because a conflicting RRSet of type  CNAME with the same DNS name already exists in zone example.com.]');
  });

  void it('refuses a CNAME at the zone apex', async () => {
    await rejects(send(create(rrset('example.com', 'CNAME', ['a.example.net']))), 'InvalidChangeBatch',
      '[RRSet of type CNAME with DNS name example.com. is not permitted at apex in zone example.com.]');
  });

  void it('refuses names outside the zone', async () => {
    await rejects(send(create(rrset('x.', 'A', ['192.0.2.1']))), 'InvalidChangeBatch', '[RRSet with DNS name x. is not permitted in zone example.com.]');
    await rejects(send(create(rrset('notexample.com', 'A', ['192.0.2.1']))), 'InvalidChangeBatch', /notexample\.com\. is not permitted in zone example\.com\./);
  });

  void it('refuses to delete the apex SOA or NS', async () => {
    const ns = (await f.client.send(new ListResourceRecordSetsCommand({ HostedZoneId: zone, StartRecordName: 'example.com', StartRecordType: 'NS', MaxItems: 1 }))).ResourceRecordSets?.[0];
    assert.ok(ns);
    await rejects(send(del(ns)), 'InvalidChangeBatch', '[A HostedZone must contain at least one NS record for the zone itself.]');
  });

  void it('refuses more than 1,000 values per request, counting UPSERT twice', async () => {
    const values = (n: number) => Array.from({ length: n }, (_, i) => `10.1.${Math.floor(i / 250)}.${i % 250}`);
    await rejects(send(create(rrset('big1.example.com', 'A', values(400))), create(rrset('big2.example.com', 'A', values(400))), create(rrset('big3.example.com', 'A', values(201)))),
      'InvalidChangeBatch', '[Number of records limit of 1000 exceeded.]');
    await rejects(send(upsert(rrset('big1.example.com', 'A', values(400))), upsert(rrset('big2.example.com', 'A', values(101)))), 'InvalidChangeBatch', '[Number of records limit of 1000 exceeded.]');
    await send(upsert(rrset('big1.example.com', 'A', values(400))), upsert(rrset('big2.example.com', 'A', values(100))));
  });

  void it('refuses more than 32,000 value characters per request, counting UPSERT twice', async () => {
    const txt = (i: number) => `"${String(i).padStart(3, '0')}${'x'.repeat(250)}"`; // 255 characters
    const many = (n: number) => Array.from({ length: n }, (_, i) => txt(i));
    await rejects(send(upsert(rrset('chars.example.com', 'TXT', many(63)))), 'InvalidChangeBatch', /Number of characters limit of 32000 exceeded/);
    await send(create(rrset('chars.example.com', 'TXT', many(125))));
  });

  void it('refuses more than 400 values in one record set', async () => {
    const values = Array.from({ length: 401 }, (_, i) => `10.2.${Math.floor(i / 250)}.${i % 250}`);
    await rejects(send(create(rrset('wide.example.com', 'A', values))), 'InvalidChangeBatch', /has 401 ResourceRecords; the limit is 400/);
  });

  void it('refuses to grow a zone past its record-set quota', async () => {
    const sets = Array.from({ length: 40 }, (_, i) => create(rrset(`q${i}.example.com`, 'A', ['192.0.2.1'])));
    await rejects(send(...sets), 'InvalidChangeBatch', /limit is 40 \(MAX_RRSETS_BY_ZONE\)/);
  });

  void it('refuses a DELETE without TTL and values with InvalidInput', async () => {
    await rejects(send(del({ Name: 'x.example.com', Type: 'A' })), 'InvalidInput',
      'Invalid request: Expected exactly one of [AliasTarget, all of [TTL, and ResourceRecords], or TrafficPolicyInstanceId], but found none in Change with [Action=DELETE, Name=x.example.com, Type=A, SetIdentifier=null]');
    await rejects(send(create({ Name: 'y.example.com', Type: 'A', TTL: 60 })), 'InvalidInput', /but found none/);
  });

  void it('refuses an unknown Action and an unknown type with InvalidInput', async () => {
    await rejects(send({ Action: 'REPLACE' as 'CREATE', ResourceRecordSet: rrset('y.example.com', 'A', ['192.0.2.1']) }), 'InvalidInput', /Value 'REPLACE' is not facet-valid .*\[CREATE, DELETE, UPSERT\]/);
    await rejects(send(create(rrset('y.example.com', 'AXFR', ['x']))), 'InvalidInput', /Value 'AXFR' is not facet-valid/);
  });

  void it('refuses a reference to a health check that does not exist', async () => {
    await rejects(send(create({ ...rrset('hc.example.com', 'A', ['192.0.2.1']), SetIdentifier: 'a', Weight: 1, HealthCheckId: 'no-such-check' })), 'NoSuchHealthCheck', /no-such-check/);
  });

  void it('refuses TXT values that are unquoted, unterminated or have strings over 255 characters', async () => {
    for (const [value, code] of [['v=spf1 -all', 'InvalidCharacterString'], ['"open', 'InvalidCharacterString'], ['"a"b"', 'InvalidCharacterString'], [`"${'a'.repeat(256)}"`, 'CharacterStringTooLong'], [`"${'a'.repeat(200)}" `.repeat(20), 'TXTRDATATooLong']] as const) {
      await rejects(send(create(rrset('t.example.com', 'TXT', [value]))), 'InvalidChangeBatch', new RegExp(`FATAL problem: ${code} `));
    }
    await send(create(rrset('t.example.com', 'TXT', [`"${'a'.repeat(255)}" "${'b'.repeat(255)}"`, '"say \\"hi\\""', '"\\010tab"'])));
  });

  void it('refuses bad A, AAAA, CNAME, MX and SRV values', async () => {
    const cases: [string, string[], RegExp][] = [
      ['A', ['192.0.2'], /ARRDATAIllegalIPv4Address \(Value is not a valid IPv4 address\) encountered with '192\.0\.2'/],
      ['A', ['192.0.2.1 192.0.2.2'], /ARRDATANotSingleField \(Value contains spaces\)/],
      ['A', ['2001:db8::1'], /ARRDATAIllegalIPv4Address/],
      ['AAAA', ['192.0.2.1'], /AAAARRDATAIllegalIPv6Address/],
      ['CNAME', ['a.example.net', 'b.example.net'], /a CNAME must have exactly one/],
      ['MX', ['mail.example.com'], /MXRRDATANotTwoFields/],
      ['MX', ['70000 mail.example.com'], /MXRRDATAIllegalPriority/],
      ['SRV', ['1 2 mail.example.com'], /SRVRRDATANotFourFields/],
    ];
    for (const [type, values, message] of cases) await rejects(send(create(rrset('v.example.com', type, values))), 'InvalidChangeBatch', message);
    await send(create(rrset('mx.example.com', 'MX', ['10 mail.example.com'])), create(rrset('_sip._tcp.example.com', 'SRV', ['1 2 5060 sip.example.com'])));
  });
});
