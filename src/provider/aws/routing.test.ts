import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createEndpoint, PROP, type Endpoint } from '../../endpoint/index.ts';
import { planZone } from './plan-zone.ts';
import { routingOf } from './routing.ts';

const ep = (setIdentifier: string, providerSpecific: Record<string, string>, name = 'app.example.com'): Endpoint =>
  createEndpoint({ dnsName: name, recordType: 'A', targets: ['192.0.2.1'], setIdentifier, providerSpecific });
const zone = { zoneId: 'Z1', zoneName: 'example.com', evaluateTargetHealth: true };

void describe('routing policies', () => {
  void it('builds the fields of every policy', () => {
    const cases: [Record<string, string>, object][] = [
      [{ [PROP.weight]: '80' }, { Weight: 80 }],
      [{ [PROP.region]: 'eu-west-1' }, { Region: 'eu-west-1' }],
      [{ [PROP.failover]: 'PRIMARY', [PROP.healthCheckId]: 'hc-1' }, { Failover: 'PRIMARY', HealthCheckId: 'hc-1' }],
      [{ [PROP.geoContinent]: 'EU' }, { GeoLocation: { ContinentCode: 'EU' } }],
      [{ [PROP.geoCountry]: 'US', [PROP.geoSubdivision]: 'CA' }, { GeoLocation: { CountryCode: 'US', SubdivisionCode: 'CA' } }],
      [{ [PROP.geoproximityCoordinates]: '49.22,-74.01', [PROP.geoproximityBias]: '10' }, { GeoProximityLocation: { Coordinates: { Latitude: '49.22', Longitude: '-74.01' }, Bias: 10 } }],
      [{ [PROP.multiValueAnswer]: '' }, { MultiValueAnswer: true }],
    ];
    for (const [props, fields] of cases) {
      const r = routingOf(ep('s1', props));
      assert.ok(r.ok, JSON.stringify(props));
      assert.deepEqual(r.fields, { SetIdentifier: 's1', ...fields });
    }
  });

  void it('accepts weights 0 to 255 and refuses anything else', () => {
    assert.ok(routingOf(ep('s', { [PROP.weight]: '0' })).ok);
    assert.ok(routingOf(ep('s', { [PROP.weight]: '255' })).ok);
    for (const bad of ['256', '-1', '1.5', 'ten', '']) {
      const r = routingOf(ep('s', { [PROP.weight]: bad }));
      assert.equal(r.ok, false, bad);
      assert.match(!r.ok ? r.reason : '', /aws\/weight=".*" must be a whole number from 0 to 255/);
    }
  });

  void it('requires a set identifier for a routing policy, and a policy for a set identifier', () => {
    const noId = routingOf(ep('', { [PROP.weight]: '10' }));
    assert.match(!noId.ok ? noId.reason : '', /weighted routing policy needs a set identifier/);
    const noPolicy = routingOf(ep('s1', {}));
    assert.match(!noPolicy.ok ? noPolicy.reason : '', /set identifier needs a routing policy/);
  });

  void it('refuses two policies on one record set', () => {
    const r = routingOf(ep('s1', { [PROP.weight]: '10', [PROP.region]: 'us-east-1' }));
    assert.match(!r.ok ? r.reason : '', /several routing policies \(weighted, latency\)/);
  });

  void it('refuses a mix of policies across set identifiers of one name and type, with the TXT of its group', () => {
    const weighted = ep('a', { [PROP.weight]: '10' });
    const latency = ep('b', { [PROP.region]: 'us-east-1' });
    const txt = createEndpoint({ dnsName: 'a-app.example.com', recordType: 'TXT', targets: ['"heritage=external-dns"'], setIdentifier: 'b', providerSpecific: { [PROP.region]: 'us-east-1' }, labels: { ownedRecord: 'app.example.com' } });
    const existing = [{ Name: 'app.example.com.', Type: 'A', SetIdentifier: 'a', Weight: 10, TTL: 300, ResourceRecords: [{ Value: '192.0.2.1' }] }];
    const plan = planZone([{ origin: 'create', next: latency }, { origin: 'create', next: txt }], existing, zone);
    assert.equal(plan.planned.length, 0);
    assert.equal(plan.rejected.length, 2);
    assert.match(plan.rejected[0]?.reason ?? '', /routing policy latency cannot be mixed.*existing record sets use weighted/);
    assert.match(plan.rejected[1]?.reason ?? '', /ownership group "app\.example\.com" was rejected/);
    // The same writes are fine when every set identifier agrees.
    const ok = planZone([{ origin: 'create', next: ep('b', { [PROP.weight]: '5' }) }], existing, zone);
    assert.equal(ok.rejected.length, 0);
    assert.equal(planZone([{ origin: 'create', next: weighted }, { origin: 'create', next: latency }], [], zone).rejected.length, 2);
  });

  void it('allows switching every set of a name to a new policy in one apply', () => {
    const existing = [{ Name: 'app.example.com.', Type: 'A', SetIdentifier: 'a', Weight: 10, TTL: 300, ResourceRecords: [{ Value: '192.0.2.1' }] }];
    const plan = planZone([{ origin: 'update', old: ep('a', { [PROP.weight]: '10' }), next: ep('a', { [PROP.region]: 'us-east-1' }) }], existing, zone);
    assert.equal(plan.rejected.length, 0);
    assert.deepEqual(plan.planned.map((c) => c.change.Action), ['DELETE', 'CREATE']);
    // The DELETE carries the set exactly as Route53 holds it.
    assert.deepEqual(plan.planned[0]?.change.ResourceRecordSet, { ...existing[0], Name: 'app.example.com' });
  });
});
