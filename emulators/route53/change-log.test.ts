import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ChangeBatchEntry } from './index.ts';
import { change, clientFor, createZone, rrset, startFixture, type Fixture } from './sdk-fixture.ts';

void describe('onChangeBatch: the change-batch request log', () => {
  let fx: Fixture;
  let zoneId: string;
  before(async () => {
    fx = await startFixture();
    zoneId = await createZone(fx.client, 'log.example.com');
  });
  after(async () => {
    await fx.close();
  });

  void it('tells listeners the signer, the times, the outcome and every record set of each call', async () => {
    const seen: ChangeBatchEntry[] = [];
    const unsubscribe = fx.emulator.onChangeBatch((e) => seen.push(e));
    const other = clientFor(fx.emulator, { accessKeyId: 'AKIDREPLICAB' });
    const before = Date.now();
    await change(fx.client, zoneId, [
      { Action: 'CREATE', ResourceRecordSet: rrset('a.log.example.com', 'A', ['192.0.2.1']) },
      { Action: 'CREATE', ResourceRecordSet: { ...rrset('w.log.example.com', 'A', ['192.0.2.2']), SetIdentifier: 'one', Weight: 10 } },
    ]);
    await assert.rejects(change(other, zoneId, [{ Action: 'DELETE', ResourceRecordSet: rrset('missing.log.example.com', 'A', ['192.0.2.9']) }]));
    unsubscribe();
    await change(fx.client, zoneId, [{ Action: 'DELETE', ResourceRecordSet: rrset('a.log.example.com', 'A', ['192.0.2.1']) }]);
    other.destroy();

    assert.equal(seen.length, 2, 'the call after unsubscribe is not reported');
    const [ok, refused] = seen;
    assert.ok(ok !== undefined && refused !== undefined);
    assert.equal(ok.accessKeyId, 'AKIDEMULATORTEST');
    assert.equal(ok.zoneId, zoneId);
    assert.equal(ok.outcome, 'ok');
    assert.ok(ok.receivedAt >= before && ok.answeredAt >= ok.receivedAt);
    assert.deepEqual(ok.changes, [
      { action: 'CREATE', name: 'a.log.example.com', type: 'A', values: ['192.0.2.1'] },
      { action: 'CREATE', name: 'w.log.example.com', type: 'A', setIdentifier: 'one', weight: 10, values: ['192.0.2.2'] },
    ]);
    assert.equal(refused.accessKeyId, 'AKIDREPLICAB');
    assert.equal(refused.outcome, 'InvalidChangeBatch');
    assert.deepEqual(refused.changes.map((c) => `${c.action} ${c.name}`), ['DELETE missing.log.example.com']);
  });

  void it('keeps serving when a listener throws', async () => {
    const unsubscribe = fx.emulator.onChangeBatch(() => {
      throw new Error('listener bug');
    });
    await change(fx.client, zoneId, [{ Action: 'UPSERT', ResourceRecordSet: rrset('b.log.example.com', 'A', ['192.0.2.3']) }]);
    unsubscribe();
    const zone = fx.emulator.state.data.zones.find((z) => z.id === zoneId);
    assert.ok(zone?.records.some((r) => r.Name.startsWith('b.log.example.com')));
  });
});
