// Properties of batch packing over random change sets: nothing lost or duplicated, every batch
// within the limits (UPSERT counted twice), ownership groups with a TXT never split.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { createEndpoint } from '../../endpoint/index.ts';
import { packBatches } from './change-batches.ts';
import { buildChange, type PlannedChange } from './change-build.ts';

const opts = { zoneId: 'Z', zoneName: 'example.com', evaluateTargetHealth: true };

const changeArb = fc
  .record({
    owner: fc.integer({ min: 0, max: 15 }),
    kind: fc.constantFrom('A', 'TXT'),
    action: fc.constantFrom('CREATE', 'UPSERT', 'DELETE'),
    values: fc.integer({ min: 1, max: 60 }),
    sub: fc.integer({ min: 0, max: 3 }),
  })
  .map(({ owner, kind, action, values, sub }): PlannedChange => {
    const name = `o${owner}.example.com`;
    const e =
      kind === 'A'
        ? createEndpoint({ dnsName: `s${sub}.${name}`, recordType: 'A', targets: Array.from({ length: values }, (_, i) => `10.0.${owner}.${i + 1}`), labels: { ownedRecord: name } })
        : createEndpoint({ dnsName: `a-${name}`, recordType: 'TXT', targets: [`"${'x'.repeat(values * 10)}"`], labels: { ownedRecord: name } });
    const r = buildChange(action, 'create', e, opts);
    if (!r.ok) throw new Error(r.reason);
    return r.change;
  });

void describe('batch packing properties', () => {
  void it('keeps every change exactly once, within limits, and TXT groups whole', () => {
    fc.assert(
      fc.property(fc.array(changeArb, { maxLength: 80 }), fc.integer({ min: 30, max: 400 }), fc.integer({ min: 300, max: 5000 }), (changes, values, bytes) => {
        const limits = { values, bytes, changes: 1000 };
        const { batches, rejected } = packBatches(changes, limits);
        const out = [...batches.flat(), ...rejected.map((r) => r.change)];
        assert.equal(out.length, changes.length);
        assert.deepEqual(new Set(out), new Set(changes));
        for (const b of batches) {
          assert.ok(b.reduce((n, c) => n + c.values, 0) <= values);
          assert.ok(b.reduce((n, c) => n + c.bytes, 0) <= bytes);
        }
        const batchOf = new Map<PlannedChange, number>();
        batches.forEach((b, i) => {
          for (const c of b) batchOf.set(c, i);
        });
        const groups = new Map<string, PlannedChange[]>();
        for (const c of changes) groups.set(c.group, [...(groups.get(c.group) ?? []), c]);
        for (const [group, members] of groups) {
          if (!members.some((c) => c.change.ResourceRecordSet.Type === 'TXT')) continue;
          const where = new Set(members.map((c) => batchOf.get(c) ?? -1));
          assert.equal(where.size, 1, `group ${group} with a TXT is in one batch or rejected whole`);
        }
      }),
      { numRuns: 300 },
    );
  });
});
