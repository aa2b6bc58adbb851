// Properties of the TXT registry against the real in-memory provider: it never touches what it
// does not own, and what it creates it can delete again without leaving TXT records behind.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { RecordType } from '../../endpoint/index.ts';
import { changes, ep, seed, setup } from './test-fixture.ts';

const KEY = 'passphrasewhichneedstobe32bytes!';
const NAMES = ['a', 'b', 'c', 'www', 'api', '*.apps', 'x.y'].map((n) => `${n}.example.com`);
const TARGET: Record<'A' | 'AAAA' | 'CNAME', string> = { A: '192.0.2.1', AAAA: '2001:db8::1', CNAME: 'lb.example.net' };
const options = fc.record({
  affix: fc.constantFrom({}, { prefix: 'txt.' }, { prefix: 'extdns-%{record_type}.' }, { suffix: '-%{record_type}' }, { wildcardReplacement: 'any' }),
  encrypt: fc.boolean(),
});

void describe('TXT registry properties', () => {
  void it('deleting everything it returns removes exactly our records and their TXT records', async () => {
    await fc.assert(
      fc.asyncProperty(
        options,
        fc.uniqueArray(fc.tuple(fc.constantFrom(...NAMES), fc.constantFrom('default', 'other', undefined)), {
          selector: ([n]) => n,
          maxLength: NAMES.length,
        }),
        async ({ affix, encrypt }, spec) => {
          const { provider, registry } = setup({ ...affix, encryptEnabled: encrypt, encryptKey: KEY });
          // Another controller (owner "other") and an unowned record share the zone with us.
          const other = setup({ ...affix, ownerId: 'other', encryptEnabled: encrypt, encryptKey: KEY });
          for (const [name, owner] of spec) {
            const record = ep(name, 'A', [TARGET.A]);
            if (owner === undefined) await seed(provider, record);
            else {
              const writer = owner === 'default' ? registry : other.registry;
              await writer.applyChanges(changes({ create: [record] }));
              await seed(provider, ...other.provider.store.records()); // copy "other"'s writes into our zone
              await other.provider.applyChanges(changes({ delete: other.provider.store.records() }));
            }
          }
          const before = await provider.records();
          const current = await registry.records();
          // A plan under sync with nothing desired: delete every record in scope; the registry filters by owner.
          const result = await registry.applyChanges(changes({ delete: current.filter((r) => r.recordType === 'A') }));
          assert.deepEqual(result.rejected, []);
          const ours = new Set(spec.filter(([, o]) => o === 'default').map(([n]) => n));
          const after = await provider.records();
          assert.ok(after.every((r) => !ours.has(r.dnsName)), 'our records are gone');
          assert.equal(after.filter((r) => r.recordType === 'TXT').length, spec.filter(([, o]) => o === 'other').length);
          assert.equal(before.length - after.length, 2 * ours.size, 'exactly our records and our TXT records went');
        },
      ),
      { numRuns: 40 },
    );
  });

  void it('creates owned records it reads back as ours, and deletes them without leftovers', async () => {
    await fc.assert(
      fc.asyncProperty(
        options,
        fc.uniqueArray(fc.tuple(fc.constantFrom(...NAMES), fc.constantFrom<RecordType>('A', 'AAAA', 'CNAME')), {
          selector: ([n]) => n,
          maxLength: NAMES.length,
        }),
        async ({ affix, encrypt }, spec) => {
          const { provider, registry } = setup({ ...affix, encryptEnabled: encrypt, encryptKey: KEY });
          const create = spec.map(([n, t]) => ep(n, t, [TARGET[t as 'A' | 'AAAA' | 'CNAME']], { labels: { resource: `crd/ns/${n}` } }));
          assert.deepEqual((await registry.applyChanges(changes({ create }))).rejected, []);
          const current = await registry.records();
          assert.equal(current.length, spec.length, 'no TXT record is returned');
          for (const r of current) {
            assert.equal(r.labels.owner, 'default');
            assert.equal(r.labels.resource, `crd/ns/${r.dnsName}`);
            assert.deepEqual(r.providerSpecific, {});
          }
          assert.deepEqual((await registry.applyChanges(changes({ delete: current }))).rejected, []);
          assert.deepEqual(await provider.records(), []);
        },
      ),
      { numRuns: 40 },
    );
  });
});
