/**
 * Contract cases about failures: a bad change among good ones, a stale delete, a throttling storm.
 * @module
 */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createTxtRegistry } from '../../src/registry/txt/index.ts';
import { adjusted, changes, diff, ep, notApexNs, rows, stored, type ContractContext } from './contract-support.ts';

export function failureCases(ctx: ContractContext): void {
  const { fixture, skip, applyAndCheck } = ctx;

  void it('lands the good changes of a batch and returns the bad ones in rejected with the reason', skip('bad-change'), async () => {
    const f = await fixture();
    const seed = await adjusted(f.provider, [ep('clash.example.com', 'A', ['192.0.2.30'])]);
    await applyAndCheck(f, changes({ create: seed }), seed);
    const good = await adjusted(f.provider, Array.from({ length: 6 }, (_, i) => ep(`good${i}.example.${i % 2 === 0 ? 'com' : 'org'}`, 'A', [`192.0.2.${40 + i}`])));
    const [cname] = await adjusted(f.provider, [ep('clash.example.com', 'CNAME', ['elsewhere.example.net'])]);
    const missing = ep('missing.example.com', 'A', ['192.0.2.31']);
    const result = await f.provider.applyChanges(changes({ create: [...good, cname!], delete: [missing] }));
    const got = result.rejected.map((r) => `${r.action} ${r.endpoint.dnsName} ${r.endpoint.recordType}`).sort();
    assert.deepEqual(got, ['create clash.example.com CNAME', 'delete missing.example.com A']);
    assert.match(result.rejected.find((r) => r.action === 'create')!.reason, /CNAME.*conflict/i);
    assert.match(result.rejected.find((r) => r.action === 'delete')!.reason, /not found/);
    assert.deepEqual(await stored(f), rows([...seed, ...good]));
  });

  void it('refuses a delete whose values do not match the stored record and keeps the record', skip('delete-mismatch'), async () => {
    const f = await fixture();
    const seed = await adjusted(f.provider, [ep('keep.example.com', 'A', ['192.0.2.50']), ep('other.example.com', 'A', ['192.0.2.51'])]);
    await applyAndCheck(f, changes({ create: seed }), seed);
    const stale = ep('keep.example.com', 'A', ['192.0.2.99']);
    const result = await f.provider.applyChanges(changes({ delete: [stale, seed[1]!] }));
    assert.deepEqual(result.rejected.map((r) => `${r.action} ${r.endpoint.dnsName}`), ['delete keep.example.com']);
    assert.match(result.rejected[0]!.reason, /values provided do not match/);
    assert.deepEqual(await stored(f), rows([seed[0]!]));
  });

  void it('ends in exactly the desired state after a throttling storm, within bounded time', skip('throttling'), async () => {
    const f = await fixture({ stormReady: true });
    assert.ok(f.storm, 'this fixture has no API to throttle: declare the case as skipped');
    const desired = await adjusted(f.provider, [
      ...Array.from({ length: 1200 }, (_, i) => ep(`s${i}.example.com`, 'A', [`10.1.${i >> 8}.${i & 255}`])),
      ...Array.from({ length: 300 }, (_, i) => ep(`s${i}.example.org`, 'TXT', [`"storm ${i}"`])),
    ]);
    // The pass has read Route53 and planned; the storm hits while it applies.
    const first = diff(await f.provider.records(), desired);
    const started = Date.now();
    f.storm.start(10_000);
    let passes = 0;
    // Each pass reads, diffs and applies; a call that stays throttled past its retries fails its
    // pass (a thrown read or apply, as the controller sees it) and the next pass starts over.
    for (let d = first; passes < 10; passes++) {
      try {
        if (passes > 0) d = diff(await f.provider.records(), desired);
        if (d.create.length + d.updateNew.length + d.delete.length === 0) break;
        const { rejected } = await f.provider.applyChanges(d);
        for (const r of rejected) assert.match(r.reason, /Throttling|PriorRequestNotComplete/, 'only throttling may hold a change back');
      } catch (error) {
        if (error instanceof assert.AssertionError) throw error;
        assert.match(String(error), /Throttling|PriorRequestNotComplete/);
      }
    }
    assert.ok(passes >= 2 && passes < 10, `the storm outlasted the first apply, and the state converged after ${passes} passes`);
    assert.ok(f.storm.throttledCalls() > 0, 'the storm really throttled calls');
    assert.deepEqual(await stored(f), rows(desired));
    assert.deepEqual(rows(await f.provider.records()), rows(desired), 'the write-through copy matches Route53 after the storm');
    assert.ok(Date.now() - started < 15_000, `took ${Date.now() - started} ms`);
  });

  void it('reports writes that failed with a server error or a dropped connection, and converges on the next pass', skip('failed-writes'), async () => {
    const f = await fixture();
    assert.ok(f.failWrites, 'this fixture cannot fail writes: declare the case as skipped');
    const desired = await adjusted(f.provider, Array.from({ length: 6 }, (_, i) => ep(`fw${i}.example.${i % 2 === 0 ? 'com' : 'org'}`, 'A', [`192.0.2.${100 + i}`])));
    await f.provider.records();
    for (const kind of ['internal-error', 'drop'] as const) {
      f.failWrites(kind, 1);
      const d = diff(await f.provider.records(), desired);
      const { rejected } = await f.provider.applyChanges(d);
      assert.ok(rejected.length > 0 && rejected.length < desired.length, `${kind}: one zone's write failed (${rejected.length} rejected), the other landed`);
      // Whatever the provider believes now must be what the backend holds.
      assert.deepEqual(rows(await f.provider.records()), await stored(f), `${kind}: the provider re-reads the zone whose write failed`);
    }
    const last = diff(await f.provider.records(), desired);
    assert.deepEqual((await f.provider.applyChanges(last)).rejected, []);
    assert.deepEqual(await stored(f), rows(desired));
    assert.deepEqual(rows(await f.provider.records()), rows(desired));
  });

  void it('drops the ownership TXT of a refused record with it and reports only the record', skip('bad-change'), async () => {
    const f = await fixture();
    // Someone else's CNAME sits where we want an A record.
    const foreign = await adjusted(f.provider, [ep('taken.example.com', 'CNAME', ['someone.example.net'])]);
    await applyAndCheck(f, changes({ create: foreign }), foreign);
    const registry = createTxtRegistry(f.provider, { ownerId: 'contract' });
    const wanted = await adjusted(registry, [
      ep('taken.example.com', 'A', ['192.0.2.110'], { labels: { resource: 'service/default/taken' } }),
      ep('free.example.com', 'A', ['192.0.2.111'], { labels: { resource: 'service/default/free' } }),
    ]);
    await registry.records();
    const { rejected } = await registry.applyChanges(changes({ create: wanted }));
    assert.deepEqual(rejected.map((r) => `${r.action} ${r.endpoint.dnsName} ${r.endpoint.recordType}`), ['create taken.example.com A']);
    assert.match(rejected[0]!.reason, /conflict/i);
    const names = (await f.reader().records()).filter(notApexNs).map((e) => `${e.dnsName} ${e.recordType}`).sort();
    assert.deepEqual(names, ['a-free.example.com TXT', 'free.example.com A', 'taken.example.com CNAME']);
  });
}
