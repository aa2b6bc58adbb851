// A record pinned to a hosted zone (aws-hosted-zone-id) that is not managed is reported, not dropped.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createZone } from '../../../emulators/route53/sdk-fixture.ts';
import { PROP } from '../../endpoint/index.ts';
import { ep, startHarness, type Harness } from './test-harness.ts';

void describe('aws provider: pinned hosted zones', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
    await createZone(h.client, 'example.com');
  });
  after(() => h.close());

  void it('rejects a change pinned to a hosted zone it does not manage, naming the zone id, and sends nothing', async () => {
    const pinned = ep({ dnsName: 'app.example.com', recordType: 'A', targets: ['192.0.2.1'], providerSpecific: { [PROP.hostedZoneId]: 'ZNOTMANAGED' } });
    h.provider.beginPass();
    await h.provider.zones();
    h.emulator.counts.reset();
    const result = await h.provider.applyChanges({ create: [pinned], updateOld: [], updateNew: [], delete: [] });
    assert.deepEqual(result.rejected.map((r) => [r.action, r.endpoint.dnsName]), [['create', 'app.example.com']]);
    assert.match(result.rejected[0]?.reason ?? '', /aws-hosted-zone-id "ZNOTMANAGED" of app\.example\.com is not among the managed hosted zones/);
    assert.equal(h.emulator.counts.of('ChangeResourceRecordSets'), 0);
  });
});
