import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { withChanges } from '../../endpoint/index.ts';
import { createInMemoryProvider } from '../../provider/inmemory/index.ts';
import { TxtConfigError } from './name-mapper.ts';
import { createTxtRegistry } from './txt-registry.ts';
import { changes, ep, owned, recordOf, seed, setup } from './test-fixture.ts';

void describe('TXT registry: edge cases', () => {
  void it('refuses a create whose TXT name would have a label over 63 octets', async () => {
    const { provider, registry } = setup();
    const label = 'x'.repeat(60); // valid as a record label; `cname-` makes it 66 octets
    const r = await registry.applyChanges(changes({ create: [ep(`${label}.example.com`, 'CNAME', ['lb.example.net'])] }));
    assert.match(r.rejected[0]?.reason ?? '', /over 63 octets/);
    assert.deepEqual(await provider.records(), []);
  });

  void it('updates an apex record owned through a legacy TXT without writing a TXT outside the zone', async () => {
    const { provider, registry, calls } = setup();
    await seed(provider, ep('example.com', 'A', ['192.0.2.1']), ep('example.com', 'TXT', [owned('default')]));
    const current = await recordOf(registry, 'example.com', 'A');
    assert.equal(current.labels.owner, 'default');
    assert.equal(current.providerSpecific['txt/force-update'], undefined);
    const r = await registry.applyChanges(changes({ updateOld: [current], updateNew: [withChanges(current, { targets: ['192.0.2.2'] })] }));
    assert.deepEqual(r.rejected, []);
    assert.deepEqual(calls[0]?.updateNew.map((e) => e.recordType), ['A']);
    assert.deepEqual(calls[0]?.create, []);
  });

  void it('reads the zones afresh when applying twice without records() in between', async () => {
    const { provider, registry } = setup();
    await registry.records();
    await registry.applyChanges(changes({ create: [ep('app.example.com', 'A', ['192.0.2.1'])] }));
    const created = ep('app.example.com', 'A', ['192.0.2.1'], { labels: { owner: 'default' } });
    assert.deepEqual((await registry.applyChanges(changes({ delete: [created] }))).rejected, []);
    assert.deepEqual(await provider.records(), []);
  });
});

void describe('TXT registry: configuration', () => {
  const provider = createInMemoryProvider({ zones: ['example.com'] });
  void it('refuses a prefix and a suffix together', () => {
    assert.throws(() => createTxtRegistry(provider, { ownerId: 'o', prefix: 'a.', suffix: '-b' }), TxtConfigError);
  });
  void it('refuses encryption without a key', () => {
    assert.throws(() => createTxtRegistry(provider, { ownerId: 'o', encryptEnabled: true }), /--txt-encrypt-aes-key/);
  });
  void it('refuses an owner id that would break the TXT value format', () => {
    for (const id of ['', 'a,b', 'a=b']) assert.throws(() => createTxtRegistry(provider, { ownerId: id }), /--txt-owner-id/);
  });
});
