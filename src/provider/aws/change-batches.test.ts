import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createEndpoint, type Endpoint } from '../../endpoint/index.ts';
import { packBatches } from './change-batches.ts';
import { buildChange, type PlannedChange } from './change-build.ts';
import type { ChangeAction } from './route53-port.ts';

const opts = { zoneId: 'Z', zoneName: 'example.com', evaluateTargetHealth: true };
function planned(action: ChangeAction, e: Endpoint): PlannedChange {
  const r = buildChange(action, 'create', e, opts);
  assert.ok(r.ok, !r.ok ? r.reason : '');
  return r.change;
}
const record = (name: string, targets: string[]): Endpoint => createEndpoint({ dnsName: name, recordType: 'A', targets });
const txtFor = (name: string): Endpoint =>
  createEndpoint({ dnsName: `a-${name}`, recordType: 'TXT', targets: ['"heritage=external-dns,external-dns/owner=x"'], labels: { ownedRecord: name } });
const ips = (n: number): string[] => Array.from({ length: n }, (_, i) => `10.0.${Math.floor(i / 250)}.${(i % 250) + 1}`);
const limits = { values: 1000, bytes: 32000, changes: 1000 };

void describe('batch packing', () => {
  void it('sends everything in one batch when it fits, sorted UPSERT, DELETE, CREATE', () => {
    const cs = [planned('CREATE', record('b.example.com', ['192.0.2.1'])), planned('DELETE', record('c.example.com', ['192.0.2.1'])), planned('UPSERT', record('a.example.com', ['192.0.2.1']))];
    const r = packBatches(cs, limits);
    assert.equal(r.batches.length, 1);
    assert.deepEqual(r.batches[0]?.map((c) => c.change.Action), ['UPSERT', 'DELETE', 'CREATE']);
  });

  void it('keeps batches under 1,000 values counting UPSERT twice', () => {
    // 6 records of 100 values each as UPSERT = 1,200 counted values: two batches.
    const cs = Array.from({ length: 6 }, (_, i) => planned('UPSERT', record(`r${i}.example.com`, ips(100))));
    const r = packBatches(cs, limits);
    assert.equal(r.batches.length, 2);
    for (const b of r.batches) assert.ok(b.reduce((n, c) => n + c.values, 0) <= 1000);
    // The same records as CREATE fit into one.
    assert.equal(packBatches(cs.map((c) => ({ ...c, values: c.values / 2, bytes: c.bytes / 2 })), limits).batches.length, 1);
  });

  void it('keeps batches under the value-character limit', () => {
    const cs = Array.from({ length: 5 }, (_, i) => planned('CREATE', record(`r${i}.example.com`, ips(100))));
    const bytes = cs[0]!.bytes;
    const r = packBatches(cs, { ...limits, bytes: bytes * 2 });
    assert.equal(r.batches.length, 3);
  });

  void it('never separates a record from its TXT', () => {
    const cs = Array.from({ length: 10 }, (_, i) => [planned('UPSERT', record(`r${i}.example.com`, ips(90))), planned('UPSERT', txtFor(`r${i}.example.com`))]).flat();
    const r = packBatches(cs, limits);
    assert.ok(r.batches.length > 1);
    for (const b of r.batches) {
      const groups = new Set(b.map((c) => c.group));
      for (const g of groups) assert.equal(b.filter((c) => c.group === g).length, 2, `group ${g} complete in its batch`);
    }
  });

  void it('rejects an oversize group that holds a TXT, and splits one that does not', () => {
    const big = [planned('UPSERT', record('big.example.com', ips(400))), planned('UPSERT', createEndpoint({ dnsName: 'big.example.com', recordType: 'AAAA', targets: ['2001:db8::1'] })), planned('UPSERT', txtFor('big.example.com'))];
    const withTxt = packBatches([...big, planned('CREATE', record('small.example.com', ['192.0.2.1']))], { ...limits, values: 801 });
    assert.equal(withTxt.rejected.length, 3);
    assert.match(withTxt.rejected[0]?.reason ?? '', /holds a TXT ownership record/);
    assert.equal(withTxt.batches.flat().length, 1, 'the small record still goes');
    const noTxt = packBatches(big.slice(0, 2), { ...limits, values: 801 });
    assert.equal(noTxt.rejected.length, 0);
    assert.equal(noTxt.batches.length, 2);
  });

  void it('splits an oversize group without a TXT but keeps the DELETE and CREATE of one replaced record set together', () => {
    const before = record('big.example.com', ips(400));
    const after = createEndpoint({ dnsName: 'big.example.com', recordType: 'A', targets: ['192.0.2.1', '192.0.2.2'] });
    const replace = (action: ChangeAction, e: Endpoint): PlannedChange => ({ ...planned(action, e), origin: 'update', subject: after });
    const v6 = createEndpoint({ dnsName: 'big.example.com', recordType: 'AAAA', targets: Array.from({ length: 200 }, (_, i) => `2001:db8::${(i + 1).toString(16)}`) });
    // UPSERT AAAA counts 400, DELETE A 400, CREATE A 2: change by change, the CREATE would spill into a second request.
    const r = packBatches([planned('UPSERT', v6), replace('DELETE', before), replace('CREATE', after)], { ...limits, values: 801 });
    assert.deepEqual(r.rejected, []);
    assert.equal(r.batches.length, 2);
    const batchOf = (action: string, type: string): number =>
      r.batches.findIndex((b) => b.some((c) => c.change.Action === action && c.change.ResourceRecordSet.Type === type));
    assert.equal(batchOf('DELETE', 'A'), batchOf('CREATE', 'A'), 'the record set is replaced within one request');
    assert.notEqual(batchOf('UPSERT', 'AAAA'), batchOf('DELETE', 'A'));
  });
});
