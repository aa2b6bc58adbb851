import assert from 'node:assert/strict';
import { it } from 'node:test';
import fc from 'fast-check';
import { createEndpoint, endpointKey, type Endpoint, type RecordType } from '../../endpoint/index.ts';
import type { Changes } from '../../plan/changes.ts';
import { createZoneStore } from './zone-store.ts';

const ZONE = 'example.com';
const endpoint = fc
  .record({
    name: fc.constantFrom(ZONE, `a.${ZONE}`, `b.${ZONE}`, `x.a.${ZONE}`),
    type: fc.constantFrom<RecordType>('A', 'CNAME', 'TXT'),
    setIdentifier: fc.constantFrom('', 's1', 's2'),
    value: fc.nat(2),
    ttl: fc.constantFrom(0, 60),
  })
  .map(({ name, type, setIdentifier, value, ttl }) =>
    createEndpoint({
      dnsName: name,
      recordType: type,
      targets: [type === 'A' ? `192.0.2.${value}` : type === 'CNAME' ? `t${value}.example.net` : `"v${value}"`],
      setIdentifier,
      ttl,
      providerSpecific: setIdentifier === '' ? {} : { 'aws/weight': '1' },
    }),
  );
const batch = fc.record({
  create: fc.array(endpoint, { maxLength: 3 }),
  delete: fc.array(endpoint, { maxLength: 2 }),
  updates: fc.array(fc.tuple(endpoint, endpoint), { maxLength: 2 }),
});

function invariants(records: readonly Endpoint[]): void {
  const byName = Map.groupBy(records, (r) => r.dnsName);
  for (const [name, sets] of byName) {
    const types = new Set(sets.map((s) => s.recordType));
    if (types.has('CNAME')) assert.equal(types.size, 1, `CNAME shares ${name} with ${[...types].join(',')}`);
    if (name === ZONE) assert.ok(!types.has('CNAME'), 'CNAME at the apex');
    for (const type of types) {
      const ids = sets.filter((s) => s.recordType === type).map((s) => s.setIdentifier === '');
      assert.ok(ids.every((x) => x) || ids.every((x) => !x), `${name} ${type} mixes set identifiers`);
    }
  }
  assert.equal(new Set(records.map(endpointKey)).size, records.length, 'one record set per key');
}

void it('keeps Route53 invariants and applies exactly the groups it does not reject (property)', () => {
  fc.assert(
    fc.property(fc.array(batch, { minLength: 1, maxLength: 8 }), (batches) => {
      const store = createZoneStore([ZONE]);
      for (const b of batches) {
        const changes: Changes = { create: b.create, delete: b.delete, updateOld: b.updates.map(([o]) => o), updateNew: b.updates.map(([, n]) => n) };
        const before = store.records();
        const { rejected } = store.validateAndApply(changes);
        const after = store.records();
        invariants(after);
        // Names touched only by rejected changes are left exactly as they were.
        const isRejected = (e: Endpoint) => rejected.some((r) => r.endpoint === e);
        const acceptedNames = new Set([
          ...changes.create.filter((e) => !isRejected(e)).map((e) => e.dnsName),
          ...changes.delete.filter((e) => !isRejected(e)).map((e) => e.dnsName),
          ...changes.updateNew.flatMap((e, i) => (isRejected(e) ? [] : [e.dnsName, changes.updateOld[i]?.dnsName ?? ''])),
        ]);
        // (An update whose new name differs removes its old record in the new name's group, which may run later.)
        const removed = new Set(changes.updateOld.filter((_, i) => !isRejected(changes.updateNew[i] as Endpoint)).map(endpointKey));
        for (const e of [...changes.create, ...changes.updateNew].filter((x) => !isRejected(x) && !removed.has(endpointKey(x)))) {
          assert.ok(after.some((r) => endpointKey(r) === endpointKey(e)), `accepted ${endpointKey(e)} is missing`);
        }
        for (const r of rejected) {
          if (acceptedNames.has(r.endpoint.dnsName)) continue;
          assert.deepEqual(after.filter((x) => x.dnsName === r.endpoint.dnsName), before.filter((x) => x.dnsName === r.endpoint.dnsName));
        }
      }
    }),
    { numRuns: 500 },
  );
});
