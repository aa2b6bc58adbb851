import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createEndpoint, PROP } from '../../endpoint/index.ts';
import { adjustEndpoints } from './alias.ts';
import { canonicalHostedZone, CANONICAL_HOSTED_ZONES } from './canonical-zones.ts';
import { buildChange } from './change-build.ts';

const opts = { preferCname: false, evaluateTargetHealth: true, zoneNames: ['example.com'] };
const zone = { zoneId: 'ZONE1', zoneName: 'example.com', evaluateTargetHealth: true };

void describe('canonical hosted zones', () => {
  void it('knows ALB/CLB, NLB, CloudFront, Global Accelerator, VPC endpoint and API Gateway zones', () => {
    assert.equal(canonicalHostedZone('a1b2c3-123456.us-east-1.elb.amazonaws.com'), 'Z35SXDOTRQ7X7K');
    assert.equal(canonicalHostedZone('my-nlb-0123.elb.eu-west-1.amazonaws.com'), 'Z2IFOLAFXWLO4F');
    assert.equal(canonicalHostedZone('lb.cn-north-1.elb.amazonaws.com.cn'), 'Z1GDH35T77C1KE');
    assert.equal(canonicalHostedZone('nlb.elb.cn-northwest-1.amazonaws.com.cn'), 'ZQEIKTCZ8352D');
    assert.equal(canonicalHostedZone('d111111abcdef8.cloudfront.net'), 'Z2FDTNDATAQYW2');
    assert.equal(canonicalHostedZone('a1234567890abcdef.awsglobalaccelerator.com'), 'Z2BJ6XQ5FK7U4H');
    assert.equal(canonicalHostedZone('vpce-0abc-xyz.vpce-svc-0123.us-east-1.vpce.amazonaws.com'), 'Z7HUB22UULQXV');
    assert.equal(canonicalHostedZone('d-abc123.execute-api.eu-central-1.amazonaws.com'), 'Z1U9ULNL0V5AJ3');
    assert.equal(canonicalHostedZone('LB.US-WEST-2.ELB.AMAZONAWS.COM.'), 'Z1H1FL5HABSF5');
  });

  void it('has every commercial region for ALB and NLB', () => {
    for (const region of ['us-east-1', 'us-east-2', 'us-west-1', 'us-west-2', 'ca-central-1', 'ca-west-1', 'eu-west-1', 'eu-west-2', 'eu-west-3',
      'eu-central-1', 'eu-central-2', 'eu-north-1', 'eu-south-1', 'eu-south-2', 'ap-south-1', 'ap-south-2', 'ap-east-1', 'ap-northeast-1',
      'ap-northeast-2', 'ap-northeast-3', 'ap-southeast-1', 'ap-southeast-2', 'ap-southeast-3', 'ap-southeast-4', 'ap-southeast-5',
      'ap-southeast-7', 'sa-east-1', 'me-south-1', 'me-central-1', 'af-south-1', 'il-central-1', 'mx-central-1']) {
      assert.ok(CANONICAL_HOSTED_ZONES.has(`${region}.elb.amazonaws.com`), `ALB ${region}`);
      assert.ok(CANONICAL_HOSTED_ZONES.has(`elb.${region}.amazonaws.com`), `NLB ${region}`);
    }
  });

  void it('does not treat other names as AWS service endpoints', () => {
    assert.equal(canonicalHostedZone('lb.example.net'), undefined);
    assert.equal(canonicalHostedZone('elb.amazonaws.com'), undefined);
    assert.equal(canonicalHostedZone('net'), undefined);
  });
});

void describe('adjustEndpoints', () => {
  void it('turns a CNAME to an ELB into an A alias plus an AAAA alias (ExternalDNS vector 1)', () => {
    const cname = createEndpoint({ dnsName: 'nginx.example.com', recordType: 'CNAME', targets: ['a1b2c3-123456.us-east-1.elb.amazonaws.com'] });
    const out = adjustEndpoints([cname], opts);
    assert.deepEqual(out.map((e) => e.recordType), ['A', 'AAAA']);
    for (const e of out) {
      assert.deepEqual(e.providerSpecific, { [PROP.alias]: 'true', [PROP.evaluateTargetHealth]: 'true' });
      const built = buildChange('CREATE', 'create', e, zone);
      assert.ok(built.ok);
      assert.deepEqual(built.change.change.ResourceRecordSet, {
        Name: 'nginx.example.com',
        Type: e.recordType,
        AliasTarget: { HostedZoneId: 'Z35SXDOTRQ7X7K', DNSName: 'a1b2c3-123456.us-east-1.elb.amazonaws.com', EvaluateTargetHealth: true },
      });
    }
  });

  void it('keeps a CNAME with --aws-prefer-cname and marks it alias=false', () => {
    const cname = createEndpoint({ dnsName: 'www.example.com', recordType: 'CNAME', targets: ['x.us-east-1.elb.amazonaws.com'] });
    const [out] = adjustEndpoints([cname], { ...opts, preferCname: true });
    assert.equal(out?.recordType, 'CNAME');
    assert.equal(out?.providerSpecific[PROP.alias], 'false');
  });

  void it('keeps a CNAME to a non-AWS target (vector 3) with alias=false', () => {
    const cname = createEndpoint({ dnsName: 'www.example.com', recordType: 'CNAME', targets: ['lb.example.net'], providerSpecific: { [PROP.evaluateTargetHealth]: 'true' } });
    const [out] = adjustEndpoints([cname], opts);
    assert.deepEqual(out?.providerSpecific, { [PROP.alias]: 'false' });
  });

  void it('forces TTL 300 on aliases and applies the evaluate-target-health default', () => {
    const a = createEndpoint({ dnsName: 'app.example.com', recordType: 'A', targets: ['other.example.com'], ttl: 60, providerSpecific: { alias: 'true' } });
    const [out] = adjustEndpoints([a], { ...opts, evaluateTargetHealth: false });
    assert.equal(out?.ttl, 300);
    assert.equal(out?.providerSpecific[PROP.evaluateTargetHealth], 'false');
  });

  void it('writes alias=true to a non-canonical target as a same-zone alias', () => {
    const a = createEndpoint({ dnsName: 'app.example.com', recordType: 'A', targets: ['backend.example.com'], providerSpecific: { alias: 'true' } });
    const [out] = adjustEndpoints([a], opts);
    const built = buildChange('CREATE', 'create', out!, zone);
    assert.ok(built.ok);
    assert.equal(built.change.change.ResourceRecordSet.AliasTarget?.HostedZoneId, 'ZONE1');
  });

  void it('drops alias properties from plain A records', () => {
    const a = createEndpoint({ dnsName: 'app.example.com', recordType: 'A', targets: ['192.0.2.1'], providerSpecific: { alias: 'false', [PROP.evaluateTargetHealth]: 'true' } });
    assert.deepEqual(adjustEndpoints([a], opts)[0]?.providerSpecific, {});
  });

  void it('turns an apex CNAME into an alias when the target is in the same zone', () => {
    const apex = createEndpoint({ dnsName: 'example.com', recordType: 'CNAME', targets: ['www.example.com'] });
    const out = adjustEndpoints([apex], opts);
    assert.deepEqual(out.map((e) => [e.recordType, e.providerSpecific[PROP.alias]]), [['A', 'true']]);
  });

  void it('refuses a CNAME at the zone apex whose target cannot be aliased', () => {
    const apex = createEndpoint({ dnsName: 'example.com', recordType: 'CNAME', targets: ['lb.example.net'] });
    const [out] = adjustEndpoints([apex], opts);
    assert.equal(out?.recordType, 'CNAME');
    const built = buildChange('CREATE', 'create', out, zone);
    assert.equal(built.ok, false);
    assert.match(!built.ok ? built.reason : '', /CNAME is not allowed at the apex of zone example\.com/);
  });

  void it('spells routing properties as they are read back, so the plan does not churn', () => {
    const e = createEndpoint({ dnsName: 'r.example.com', recordType: 'TXT', targets: ['"x"'], setIdentifier: 's', providerSpecific: { [PROP.weight]: '080', [PROP.failover]: 'primary', [PROP.multiValueAnswer]: 'true' } });
    assert.deepEqual(adjustEndpoints([e], opts)[0]?.providerSpecific, { [PROP.weight]: '80', [PROP.failover]: 'PRIMARY', [PROP.multiValueAnswer]: '' });
  });

  void it('gives geoproximity records without a bias the bias 0', () => {
    const a = createEndpoint({ dnsName: 'geo.example.com', recordType: 'A', targets: ['192.0.2.1'], setIdentifier: 'g1', providerSpecific: { [PROP.geoproximityRegion]: 'us-east-1' } });
    assert.equal(adjustEndpoints([a], opts)[0]?.providerSpecific[PROP.geoproximityBias], '0');
  });
});
