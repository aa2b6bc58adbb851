import assert from 'node:assert/strict';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import { createLocalProvider } from './local.ts';
import { changes, ep, startLocal, tempDir } from './test-support.ts';
import { parseZoneFile } from './zone-file.ts';

const serialOf = async (dir: string, zone: string) => parseZoneFile(await readFile(path.join(dir, `${zone}.zone`), 'utf8'), zone, zone).soa.serial;

void describe('local provider', () => {
  void it('creates an empty zone file (SOA and NS) for each declared zone', async () => {
    const dir = await tempDir();
    const p = createLocalProvider({ zoneDir: dir, zones: ['Example.com.', 'other.test'] });
    assert.deepEqual(await p.zones(), ['example.com', 'other.test']);
    const text = await readFile(path.join(dir, 'example.com.zone'), 'utf8');
    assert.match(text, /^@ IN SOA localhost\. hostmaster\.example\.com\. 1 /m);
    assert.match(text, /^@ IN NS localhost\.$/m);
    assert.deepEqual((await p.records()).map((r) => [r.dnsName, r.recordType]), [['example.com', 'NS'], ['other.test', 'NS']]);
  });

  void it('also manages zone files already in the directory', async () => {
    const dir = await tempDir();
    await writeFile(path.join(dir, 'found.test.zone'), '$ORIGIN found.test.\n@ IN SOA ns. me. 7 1 1 1 1\nwww 30 IN A 192.0.2.1\n');
    const p = createLocalProvider({ zoneDir: dir, zones: ['example.com'] });
    assert.deepEqual(await p.zones(), ['example.com', 'found.test']);
    assert.ok((await p.records()).some((r) => r.dnsName === 'www.found.test' && r.ttl === 30));
  });

  void it('keeps records, set identifiers and properties across a restart, and counts the serial up per write', async () => {
    const dir = await tempDir();
    const first = createLocalProvider({ zoneDir: dir, zones: ['example.com'] });
    const weighted = ep('app.example.com', 'A', ['192.0.2.1'], { setIdentifier: 'v1', ttl: 60, providerSpecific: { 'aws/weight': '80' } });
    assert.deepEqual((await first.applyChanges(changes({ create: [weighted] }))).rejected, []);
    assert.equal(await serialOf(dir, 'example.com'), 2);
    await first.applyChanges(changes({ create: [ep('b.example.com', 'TXT', ['"x"'])] }));
    assert.equal(await serialOf(dir, 'example.com'), 3);
    const second = createLocalProvider({ zoneDir: dir, zones: ['example.com'] });
    assert.deepEqual(await second.records(), await first.records());
    await second.applyChanges(changes({ delete: [ep('b.example.com', 'TXT', ['"x"'])] }));
    assert.equal(await serialOf(dir, 'example.com'), 4);
  });

  void it('writes each touched zone once and leaves untouched zones alone', async () => {
    const dir = await tempDir();
    const p = createLocalProvider({ zoneDir: dir, zones: ['a.test', 'b.test', 'c.test'] });
    await p.applyChanges(changes({ create: [ep('x.a.test', 'A', ['192.0.2.1']), ep('y.a.test', 'A', ['192.0.2.2']), ep('x.b.test', 'A', ['192.0.2.3'])] }));
    assert.deepEqual([await serialOf(dir, 'a.test'), await serialOf(dir, 'b.test'), await serialOf(dir, 'c.test')], [2, 2, 1]);
  });

  void it('refuses what Route53 refuses and does not write the zone', async () => {
    const dir = await tempDir();
    const p = createLocalProvider({ zoneDir: dir, zones: ['example.com'] });
    const r = await p.applyChanges(changes({ create: [ep('example.com', 'CNAME', ['elsewhere.example.net'])] }));
    assert.match(r.rejected[0]?.reason ?? '', /apex/);
    assert.equal(await serialOf(dir, 'example.com'), 1);
  });

  void it('refuses alias A records, which it cannot serve', async () => {
    const p = createLocalProvider({ zoneDir: await tempDir(), zones: ['example.com'] });
    const r = await p.applyChanges(changes({ create: [ep('lb.example.com', 'A', ['lb-1.elb.amazonaws.com'], { providerSpecific: { alias: 'true' } })] }));
    assert.match(r.rejected[0]?.reason ?? '', /alias record; the local provider serves plain records only/);
  });

  void it('changes DNS answers only once the zone file is written: a failed write changes nothing', async () => {
    const env = await startLocal(['example.com']);
    try {
      await env.provider.applyChanges(changes({ create: [ep('www.example.com', 'A', ['192.0.2.1'])] }));
      // Make the rename fail: a non-empty directory now sits where the zone file is.
      const file = path.join(env.dir, 'example.com.zone');
      const before = await readFile(file, 'utf8');
      await rm(file);
      await mkdir(file);
      await writeFile(path.join(file, 'blocker'), '');
      const change = changes({ updateOld: [ep('www.example.com', 'A', ['192.0.2.1'])], updateNew: [ep('www.example.com', 'A', ['192.0.2.99'])] });
      await assert.rejects(env.provider.applyChanges(change), /zone file .*example\.com\.zone could not be written/);
      assert.deepEqual(await env.resolver.resolve4('www.example.com'), ['192.0.2.1']);
      assert.deepEqual((await env.provider.records()).find((r) => r.recordType === 'A')?.targets, ['192.0.2.1']);
      // Once the file can be written again, the same change goes through.
      await rm(file, { recursive: true });
      await writeFile(file, before);
      assert.deepEqual((await env.provider.applyChanges(change)).rejected, []);
      assert.deepEqual(await env.resolver.resolve4('www.example.com'), ['192.0.2.99']);
    } finally {
      await env.provider.close();
    }
  });

  void it('rolls back the zones already written when a later zone of the same apply cannot be written', async () => {
    const dir = await tempDir();
    const p = createLocalProvider({ zoneDir: dir, zones: ['a.test', 'b.test'] });
    await p.applyChanges(changes({ create: [ep('x.a.test', 'A', ['192.0.2.1'])] }));
    const blocked = path.join(dir, 'b.test.zone');
    await rm(blocked);
    await mkdir(blocked);
    await writeFile(path.join(blocked, 'blocker'), '');
    const both = changes({ create: [ep('y.a.test', 'A', ['192.0.2.2']), ep('y.b.test', 'A', ['192.0.2.3'])] });
    await assert.rejects(p.applyChanges(both), /b\.test\.zone could not be written/);
    const aFile = parseZoneFile(await readFile(path.join(dir, 'a.test.zone'), 'utf8'), 'a.test', 'a');
    assert.deepEqual(aFile.records.map((r) => r.dnsName), ['a.test', 'x.a.test'], 'a.test holds its old records again');
    assert.equal(aFile.soa.serial, 4, 'written (3), then rolled back (4): serials never repeat');
    assert.deepEqual((await p.records()).map((r) => r.dnsName), ['a.test', 'b.test', 'x.a.test']);
  });

  void it('stops at start-up on a malformed zone file, naming file and line, and leaves the file as it was', async () => {
    const dir = await tempDir();
    const text = '$ORIGIN example.com.\n@ IN SOA ns. me. 7 1 1 1 1\nwww IN A 192.0.2.1\nbad IN A not-an-address\n';
    const file = path.join(dir, 'example.com.zone');
    await writeFile(file, text);
    const p = createLocalProvider({ zoneDir: dir, zones: ['example.com'] });
    await assert.rejects(p.start(), (e: Error) => e.message.startsWith(`${file}:4: A value "not-an-address"`));
    await assert.rejects(p.applyChanges(changes({ create: [ep('x.example.com', 'A', ['192.0.2.2'])] })));
    assert.equal(await readFile(file, 'utf8'), text);
  });

  void it('stops at start-up when a file holds records of another managed zone', async () => {
    const dir = await tempDir();
    await writeFile(path.join(dir, 'example.com.zone'), '$ORIGIN example.com.\n@ IN SOA ns. me. 7 1 1 1 1\nwww.sub IN A 192.0.2.1\n');
    const p = createLocalProvider({ zoneDir: dir, zones: ['example.com', 'sub.example.com'] });
    await assert.rejects(p.records(), /www\.sub\.example\.com belongs to zone sub\.example\.com/);
  });

  void it('strips the trailing dot of MX and SRV hosts in adjustEndpoints, as records() reads them back', () => {
    const p = createLocalProvider({ zoneDir: '/nonexistent', zones: ['example.com'] });
    const adjusted = p.adjustEndpoints?.([ep('example.com', 'MX', ['10 mail.example.com.', '20 .'])]);
    assert.deepEqual(adjusted?.[0]?.targets, ['10 mail.example.com', '20 .']);
  });

  void it('serialises concurrent applies so none is lost', async () => {
    const dir = await tempDir();
    const p = createLocalProvider({ zoneDir: dir, zones: ['example.com'] });
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => p.applyChanges(changes({ create: [ep(`n${i}.example.com`, 'A', ['192.0.2.1'])] }))));
    assert.ok(results.every((r) => r.rejected.length === 0));
    assert.equal((await p.records()).length, 21);
    assert.equal(await serialOf(dir, 'example.com'), 21);
  });
});
