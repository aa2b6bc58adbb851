import { after, before, describe, it } from 'node:test';
import type { Change, ResourceRecordSet } from '@aws-sdk/client-route-53';
import { change, createZone, rejects, rrset, startFixture } from './sdk-fixture.ts';
import type { Fixture } from './sdk-fixture.ts';

const create = (r: ResourceRecordSet): Change => ({ Action: 'CREATE', ResourceRecordSet: r });
const a = (name: string, extra: Partial<ResourceRecordSet>): ResourceRecordSet => ({ ...rrset(name, 'A', ['192.0.2.1']), ...extra });

void describe('routing-policy and alias rules', () => {
  let f: Fixture;
  let zone: string;
  before(async () => {
    f = await startFixture();
    zone = await createZone(f.client, 'route.example');
    await change(f.client, zone, [
      create(a('w.route.example', { SetIdentifier: 'one', Weight: 10 })),
      create(a('simple.route.example', {})),
      create(a('fo.route.example', { SetIdentifier: 'p', Failover: 'PRIMARY' })),
      create(a('geo.route.example', { SetIdentifier: 'de', GeoLocation: { CountryCode: 'DE' } })),
      create(a('lat.route.example', { SetIdentifier: 'eu', Region: 'eu-west-1' })),
    ]);
  });
  after(() => f.close());
  const send = (...changes: Change[]) => change(f.client, zone, changes);

  void it('needs a SetIdentifier on a weighted set', async () => {
    await rejects(send(create(a('n.route.example', { Weight: 1 }))), 'InvalidInput',
      "Invalid request: Missing field 'SetIdentifier' in Change with [Action=CREATE, Name=n.route.example, Type=A, SetIdentifier=null]");
  });

  void it('needs a routing policy for a SetIdentifier, and only one', async () => {
    await rejects(send(create(a('n.route.example', { SetIdentifier: 'x' }))), 'InvalidInput', /Expected exactly one of \[Weight, Region, .*but found none/);
    await rejects(send(create(a('n.route.example', { SetIdentifier: 'x', Weight: 1, Region: 'us-east-1' }))), 'InvalidInput', /but found more than one/);
  });

  void it('refuses to mix routing policies for one name and type', async () => {
    await rejects(send(create(a('w.route.example', { SetIdentifier: 'two', Region: 'us-east-1' }))), 'InvalidChangeBatch', /uses routing policy weighted/);
    await rejects(send(create(a('simple.route.example', { SetIdentifier: 'x', Weight: 1 }))), 'InvalidChangeBatch', /uses routing policy simple/);
    await rejects(send(create(a('w.route.example', {}))), 'InvalidChangeBatch', /uses routing policy weighted/);
  });

  void it('keeps Weight within 0 to 255', async () => {
    await rejects(send(create(a('w.route.example', { SetIdentifier: 'big', Weight: 256 }))), 'InvalidInput',
      "1 validation error detected: Value '256' at 'changeBatch.changes.1.member.resourceRecordSet.weight' failed to satisfy constraint: Member must have value less than or equal to 255");
    await rejects(send(create(a('w.route.example', { SetIdentifier: 'neg', Weight: -1 }))), 'InvalidInput', /greater than or equal to 0/);
  });

  void it('refuses a Region that is not an AWS region name', async () => {
    await rejects(send(create(a('lat.route.example', { SetIdentifier: 'mars', Region: 'mars-1' as 'us-east-1' }))), 'InvalidInput', /Value 'mars-1' at '.*region'/);
  });

  void it('allows one region per latency name and type', async () => {
    await rejects(send(create(a('lat.route.example', { SetIdentifier: 'eu2', Region: 'eu-west-1' }))), 'InvalidChangeBatch', /already has Region eu-west-1/);
  });

  void it('accepts only PRIMARY and SECONDARY, at most one of each', async () => {
    await rejects(send(create(a('fo.route.example', { SetIdentifier: 't', Failover: 'TERTIARY' as 'PRIMARY' }))), 'InvalidInput', /Value 'TERTIARY' is not facet-valid/);
    await rejects(send(create(a('fo.route.example', { SetIdentifier: 'p2', Failover: 'PRIMARY' }))), 'InvalidChangeBatch', /already has Failover PRIMARY/);
  });

  void it('needs continent XOR country in a GeoLocation, with no duplicate locations', async () => {
    await rejects(send(create(a('geo.route.example', { SetIdentifier: 'both', GeoLocation: { ContinentCode: 'EU', CountryCode: 'FR' } }))), 'InvalidInput', /exactly one of ContinentCode or CountryCode/);
    await rejects(send(create(a('geo.route.example', { SetIdentifier: 'sub', GeoLocation: { ContinentCode: 'NA', SubdivisionCode: 'CA' } }))), 'InvalidInput', /SubdivisionCode 'CA' needs a CountryCode/);
    await rejects(send(create(a('geo.route.example', { SetIdentifier: 'de2', GeoLocation: { CountryCode: 'DE' } }))), 'InvalidChangeBatch', /already has GeoLocation/);
    await rejects(send(create(a('geo.route.example', { SetIdentifier: 'xx', GeoLocation: { ContinentCode: 'XX' } }))), 'InvalidInput', /continentCode/);
  });

  void it('needs exactly one anchor in a GeoProximityLocation and a bias within ±99', async () => {
    await rejects(send(create(a('gp.route.example', { SetIdentifier: 'g', GeoProximityLocation: { AWSRegion: 'us-east-1', LocalZoneGroup: 'z' } }))), 'InvalidInput', /exactly one of AWSRegion/);
    await rejects(send(create(a('gp.route.example', { SetIdentifier: 'g', GeoProximityLocation: { AWSRegion: 'us-east-1', Bias: 100 } }))), 'InvalidInput', /between -99 and 99/);
  });

  void it('refuses NS and SOA with a routing policy', async () => {
    await rejects(send(create({ ...rrset('sub.route.example', 'NS', ['ns1.example.net']), SetIdentifier: 'x', Weight: 1 })), 'InvalidChangeBatch', /type NS .* not permitted with a routing policy/);
  });

  void it('refuses an alias with MultiValueAnswer, with a TTL, or without EvaluateTargetHealth', async () => {
    const alias = { HostedZoneId: zone, DNSName: 'simple.route.example', EvaluateTargetHealth: false };
    await rejects(send(create({ Name: 'al.route.example', Type: 'A', SetIdentifier: 'm', MultiValueAnswer: true, AliasTarget: alias })), 'InvalidInput', /alias record cannot use MultiValueAnswer/);
    await rejects(send(create({ Name: 'al.route.example', Type: 'A', TTL: 60, ResourceRecords: [{ Value: '192.0.2.1' }], AliasTarget: alias })), 'InvalidInput', /but found more than one/);
    await rejects(send(create({ Name: 'al.route.example', Type: 'A', AliasTarget: { HostedZoneId: zone, DNSName: 'simple.route.example' } as typeof alias })), 'InvalidInput', /\{EvaluateTargetHealth\}/);
  });

  void it('refuses an alias to a name that does not exist in the same zone', async () => {
    await rejects(send(create({ Name: 'al.route.example', Type: 'A', AliasTarget: { HostedZoneId: zone, DNSName: 'missing.route.example', EvaluateTargetHealth: false } })),
      'InvalidChangeBatch', `[Tried to create an alias that targets missing.route.example., type A in zone ${zone}, but that target was not found]`);
    await send(create({ Name: 'al.route.example', Type: 'A', AliasTarget: { HostedZoneId: 'Z35SXDOTRQ7X7K', DNSName: 'my-lb-1.us-east-1.elb.amazonaws.com', EvaluateTargetHealth: true } }));
  });
});
