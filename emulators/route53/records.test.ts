import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ListResourceRecordSetsCommand } from '@aws-sdk/client-route-53';
import type { Change, ResourceRecordSet } from '@aws-sdk/client-route-53';
import { change, createZone, listAll, rejects, rrset, startFixture } from './sdk-fixture.ts';
import type { Fixture } from './sdk-fixture.ts';

const summary = (r: ResourceRecordSet): string =>
  `${r.Name ?? ''} ${r.Type ?? ''}${r.SetIdentifier !== undefined ? ` ${r.SetIdentifier}` : ''}`;

void describe('record sets through the real SDK', () => {
  let f: Fixture;
  let zone: string;
  before(async () => {
    f = await startFixture();
    zone = await createZone(f.client, 'rec.example');
  });
  after(() => f.close());

  const list = async (name?: string, type?: ResourceRecordSet['Type'], identifier?: string) =>
    (
      await f.client.send(
        new ListResourceRecordSetsCommand({ HostedZoneId: zone, StartRecordName: name, StartRecordType: type, StartRecordIdentifier: identifier }),
      )
    ).ResourceRecordSets ?? [];

  void it('returns names lower-cased with a trailing dot and the wildcard as \\052', async () => {
    await change(f.client, zone, [
      { Action: 'CREATE', ResourceRecordSet: rrset('*.Wild.REC.example', 'A', ['192.0.2.1']) },
      { Action: 'CREATE', ResourceRecordSet: rrset('Mixed.rec.example', 'TXT', ['"Case \\"Kept\\""', '"a" "b"']) },
    ]);
    const sets = await list('wild.rec.example');
    assert.equal(sets[0]?.Name, '\\052.wild.rec.example.');
    const txt = await list('mixed.rec.example', 'TXT');
    assert.equal(txt[0]?.Name, 'mixed.rec.example.');
    assert.deepEqual(txt[0]?.ResourceRecords, [{ Value: '"Case \\"Kept\\""' }, { Value: '"a" "b"' }]);
  });

  void it('UPSERT creates a set, then replaces it by name, type and SetIdentifier', async () => {
    await change(f.client, zone, [{ Action: 'UPSERT', ResourceRecordSet: rrset('up.rec.example', 'A', ['192.0.2.1'], 60) }]);
    await change(f.client, zone, [{ Action: 'UPSERT', ResourceRecordSet: rrset('UP.rec.example.', 'A', ['192.0.2.2', '192.0.2.3'], 120) }]);
    const sets = (await list('up.rec.example', 'A')).filter((r) => r.Name === 'up.rec.example.');
    assert.equal(sets.length, 1);
    assert.equal(sets[0]?.TTL, 120);
    assert.deepEqual(sets[0]?.ResourceRecords?.map((r) => r.Value), ['192.0.2.2', '192.0.2.3']);
  });

  void it('deletes a set given its exact values, in any case and with or without the trailing dot', async () => {
    await change(f.client, zone, [{ Action: 'CREATE', ResourceRecordSet: rrset('gone.rec.example', 'A', ['192.0.2.1', '192.0.2.2']) }]);
    await change(f.client, zone, [{ Action: 'DELETE', ResourceRecordSet: rrset('GONE.rec.example.', 'A', ['192.0.2.2', '192.0.2.1']) }]);
    assert.equal((await list('gone.rec.example')).some((r) => r.Name === 'gone.rec.example.'), false);
  });

  void it('replaces a record with another type by DELETE then CREATE in one batch', async () => {
    await change(f.client, zone, [{ Action: 'CREATE', ResourceRecordSet: rrset('swap.rec.example', 'A', ['192.0.2.1']) }]);
    await change(f.client, zone, [
      { Action: 'DELETE', ResourceRecordSet: rrset('swap.rec.example', 'A', ['192.0.2.1']) },
      { Action: 'CREATE', ResourceRecordSet: rrset('swap.rec.example', 'CNAME', ['target.example.net']) },
    ]);
    const sets = (await list('swap.rec.example')).filter((r) => r.Name === 'swap.rec.example.');
    assert.deepEqual(sets.map(summary), ['swap.rec.example. CNAME']);
  });

  void it('accepts every routing policy with SetIdentifiers, and an alias at the apex', async () => {
    const base = (id: string): ResourceRecordSet => ({ ...rrset('route.rec.example', 'A', ['192.0.2.1']), SetIdentifier: id });
    const changes: Change[] = [
      { Action: 'CREATE', ResourceRecordSet: { ...base('w1'), Name: 'weighted.rec.example', Weight: 0 } },
      { Action: 'CREATE', ResourceRecordSet: { ...base('w2'), Name: 'weighted.rec.example', Weight: 255 } },
      { Action: 'CREATE', ResourceRecordSet: { ...base('l1'), Name: 'latency.rec.example', Region: 'eu-west-1' } },
      { Action: 'CREATE', ResourceRecordSet: { ...base('l2'), Name: 'latency.rec.example', Region: 'us-gov-west-1' } },
      { Action: 'CREATE', ResourceRecordSet: { ...base('p'), Name: 'failover.rec.example', Failover: 'PRIMARY' } },
      { Action: 'CREATE', ResourceRecordSet: { ...base('s'), Name: 'failover.rec.example', Failover: 'SECONDARY' } },
      { Action: 'CREATE', ResourceRecordSet: { ...base('eu'), Name: 'geo.rec.example', GeoLocation: { ContinentCode: 'EU' } } },
      { Action: 'CREATE', ResourceRecordSet: { ...base('ca'), Name: 'geo.rec.example', GeoLocation: { CountryCode: 'US', SubdivisionCode: 'CA' } } },
      { Action: 'CREATE', ResourceRecordSet: { ...base('def'), Name: 'geo.rec.example', GeoLocation: { CountryCode: '*' } } },
      { Action: 'CREATE', ResourceRecordSet: { ...base('m1'), Name: 'multi.rec.example', MultiValueAnswer: true } },
      { Action: 'CREATE', ResourceRecordSet: { ...base('g1'), Name: 'prox.rec.example', GeoProximityLocation: { AWSRegion: 'us-east-1', Bias: 10 } } },
      {
        Action: 'CREATE',
        ResourceRecordSet: { Name: 'rec.example', Type: 'A', AliasTarget: { HostedZoneId: zone, DNSName: 'up.rec.example', EvaluateTargetHealth: false } },
      },
    ];
    await change(f.client, zone, changes);
    const weighted = await list('weighted.rec.example', 'A');
    assert.deepEqual(weighted.slice(0, 2).map((r) => [r.SetIdentifier, r.Weight]), [['w1', 0], ['w2', 255]]);
    const apex = (await list('rec.example', 'A'))[0];
    assert.deepEqual(apex?.AliasTarget, { HostedZoneId: zone, DNSName: 'up.rec.example.', EvaluateTargetHealth: false });
    const geo = await list('geo.rec.example', 'A', 'def');
    assert.deepEqual(geo[0]?.GeoLocation, { CountryCode: '*' });
  });

  void it('caps MaxItems at 300 and refuses a type without a name', async () => {
    const out = await f.client.send(new ListResourceRecordSetsCommand({ HostedZoneId: zone, MaxItems: 1000 }));
    assert.equal(out.MaxItems, 300);
    await rejects(f.client.send(new ListResourceRecordSetsCommand({ HostedZoneId: zone, StartRecordType: 'A' })), 'InvalidInput', /type=A/);
    await rejects(
      f.client.send(new ListResourceRecordSetsCommand({ HostedZoneId: zone, StartRecordName: 'a.rec.example', StartRecordType: 'BOGUS' as 'A' })),
      'InvalidInput',
    );
  });
});

void describe('paging over more than 1,000 record sets', () => {
  let f: Fixture;
  let zone: string;
  const created: string[] = [];
  before(async () => {
    f = await startFixture();
    zone = await createZone(f.client, 'paging.example');
    created.push('paging.example. NS', 'paging.example. SOA');
    const changes: Change[] = [];
    for (let i = 0; i < 900; i++) {
      const name = `h${(i * 7919) % 900}.${i % 3 === 0 ? 'a' : 'b-c'}.paging.example`;
      changes.push({ Action: 'CREATE', ResourceRecordSet: rrset(name, 'A', [`10.0.${i % 250}.${i % 200}`]) });
      created.push(`${name}. A`);
    }
    for (let n = 0; n < 6; n++) {
      for (let w = 0; w < 50; w++) {
        const id = `id-${String(w).padStart(2, '0')}`;
        const set = { ...rrset(`w${n}.paging.example`, 'TXT', [`"weight ${w}"`]), SetIdentifier: id, Weight: w };
        changes.push({ Action: 'CREATE', ResourceRecordSet: set });
        created.push(`w${n}.paging.example. TXT ${id}`);
      }
    }
    changes.push({ Action: 'CREATE', ResourceRecordSet: rrset('*.paging.example', 'TXT', ['"wild"']) });
    created.push('\\052.paging.example. TXT');
    for (let i = 0; i < changes.length; i += 400) await change(f.client, zone, changes.slice(i, i + 400));
  });
  after(() => f.close());

  const reversedKey = (line: string): string => {
    const [name = '', type = '', id = ''] = line.split(' ');
    return `${name.slice(0, -1).split('.').reverse().join('.')}.\u0000${type}\u0000${id}`;
  };

  void it('returns every created set exactly once, in Route53 order, 300 per page', async () => {
    const { sets, pages } = await listAll(f.client, zone);
    assert.equal(sets.length, 1203);
    assert.equal(pages, Math.ceil(1203 / 300));
    const got = sets.map(summary);
    assert.deepEqual(got, [...created].sort((a, b) => (reversedKey(a) < reversedKey(b) ? -1 : 1)));
    assert.equal(got.indexOf('paging.example. NS'), 0);
    assert.ok(got.indexOf('\\052.paging.example. TXT') < got.indexOf('w0.paging.example. TXT id-00'));
  });

  void it('continues inside a run of weighted sets with NextRecordIdentifier on small pages', async () => {
    const big = await listAll(f.client, zone);
    const small = await listAll(f.client, zone, 7);
    assert.equal(small.pages, Math.ceil(1203 / 7));
    assert.deepEqual(small.sets.map(summary), big.sets.map(summary));
    const page = await f.client.send(
      new ListResourceRecordSetsCommand({ HostedZoneId: zone, StartRecordName: 'w3.paging.example', StartRecordType: 'TXT', StartRecordIdentifier: 'id-47', MaxItems: 4 }),
    );
    assert.deepEqual(page.ResourceRecordSets?.map(summary), [
      'w3.paging.example. TXT id-47', 'w3.paging.example. TXT id-48', 'w3.paging.example. TXT id-49', 'w4.paging.example. TXT id-00',
    ]);
    assert.equal(page.NextRecordName, 'w4.paging.example.');
    assert.equal(page.NextRecordType, 'TXT');
    assert.equal(page.NextRecordIdentifier, 'id-01');
  });
});
