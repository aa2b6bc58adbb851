import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createEndpoint, PROP, withChanges, type Endpoint } from '../../endpoint/index.ts';
import { buildChange, needsDeleteCreate, zonesForEndpoint } from './change-build.ts';
import { decodeOctalEscapes, fromRoute53Name } from './names.ts';
import { recordSetToEndpoints } from './record-sets.ts';

const a = createEndpoint({ dnsName: 'app.example.com', recordType: 'A', targets: ['192.0.2.1'], ttl: 60 });

void describe('UPSERT or DELETE+CREATE', () => {
  void it('uses UPSERT when only values, TTL or the weight change', () => {
    assert.equal(needsDeleteCreate(a, withChanges(a, { targets: ['192.0.2.2'] })), false);
    assert.equal(needsDeleteCreate(a, withChanges(a, { ttl: 300 })), false);
    const w = withChanges(a, { setIdentifier: 's', providerSpecific: { [PROP.weight]: '1' } });
    assert.equal(needsDeleteCreate(w, withChanges(w, { providerSpecific: { [PROP.weight]: '50' } })), false);
  });

  void it('deletes and re-creates when type, set identifier, alias-ness or routing kind change', () => {
    assert.equal(needsDeleteCreate(a, withChanges(a, { recordType: 'AAAA', targets: ['2001:db8::1'] })), true);
    const w = withChanges(a, { setIdentifier: 's', providerSpecific: { [PROP.weight]: '1' } });
    assert.equal(needsDeleteCreate(w, withChanges(w, { setIdentifier: 't' })), true);
    assert.equal(needsDeleteCreate(w, withChanges(w, { providerSpecific: { [PROP.region]: 'us-east-1' } })), true);
    const alias = withChanges(a, { targets: ['lb.us-east-1.elb.amazonaws.com'], providerSpecific: { alias: 'true' } });
    assert.equal(needsDeleteCreate(a, alias), true);
  });
});

void describe('building changes', () => {
  void it('counts UPSERT values and characters twice', () => {
    const txt = createEndpoint({ dnsName: 't.example.com', recordType: 'TXT', targets: ['"abcd"', '"ef"'] });
    const create = buildChange('CREATE', 'create', txt, { zoneId: 'Z', zoneName: 'example.com', evaluateTargetHealth: true });
    const upsert = buildChange('UPSERT', 'update', txt, { zoneId: 'Z', zoneName: 'example.com', evaluateTargetHealth: true });
    assert.ok(create.ok && upsert.ok);
    assert.deepEqual([create.change.values, create.change.bytes], [2, 10]);
    assert.deepEqual([upsert.change.values, upsert.change.bytes], [4, 20]);
  });

  void it('defaults the TTL to 300 and copies values verbatim (vector 4: weighted)', () => {
    const e = createEndpoint({ dnsName: 'app.example.com', recordType: 'A', targets: ['198.51.100.1'], setIdentifier: 'app-v1', providerSpecific: { [PROP.weight]: '80' } });
    const r = buildChange('CREATE', 'create', e, { zoneId: 'Z', zoneName: 'example.com', evaluateTargetHealth: true });
    assert.ok(r.ok);
    assert.deepEqual(r.change.change, {
      Action: 'CREATE',
      ResourceRecordSet: { Name: 'app.example.com', Type: 'A', SetIdentifier: 'app-v1', Weight: 80, TTL: 300, ResourceRecords: [{ Value: '198.51.100.1' }] },
    });
  });

  void it('sends a name to every matching private zone and the longest public zone, or only to a pinned zone', () => {
    const zones = [
      { id: 'PUB1', name: 'example.com', privateZone: false },
      { id: 'PUB2', name: 'sub.example.com', privateZone: false },
      { id: 'PRIV', name: 'example.com', privateZone: true },
      { id: 'OTHER', name: 'example.org', privateZone: false },
    ];
    const e = createEndpoint({ dnsName: 'x.sub.example.com', recordType: 'A', targets: ['192.0.2.1'] });
    assert.deepEqual(zonesForEndpoint(e, zones).map((z) => z.id), ['PRIV', 'PUB2']);
    const pinned: Endpoint = withChanges(e, { providerSpecific: { [PROP.hostedZoneId]: '/hostedzone/PUB1' } });
    assert.deepEqual(zonesForEndpoint(pinned, zones).map((z) => z.id), ['PUB1']);
  });
});

void describe('reading record sets', () => {
  void it('decodes \\052 and other octal escapes in names', () => {
    assert.equal(decodeOctalEscapes('\\052.apps.example.com.'), '*.apps.example.com.');
    assert.equal(fromRoute53Name('\\052.Apps.example.com.'), '*.apps.example.com');
    assert.equal(decodeOctalEscapes('a\\100b\\040c'), 'a@b c');
    assert.equal(decodeOctalEscapes('no\\9escape'), 'no\\9escape');
  });

  void it('maps an alias set to an endpoint with TTL 300, alias=true and evaluate-target-health', () => {
    const [e] = recordSetToEndpoints({
      Name: '\\052.apps.example.com.',
      Type: 'A',
      SetIdentifier: 'v1',
      Weight: 20,
      AliasTarget: { HostedZoneId: 'Z35SXDOTRQ7X7K', DNSName: 'lb.us-east-1.elb.amazonaws.com.', EvaluateTargetHealth: false },
      HealthCheckId: 'hc',
    });
    assert.deepEqual(e, {
      dnsName: '*.apps.example.com',
      recordType: 'A',
      targets: ['lb.us-east-1.elb.amazonaws.com'],
      setIdentifier: 'v1',
      ttl: 300,
      labels: {},
      providerSpecific: { alias: 'true', [PROP.evaluateTargetHealth]: 'false', [PROP.weight]: '20', [PROP.healthCheckId]: 'hc' },
    });
  });

  void it('marks CNAMEs alias=false, reads geolocation and geoproximity, and skips SOA', () => {
    const [c] = recordSetToEndpoints({ Name: 'www.example.com.', Type: 'CNAME', TTL: 60, ResourceRecords: [{ Value: 'lb.example.net' }] });
    assert.deepEqual(c?.providerSpecific, { alias: 'false' });
    const [g] = recordSetToEndpoints({ Name: 'g.example.com.', Type: 'A', TTL: 60, SetIdentifier: 'x', GeoLocation: { CountryCode: 'US', SubdivisionCode: 'CA' }, ResourceRecords: [{ Value: '192.0.2.1' }] });
    assert.deepEqual(g?.providerSpecific, { [PROP.geoCountry]: 'US', [PROP.geoSubdivision]: 'CA' });
    const [p] = recordSetToEndpoints({ Name: 'p.example.com.', Type: 'A', TTL: 60, SetIdentifier: 'x', GeoProximityLocation: { Coordinates: { Latitude: '1.5', Longitude: '-2' }, Bias: 0 }, ResourceRecords: [{ Value: '192.0.2.1' }] });
    assert.deepEqual(p?.providerSpecific, { [PROP.geoproximityBias]: '0', [PROP.geoproximityCoordinates]: '1.5,-2' });
    assert.deepEqual(recordSetToEndpoints({ Name: 'example.com.', Type: 'SOA', TTL: 900, ResourceRecords: [{ Value: 'ns. admin. 1 2 3 4 5' }] }), []);
  });
});
