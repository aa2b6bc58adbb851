import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createEndpoint, type EndpointInit, type RecordType } from '../../endpoint/index.ts';
import { NO_CHANGES, type Changes } from '../../plan/changes.ts';
import { createInMemoryProvider } from './inmemory.ts';

const ep = (dnsName: string, recordType: RecordType, targets: string[], extra: Partial<EndpointInit> = {}) =>
  createEndpoint({ dnsName, recordType, targets, ...extra });
const changes = (c: Partial<Changes>): Changes => ({ ...NO_CHANGES, ...c });

async function providerWith(...create: ReturnType<typeof ep>[]) {
  const p = createInMemoryProvider({ zones: ['example.com', 'sub.example.com.'] });
  const r = await p.applyChanges(changes({ create }));
  assert.deepEqual(r.rejected, []);
  return p;
}

void describe('in-memory provider', () => {
  void it('lists its zones in canonical form', async () => {
    const p = createInMemoryProvider({ zones: ['Example.COM.', 'sub.example.com'] });
    assert.deepEqual(await p.zones(), ['example.com', 'sub.example.com']);
  });

  void it('refuses a zone name that is not a DNS name, naming it', () => {
    assert.throws(() => createInMemoryProvider({ zones: ['bad name.com'] }), /zone "bad name\.com" is not a valid DNS zone name/);
  });

  void it('creates records and lists them sorted, without labels', async () => {
    const p = await providerWith(
      ep('b.example.com', 'A', ['1.1.1.1'], { labels: { owner: 'x' } }),
      ep('a.example.com', 'TXT', ['hello'], { ttl: 60 }),
    );
    const records = await p.records();
    assert.deepEqual(
      records.map((r) => [r.dnsName, r.recordType, r.targets, r.ttl, r.labels]),
      [
        ['a.example.com', 'TXT', ['hello'], 60, {}],
        ['b.example.com', 'A', ['1.1.1.1'], 0, {}],
      ],
    );
  });

  void it('returns copies that callers cannot use to change the store', async () => {
    const p = await providerWith(ep('a.example.com', 'A', ['1.1.1.1'], { providerSpecific: { 'aws/weight': '1' }, setIdentifier: 's' }));
    const [first] = await p.records();
    assert.ok(first);
    (first.targets as string[]).push('9.9.9.9');
    (first.providerSpecific as Record<string, string>)['aws/weight'] = '2';
    const [again] = await p.records();
    assert.deepEqual(again?.targets, ['1.1.1.1']);
    assert.equal(again?.providerSpecific['aws/weight'], '1');
  });

  void it('rejects a name in no managed zone', async () => {
    const p = await providerWith();
    const r = await p.applyChanges(changes({ create: [ep('a.example.org', 'A', ['1.1.1.1'])] }));
    assert.equal(r.rejected.length, 1);
    assert.equal(r.rejected[0]?.reason, 'name a.example.org is not in any managed zone');
    assert.deepEqual(await p.records(), []);
  });

  void it('puts a record in the longest zone holding its name', async () => {
    const p = await providerWith(ep('x.sub.example.com', 'A', ['1.1.1.1']), ep('y.example.com', 'A', ['1.1.1.2']));
    assert.deepEqual(
      p.store.zoneRecords('sub.example.com').map((r) => r.dnsName),
      ['x.sub.example.com'],
    );
    assert.deepEqual(
      p.store.zoneRecords('example.com').map((r) => r.dnsName),
      ['y.example.com'],
    );
  });

  void it('refuses to create a record set that already exists', async () => {
    const p = await providerWith(ep('a.example.com', 'A', ['1.1.1.1']));
    const r = await p.applyChanges(changes({ create: [ep('a.example.com', 'A', ['2.2.2.2'])] }));
    assert.match(r.rejected[0]?.reason ?? '', /already exists/);
    assert.deepEqual((await p.records())[0]?.targets, ['1.1.1.1']);
  });

  void it('refuses to delete a record set that does not exist', async () => {
    const p = await providerWith();
    const r = await p.applyChanges(changes({ delete: [ep('a.example.com', 'A', ['1.1.1.1'])] }));
    assert.match(r.rejected[0]?.reason ?? '', /not found/);
  });

  for (const [what, given] of [
    ['targets', ep('a.example.com', 'A', ['1.1.1.2'], { ttl: 60, providerSpecific: { 'aws/weight': '5' }, setIdentifier: 's1' })],
    ['ttl', ep('a.example.com', 'A', ['1.1.1.1'], { ttl: 0, providerSpecific: { 'aws/weight': '5' }, setIdentifier: 's1' })],
    ['provider-specific', ep('a.example.com', 'A', ['1.1.1.1'], { ttl: 60, providerSpecific: { 'aws/weight': '6' }, setIdentifier: 's1' })],
  ] as const) {
    void it(`refuses a delete whose ${what} differ from the current record`, async () => {
      const p = await providerWith(ep('a.example.com', 'A', ['1.1.1.1'], { ttl: 60, providerSpecific: { 'aws/weight': '5' }, setIdentifier: 's1' }));
      const r = await p.applyChanges(changes({ delete: [given] }));
      assert.match(r.rejected[0]?.reason ?? '', /values provided do not match/);
      assert.equal((await p.records()).length, 1);
    });
  }

  void it('refuses a delete whose set identifier names no existing set', async () => {
    const p = await providerWith(ep('a.example.com', 'A', ['1.1.1.1'], { setIdentifier: 's1', providerSpecific: { 'aws/weight': '1' } }));
    const r = await p.applyChanges(changes({ delete: [ep('a.example.com', 'A', ['1.1.1.1'], { setIdentifier: 's2', providerSpecific: { 'aws/weight': '1' } })] }));
    assert.match(r.rejected[0]?.reason ?? '', /not found/);
  });

  void it('updates a record when updateOld matches exactly, and refuses when it does not', async () => {
    const old = ep('a.example.com', 'A', ['1.1.1.1'], { ttl: 60 });
    const p = await providerWith(old);
    const bad = await p.applyChanges(changes({ updateOld: [ep('a.example.com', 'A', ['1.1.1.1'], { ttl: 61 })], updateNew: [ep('a.example.com', 'A', ['3.3.3.3'])] }));
    assert.equal(bad.rejected[0]?.action, 'update');
    assert.match(bad.rejected[0]?.reason ?? '', /values provided do not match/);
    const good = await p.applyChanges(changes({ updateOld: [old], updateNew: [ep('a.example.com', 'A', ['3.3.3.3'])] }));
    assert.deepEqual(good.rejected, []);
    assert.deepEqual((await p.records())[0]?.targets, ['3.3.3.3']);
  });

  void it('throws, applying nothing, when updateOld and updateNew do not pair up', async () => {
    const p = await providerWith(ep('a.example.com', 'A', ['1.1.1.1']));
    await assert.rejects(
      p.applyChanges(changes({ updateOld: [], updateNew: [ep('a.example.com', 'A', ['2.2.2.2'])], create: [ep('b.example.com', 'A', ['1.1.1.1'])] })),
      /pair up/,
    );
    assert.equal((await p.records()).length, 1);
  });

  void it('replaces a record by delete and create of the same name and type in one apply', async () => {
    const old = ep('a.example.com', 'CNAME', ['x.example.net']);
    const p = await providerWith(old);
    const r = await p.applyChanges(changes({ delete: [old], create: [ep('a.example.com', 'A', ['1.1.1.1'])] }));
    assert.deepEqual(r.rejected, []);
    assert.deepEqual((await p.records()).map((e) => e.recordType), ['A']);
  });

  void it('refuses a CNAME next to other types at the same name', async () => {
    const p = await providerWith(ep('a.example.com', 'A', ['1.1.1.1']));
    const r = await p.applyChanges(changes({ create: [ep('a.example.com', 'CNAME', ['x.example.net'])] }));
    assert.match(r.rejected[0]?.reason ?? '', /RRSet of type CNAME with DNS name a\.example\.com\. is not permitted as it conflicts/);
  });

  void it('refuses another type next to an existing CNAME', async () => {
    const p = await providerWith(ep('a.example.com', 'CNAME', ['x.example.net']));
    const r = await p.applyChanges(changes({ create: [ep('a.example.com', 'TXT', ['hi'])] }));
    assert.match(r.rejected[0]?.reason ?? '', /conflicting RRSet of type CNAME/);
  });

  void it('refuses a CNAME at the zone apex', async () => {
    const p = await providerWith();
    const r = await p.applyChanges(changes({ create: [ep('sub.example.com', 'CNAME', ['x.example.net'])] }));
    assert.match(r.rejected[0]?.reason ?? '', /apex of zone sub\.example\.com/);
  });

  void it('refuses mixing sets with and without a set identifier at one name and type', async () => {
    const p = await providerWith(ep('a.example.com', 'A', ['1.1.1.1'], { setIdentifier: 'v1', providerSpecific: { 'aws/weight': '1' } }));
    const r = await p.applyChanges(changes({ create: [ep('a.example.com', 'A', ['1.1.1.2'])] }));
    assert.match(r.rejected[0]?.reason ?? '', /with and without a set identifier/);
    const ok = await p.applyChanges(changes({ create: [ep('a.example.com', 'A', ['1.1.1.2'], { setIdentifier: 'v2', providerSpecific: { 'aws/weight': '3' } })] }));
    assert.deepEqual(ok.rejected, []);
  });

  void it('applies an ownership group all-or-nothing: a record and the TXT owning it', async () => {
    const p = await providerWith(ep('a.example.com', 'CNAME', ['x.example.net']));
    const txt = ep('a-a.example.com', 'TXT', ['"heritage=external-dns,external-dns/owner=me"'], { labels: { ownedRecord: 'a.example.com' } });
    // The TXT is fine on its own; the A conflicts with the CNAME, so neither may land.
    const r = await p.applyChanges(changes({ create: [txt, ep('a.example.com', 'A', ['1.1.1.1'])] }));
    assert.equal(r.rejected.length, 2);
    const txtRejection = r.rejected.find((x) => x.endpoint.recordType === 'TXT');
    assert.match(txtRejection?.reason ?? '', /another change in its ownership group failed/);
    assert.deepEqual((await p.records()).map((e) => e.recordType), ['CNAME']);
  });

  void it('still applies the other groups when one group is bad', async () => {
    const p = await providerWith(ep('taken.example.com', 'A', ['1.1.1.1']));
    const r = await p.applyChanges(
      changes({
        create: [ep('taken.example.com', 'A', ['2.2.2.2']), ep('ok1.example.com', 'A', ['3.3.3.3']), ep('x.example.org', 'A', ['1.1.1.1'])],
        delete: [ep('ok2.example.com', 'A', ['1.1.1.1'])],
      }),
    );
    assert.deepEqual(r.rejected.map((x) => x.endpoint.dnsName).sort(), ['ok2.example.com', 'taken.example.com', 'x.example.org']);
    assert.deepEqual((await p.records()).map((e) => e.dnsName), ['ok1.example.com', 'taken.example.com']);
  });

  void it('refuses a record set without values', async () => {
    const p = await providerWith();
    const r = await p.applyChanges(changes({ create: [ep('a.example.com', 'A', [])] }));
    assert.match(r.rejected[0]?.reason ?? '', /no values/);
  });

  void it('refuses a weight outside 0 to 255', async () => {
    const p = await providerWith();
    const r = await p.applyChanges(changes({ create: [ep('a.example.com', 'A', ['1.1.1.1'], { setIdentifier: 'a', providerSpecific: { 'aws/weight': '256' } })] }));
    assert.match(r.rejected[0]?.reason ?? '', /aws\/weight="256"/);
  });

  void it('tracks empty non-terminals for the DNS view', async () => {
    const p = await providerWith(ep('a.b.c.example.com', 'A', ['1.1.1.1']));
    const view = p.store.view('example.com');
    assert.ok(view);
    assert.equal(view.hasDescendants('b.c.example.com'), true);
    assert.equal(view.hasDescendants('c.example.com'), true);
    assert.equal(view.hasDescendants('a.b.c.example.com'), false);
    await p.applyChanges(changes({ delete: [ep('a.b.c.example.com', 'A', ['1.1.1.1'])] }));
    assert.equal(view.hasDescendants('c.example.com'), false);
    assert.equal(view.at('a.b.c.example.com'), undefined);
  });

  void it('prepare leaves the served state unchanged until commit, and refuses a stale commit', () => {
    const p = createInMemoryProvider({ zones: ['example.com'] });
    const prepared = p.store.prepare(changes({ create: [ep('a.example.com', 'A', ['1.1.1.1'])] }));
    assert.deepEqual(prepared.touchedZones, ['example.com']);
    assert.equal(prepared.recordsAfter('example.com').length, 1);
    assert.equal(p.store.records().length, 0);
    p.store.validateAndApply(changes({ create: [ep('b.example.com', 'A', ['1.1.1.1'])] }));
    assert.throws(() => { prepared.commit(); }, /changed between prepare and commit/);
  });

  void it('honours an aborted signal', async () => {
    const p = createInMemoryProvider({ zones: ['example.com'] });
    await assert.rejects(p.records(AbortSignal.abort()));
  });
});

void it('refuses a record whose value does not fit its type, naming the value', async () => {
  const p = createInMemoryProvider({ zones: ['example.com'] });
  const r = await p.applyChanges(changes({ create: [ep('a.example.com', 'A', ['not-an-ip'])] }));
  assert.match(r.rejected[0]?.reason ?? '', /Invalid Resource Record .*A value "not-an-ip" is not an IPv4 address/);
});
