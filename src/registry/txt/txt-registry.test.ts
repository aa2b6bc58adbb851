import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { withChanges } from '../../endpoint/index.ts';
import { decryptText, parseEncryptionKey } from './encryption.ts';
import { changes, ep, owned, recordOf, seed, setup, txts } from './test-fixture.ts';

const KEY = 'passphrasewhichneedstobe32bytes!';
const VECTOR_9 =
  '"MDEyMzQ1Njc4OWFiWz7giX9EZn4GBJpOALWiIULOjaMHb8itiYhtTlAHL84Tvw9tM0NV6C2Ss2ga1S/y3PVVDO+WqPWUO9OLaMbVBiR1LFa46+Aezih51D0gjXqVmRwQXGoS0nTRPj84dgJ7vG8FeWP0HbHTZrbl+daGsQ=="';

void describe('TXT registry: reading ownership', () => {
  void it('hides its own TXT records and returns foreign TXT records as ordinary records', async () => {
    const { provider, registry } = setup();
    await seed(
      provider,
      ep('app.example.com', 'A', ['192.0.2.1']),
      ep('a-app.example.com', 'TXT', [owned('default')]),
      ep('spf.example.com', 'TXT', ['"v=spf1 -all"']),
      ep('a-other.example.com', 'TXT', ['"heritage=somebody-else,external-dns/owner=x"']),
    );
    const records = await registry.records();
    assert.deepEqual(
      records.map((r) => [r.dnsName, r.recordType, r.labels]),
      [
        ['a-other.example.com', 'TXT', {}],
        ['app.example.com', 'A', { owner: 'default' }],
        ['spf.example.com', 'TXT', {}],
      ],
    );
  });

  void it('reads ownership through --txt-prefix, --txt-suffix and the wildcard replacement', async () => {
    for (const [options, txtName, name] of [
      [{ prefix: 'txt.' }, 'txt.a-app.example.com', 'app.example.com'],
      [{ suffix: '-%{record_type}' }, 'app-a.example.com', 'app.example.com'],
      [{ wildcardReplacement: 'any' }, 'a-any.apps.example.com', '*.apps.example.com'],
      [{}, 'a-*.apps.example.com', '*.apps.example.com'],
    ] as const) {
      const { provider, registry } = setup(options);
      await seed(provider, ep(name, 'A', ['192.0.2.1']), { ...ep('x.example.com', 'TXT', [owned('default', 'r/n/x')]), dnsName: txtName });
      assert.equal((await recordOf(registry, name, 'A')).labels.resource, 'r/n/x', `${JSON.stringify(options)} ${txtName}`);
    }
  });

  void it('reads an encrypted TXT written by Go ExternalDNS when given the key, even with encryption off', async () => {
    const { provider, registry } = setup({ ownerId: 'my-cluster', encryptKey: KEY });
    await seed(provider, ep('nginx.example.com', 'A', ['192.0.2.1']), ep('a-nginx.example.com', 'TXT', [VECTOR_9]));
    const a = await recordOf(registry, 'nginx.example.com', 'A');
    assert.equal(a.labels.owner, 'my-cluster');
    assert.equal(a.labels.resource, 'service/default/nginx');
  });

  void it('treats an encrypted TXT as foreign when no key is configured', async () => {
    const { provider, registry } = setup({ ownerId: 'my-cluster' });
    await seed(provider, ep('nginx.example.com', 'A', ['192.0.2.1']), ep('a-nginx.example.com', 'TXT', [VECTOR_9]));
    assert.equal((await recordOf(registry, 'nginx.example.com', 'A')).labels.owner, undefined);
    assert.ok((await registry.records()).some((r) => r.dnsName === 'a-nginx.example.com'));
  });

  void it('reads a legacy un-typed TXT for A but not for AAAA', async () => {
    const { provider, registry } = setup();
    await seed(
      provider,
      ep('app.example.com', 'A', ['192.0.2.1']),
      ep('app.example.com', 'AAAA', ['2001:db8::1']),
      ep('app.example.com', 'TXT', [owned('default', 'ingress/web/app')]),
    );
    assert.equal((await recordOf(registry, 'app.example.com', 'A')).labels.resource, 'ingress/web/app');
    assert.equal((await recordOf(registry, 'app.example.com', 'AAAA')).labels.owner, undefined);
  });

  void it('prefers the typed TXT over the legacy one', async () => {
    const { provider, registry } = setup();
    await seed(
      provider,
      ep('app.example.com', 'A', ['192.0.2.1']),
      ep('app.example.com', 'TXT', [owned('default', 'legacy')]),
      ep('a-app.example.com', 'TXT', [owned('default', 'typed')]),
    );
    assert.equal((await recordOf(registry, 'app.example.com', 'A')).labels.resource, 'typed');
  });

  void it('reads the obsolete cname- TXT of an alias A record and warns once', async () => {
    const { provider, registry, warnings } = setup({ ownerId: 'my-cluster' });
    await seed(
      provider,
      ep('nginx.example.com', 'A', ['lb.example.net'], { providerSpecific: { alias: 'true' } }),
      ep('cname-nginx.example.com', 'TXT', [owned('my-cluster')]),
    );
    assert.equal((await recordOf(registry, 'nginx.example.com', 'A')).labels.owner, 'my-cluster');
    await registry.records();
    assert.equal(warnings.length, 1);
    assert.match(warnings[0] ?? '', /cname-nginx\.example\.com/);
  });

  void it('does not read a cname- TXT for a non-alias A record', async () => {
    const { provider, registry } = setup();
    await seed(provider, ep('nginx.example.com', 'A', ['192.0.2.1']), ep('cname-nginx.example.com', 'TXT', [owned('default')]));
    assert.equal((await recordOf(registry, 'nginx.example.com', 'A')).labels.owner, undefined);
  });

  void it('relabels records of --migrate-from-txt-owner as ours', async () => {
    const { provider, registry } = setup({ ownerId: 'new', migrateFromOwner: 'old' });
    await seed(provider, ep('app.example.com', 'A', ['192.0.2.1']), ep('a-app.example.com', 'TXT', [owned('old')]));
    assert.equal((await recordOf(registry, 'app.example.com', 'A')).labels.owner, 'new');
  });
});

void describe('TXT registry: force-update migration', () => {
  void it('flags an owned record whose typed TXT is missing, and the resulting update writes it', async () => {
    const { provider, registry } = setup();
    await seed(provider, ep('app.example.com', 'A', ['192.0.2.1']), ep('app.example.com', 'TXT', [owned('default', 'ingress/web/app')]));
    const current = await recordOf(registry, 'app.example.com', 'A');
    assert.equal(current.providerSpecific['txt/force-update'], 'true');

    // What the plan emits: the same record without the marker.
    const desired = withChanges(current, { providerSpecific: {} });
    const r = await registry.applyChanges(changes({ updateOld: [current], updateNew: [desired] }));
    assert.deepEqual(r.rejected, []);
    assert.deepEqual(await txts(provider), [
      ['a-app.example.com', [owned('default', 'ingress/web/app')], '', 0, {}],
      ['app.example.com', [owned('default', 'ingress/web/app')], '', 0, {}], // legacy TXT is never deleted
    ]);
    assert.deepEqual((await recordOf(registry, 'app.example.com', 'A')).providerSpecific, {});
  });

  void it('migrates cname- to a- for alias A records', async () => {
    const { provider, registry } = setup({ ownerId: 'my-cluster' });
    await seed(
      provider,
      ep('nginx.example.com', 'A', ['lb.example.net'], { providerSpecific: { alias: 'true' } }),
      ep('cname-nginx.example.com', 'TXT', [owned('my-cluster')]),
    );
    const current = await recordOf(registry, 'nginx.example.com', 'A');
    assert.equal(current.providerSpecific['txt/force-update'], 'true');
    const desired = withChanges(current, { providerSpecific: { alias: 'true' } });
    assert.deepEqual((await registry.applyChanges(changes({ updateOld: [current], updateNew: [desired] }))).rejected, []);
    const names = (await txts(provider)).map((t) => (t as unknown[])[0]);
    assert.deepEqual(names, ['a-nginx.example.com', 'cname-nginx.example.com']);
  });

  void it('does not flag records of other owners, unmanaged types, or when no registry TXT exists', async () => {
    const { provider, registry } = setup();
    await seed(
      provider,
      ep('mine.example.com', 'A', ['192.0.2.1']),
      ep('theirs.example.com', 'A', ['192.0.2.2']),
      ep('mx.example.com', 'MX', ['10 mail.example.com']),
      ep('a-theirs.example.com', 'TXT', [owned('other')]),
    );
    for (const r of await registry.records()) assert.equal(r.providerSpecific['txt/force-update'], undefined, r.dnsName);
  });
});

void describe('TXT registry: writing ownership', () => {
  void it('sends a record and its TXT in one applyChanges call, as one ownership group', async () => {
    const { registry, calls } = setup();
    await registry.applyChanges(changes({ create: [ep('app.example.com', 'A', ['192.0.2.1'])] }));
    assert.equal(calls.length, 1);
    assert.deepEqual(
      calls[0]?.create.map((e) => [e.dnsName, e.recordType, e.labels]),
      [
        ['app.example.com', 'A', { owner: 'default' }],
        ['a-app.example.com', 'TXT', { ownedRecord: 'app.example.com' }],
      ],
    );
  });

  void it('creates neither record nor TXT when the TXT is refused (the group is atomic)', async () => {
    const { provider, registry } = setup();
    await seed(provider, ep('a-app.example.com', 'CNAME', ['elsewhere.example.net']));
    const r = await registry.applyChanges(changes({ create: [ep('app.example.com', 'A', ['192.0.2.1'])] }));
    assert.deepEqual(
      r.rejected.map((x) => [x.action, x.endpoint.dnsName, x.endpoint.recordType]),
      [['create', 'app.example.com', 'A']],
    );
    assert.match(r.rejected[0]?.reason ?? '', /CNAME/);
    assert.deepEqual(
      (await provider.records()).map((x) => x.dnsName),
      ['a-app.example.com'],
    );
  });

  void it('refuses a create whose ownership name holds a TXT that is not its own, rather than create it unowned', async () => {
    for (const value of ['"some unrelated text"', owned('other')]) {
      const { provider, registry } = setup();
      await seed(provider, ep('a-app.example.com', 'TXT', [value]));
      await registry.records();
      const r = await registry.applyChanges(changes({ create: [ep('app.example.com', 'A', ['192.0.2.1'])] }));
      assert.deepEqual(r.rejected.map((x) => [x.action, x.endpoint.dnsName, x.endpoint.recordType]), [['create', 'app.example.com', 'A']]);
      assert.match(r.rejected[0]?.reason ?? '', /a-app\.example\.com already holds a TXT record that is not owner/);
      assert.deepEqual(await txts(provider), [['a-app.example.com', [value], '', 0, {}]]);
      assert.ok(!(await provider.records()).some((x) => x.dnsName === 'app.example.com' && x.recordType === 'A'));
    }
  });

  void it('creates the record alone when its own ownership TXT is already there', async () => {
    const { provider, registry } = setup();
    await seed(provider, ep('a-app.example.com', 'TXT', [owned('default')]));
    await registry.records();
    const r = await registry.applyChanges(changes({ create: [ep('app.example.com', 'A', ['192.0.2.1'])] }));
    assert.deepEqual(r.rejected, []);
    assert.deepEqual(await txts(provider), [['a-app.example.com', [owned('default')], '', 0, {}]]);
    const read = await registry.records();
    assert.equal(read.find((x) => x.dnsName === 'app.example.com')?.labels['owner'], 'default');
  });

  void it('still creates the TXT when the existing TXT has another set identifier', async () => {
    const { provider, registry } = setup();
    await seed(provider, ep('a-app.example.com', 'TXT', [owned('default')], { setIdentifier: 'v1' }));
    await registry.records();
    await registry.applyChanges(changes({ create: [ep('app.example.com', 'A', ['192.0.2.2'], { setIdentifier: 'v2' })] }));
    assert.deepEqual(
      (await txts(provider)).map((t) => (t as unknown[])[2]),
      ['v1', 'v2'],
    );
  });

  void it('deletes a record together with its TXT', async () => {
    const { provider, registry } = setup();
    await registry.applyChanges(changes({ create: [ep('app.example.com', 'A', ['192.0.2.1'])] }));
    const current = await recordOf(registry, 'app.example.com', 'A');
    assert.deepEqual((await registry.applyChanges(changes({ delete: [current] }))).rejected, []);
    assert.deepEqual(await provider.records(), []);
  });

  void it('deletes an encrypted TXT with exactly the value read (Go deflate bytes cannot be regenerated)', async () => {
    const { provider, registry, calls } = setup({ ownerId: 'my-cluster', encryptEnabled: true, encryptKey: KEY });
    await seed(provider, ep('nginx.example.com', 'A', ['192.0.2.1']), ep('a-nginx.example.com', 'TXT', [VECTOR_9]));
    const current = await recordOf(registry, 'nginx.example.com', 'A');
    assert.deepEqual((await registry.applyChanges(changes({ delete: [current] }))).rejected, []);
    assert.deepEqual(calls[0]?.delete.find((e) => e.recordType === 'TXT')?.targets, [VECTOR_9]);
    assert.deepEqual(await provider.records(), []);
  });

  void it('deletes a plain TXT written in another key order with exactly the value read', async () => {
    const { provider, registry } = setup();
    const odd = '"heritage=external-dns,external-dns/resource=ingress/a/b,external-dns/owner=default"';
    await seed(provider, ep('app.example.com', 'A', ['192.0.2.1']), ep('a-app.example.com', 'TXT', [odd], { ttl: 300 }));
    const current = await recordOf(registry, 'app.example.com', 'A');
    assert.deepEqual((await registry.applyChanges(changes({ delete: [current] }))).rejected, []);
    assert.deepEqual(await provider.records(), []);
  });

  void it('writes encrypted values that decrypt to the labels when encryption is enabled', async () => {
    const { provider, registry } = setup({ encryptEnabled: true, encryptKey: KEY });
    await registry.applyChanges(changes({ create: [ep('app.example.com', 'A', ['192.0.2.1'], { labels: { resource: 'a/b/c' } })] }));
    const [txt] = (await provider.records()).filter((r) => r.recordType === 'TXT');
    const value = txt?.targets[0] ?? '';
    assert.doesNotMatch(value, /heritage/);
    assert.equal(decryptText(value, parseEncryptionKey(KEY))?.text, 'heritage=external-dns,external-dns/owner=default,external-dns/resource=a/b/c');
    assert.equal((await recordOf(registry, 'app.example.com', 'A')).labels.resource, 'a/b/c');
  });

  void it('rewrites the TXT on update, replacing the value read', async () => {
    const { provider, registry } = setup();
    await registry.applyChanges(changes({ create: [ep('app.example.com', 'A', ['192.0.2.1'], { labels: { resource: 'old/x/y' } })] }));
    const current = await recordOf(registry, 'app.example.com', 'A');
    const desired = withChanges(current, { targets: ['192.0.2.9'], labels: { resource: 'new/x/y', owner: 'default' } });
    assert.deepEqual((await registry.applyChanges(changes({ updateOld: [current], updateNew: [desired] }))).rejected, []);
    assert.deepEqual(await txts(provider), [['a-app.example.com', [owned('default', 'new/x/y')], '', 0, {}]]);
  });

  void it('leaves records of other owners alone on delete and update', async () => {
    const { provider, registry, calls } = setup();
    await seed(provider, ep('app.example.com', 'A', ['192.0.2.1']), ep('a-app.example.com', 'TXT', [owned('other')]));
    const theirs = await recordOf(registry, 'app.example.com', 'A');
    await registry.applyChanges(
      changes({ delete: [theirs], updateOld: [theirs], updateNew: [withChanges(theirs, { targets: ['192.0.2.2'] })] }),
    );
    assert.deepEqual(calls[0], { create: [], updateOld: [], updateNew: [], delete: [] });
    assert.equal((await provider.records()).length, 2);
  });

  void it('refuses to create an apex record whose TXT would fall outside the zone, naming --txt-prefix', async () => {
    const { provider, registry } = setup();
    const r = await registry.applyChanges(changes({ create: [ep('example.com', 'A', ['192.0.2.1'])] }));
    assert.equal(r.rejected.length, 1);
    assert.equal(r.rejected[0]?.action, 'create');
    assert.match(r.rejected[0]?.reason ?? '', /a-example\.com/);
    assert.match(r.rejected[0]?.reason ?? '', /--txt-prefix/);
    assert.match(r.rejected[0]?.reason ?? '', /extdns-%\{record_type\}\./);
    assert.deepEqual(await provider.records(), []);
  });

  void it('creates an owned apex record with --txt-prefix=extdns-%{record_type}.', async () => {
    const { provider, registry } = setup({ prefix: 'extdns-%{record_type}.' });
    assert.deepEqual((await registry.applyChanges(changes({ create: [ep('example.com', 'A', ['192.0.2.1'])] }))).rejected, []);
    assert.deepEqual((await txts(provider)).map((t) => (t as unknown[])[0]), ['extdns-a.example.com']);
    assert.equal((await recordOf(registry, 'example.com', 'A')).labels.owner, 'default');
  });

  void it('refuses a TXT that would land in a delegated child zone instead of the record zone', async () => {
    const { registry } = setup({ prefix: 'x.' }, ['example.com', 'x.example.com']);
    const r = await registry.applyChanges(changes({ create: [ep('example.com', 'A', ['192.0.2.1'])] }));
    assert.match(r.rejected[0]?.reason ?? '', /outside its zone "example.com"/);
  });
});
