import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { applyBatch } from './apply-batch.ts';
import { ApiError } from './errors.ts';
import { compareRecordSets } from './ordering.ts';
import { emptyState } from './state.ts';
import type { RecordSet, Zone } from './state.ts';
import type { Change } from './validate-change.ts';
import { XmlSyntaxError, parseXml, toXml } from './xml.ts';

const zoneWith = (records: RecordSet[]): Zone => ({
  id: 'ZTEST', name: 'p.example.', callerReference: 'r', privateZone: false, vpcs: [], nameServers: [], tags: {},
  records: [{ Name: 'p.example.', Type: 'NS', TTL: 172800, ResourceRecords: [{ Value: 'ns.example.net.' }] }, ...records],
});

const recordArb: fc.Arbitrary<RecordSet> = fc.record({
  name: fc.constantFrom('a.p.example', 'B.p.example.', 'c.a.p.example', 'p.example', '*.p.example', 'x.other.example'),
  type: fc.constantFrom('A', 'CNAME', 'TXT'),
  value: fc.constantFrom('192.0.2.1', '192.0.2.2', '"t"', 'target.example.net'),
  ttl: fc.constantFrom(60, 300),
  weighted: fc.option(fc.constantFrom('w1', 'w2'), { nil: undefined }),
}).map(({ name, type, value, ttl, weighted }) => ({
  Name: name, Type: type, TTL: ttl, ResourceRecords: [{ Value: value }],
  ...(weighted !== undefined ? { SetIdentifier: weighted, Weight: 1 } : {}),
}));
const changeArb: fc.Arbitrary<Change> = fc.record({ Action: fc.constantFrom('CREATE', 'DELETE', 'UPSERT' as const), ResourceRecordSet: recordArb });

void describe('applyBatch properties', () => {
  void it('applies all or nothing, and leaves a sorted zone with no CNAME beside other types', () => {
    fc.assert(
      fc.property(fc.array(fc.array(changeArb, { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 8 }), (batches) => {
        const state = emptyState();
        const zone = zoneWith([]);
        state.zones.push(zone);
        for (const batch of batches) {
          const before = structuredClone(zone.records);
          try {
            applyBatch(state, zone, batch, { maxRecordsPerZone: 10_000 });
          } catch (error) {
            assert.ok(error instanceof ApiError && error.code === 'InvalidChangeBatch', String(error));
            assert.match(error.message, /^\[.+\]$/);
            assert.deepEqual(zone.records, before);
          }
          for (let i = 1; i < zone.records.length; i++) {
            assert.ok(compareRecordSets(zone.records[i - 1] as RecordSet, zone.records[i] as RecordSet) < 0, 'sorted and unique');
          }
          const byName = new Map<string, Set<string>>();
          for (const r of zone.records) byName.set(r.Name, (byName.get(r.Name) ?? new Set()).add(r.Type));
          for (const [name, types] of byName) assert.ok(!types.has('CNAME') || types.size === 1, `CNAME beside ${[...types].join(',')} at ${name}`);
          assert.ok(zone.records.every((r) => r.Name.endsWith('p.example.') && r.Name === r.Name.toLowerCase()));
        }
      }),
      { numRuns: 300 },
    );
  });
});

void describe('xml properties', () => {
  void it('never fails on arbitrary input with anything but XmlSyntaxError', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), fc.constantFrom('', '<R>', '<R a="1">'), (text, prefix) => {
        try {
          parseXml(prefix + text);
        } catch (error) {
          assert.ok(error instanceof XmlSyntaxError, String(error));
        }
      }),
      { numRuns: 1000 },
    );
  });

  void it('round-trips any printable text through toXml and parseXml', () => {
    const printable = fc.string({ unit: fc.oneof(fc.constantFrom('&', '<', '>', '"', "'", ']]>', ' ', '\t', '&amp;'), fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 })), maxLength: 60 })
      .filter((s) => !/[\p{Cc}]/u.test(s.replaceAll('\t', ' ')));
    fc.assert(
      fc.property(printable, (value) => {
        const doc = parseXml(toXml({ name: 'R', children: [{ name: 'V', text: value }] }));
        assert.equal(doc.children[0]?.text, value);
      }),
      { numRuns: 500 },
    );
  });
});
