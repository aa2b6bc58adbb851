import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SourceResult } from '../source.ts';
import { ALPHA_ANNOTATION_PREFIX, ANNOTATION_PREFIX } from './annotation-keys.ts';
import { loadBalancerService } from './test-objects.ts';
import { translateObjects } from './translate.ts';

const RESOURCE = 'service/default/web';
const LONG_LABEL = 'a'.repeat(64);

type Case = {
  name: string;
  /** Annotation suffixes → values; `hostname: app.example.com` is added unless given. */
  annotations: Record<string, string>;
  check: (r: SourceResult, prefix: string) => void;
};

function run(annotations: Record<string, string>, prefix: string): SourceResult {
  const full: Record<string, string> = {};
  for (const [k, v] of Object.entries({ hostname: 'app.example.com', ...annotations })) full[prefix + k] = v;
  return translateObjects([loadBalancerService('web', full)]);
}

/** The single A endpoint's provider-specific map, asserting it exists. */
function props(r: SourceResult): Readonly<Record<string, string>> {
  assert.equal(r.endpoints.length, 1, JSON.stringify(r));
  return r.endpoints[0]!.providerSpecific;
}

function built(r: SourceResult): void {
  assert.deepEqual(r.problems.filter((p) => p.severity === 'error'), []);
  assert.equal(r.frozenResources.size, 0);
}

function frozenBy(suffix: string, value: string) {
  return (r: SourceResult, prefix: string): void => {
    assert.deepEqual(r.endpoints, [], 'nothing is built for a frozen object');
    assert.ok(r.frozenResources.has(RESOURCE));
    const p = r.problems.find((x) => x.severity === 'error' && x.field === prefix + suffix);
    assert.ok(p, `an error names ${prefix + suffix}: ${JSON.stringify(r.problems)}`);
    assert.equal(p.object, RESOURCE);
    assert.equal(p.value, value);
    assert.ok(p.message.length > 20);
  };
}

function warnedWith(suffix: string, value: string, check: (r: SourceResult) => void) {
  return (r: SourceResult, prefix: string): void => {
    built(r);
    const p = r.problems.find((x) => x.severity === 'warning' && x.field === prefix + suffix);
    assert.ok(p, `a warning names ${prefix + suffix}: ${JSON.stringify(r.problems)}`);
    assert.equal(p.value, value);
    assert.equal(p.object, RESOURCE);
    check(r);
  };
}

const routed = { 'set-identifier': 'eu' };

const CASES: Case[] = [
  { name: 'hostname list: spaces removed, trailing dots dropped', annotations: { hostname: 'a.example.com., B.example.com' }, check: (r) => {
    built(r);
    assert.deepEqual(r.endpoints.map((e) => e.dnsName), ['a.example.com', 'b.example.com']);
  } },
  { name: 'hostname with a 64-octet label is an error', annotations: { hostname: `${LONG_LABEL}.example.com` }, check: frozenBy('hostname', `${LONG_LABEL}.example.com`) },
  { name: 'hostname with an invalid character is an error', annotations: { hostname: 'bad_name!.example.com' }, check: frozenBy('hostname', 'bad_name!.example.com') },
  { name: 'internal-hostname points at the cluster IP', annotations: { hostname: '', 'internal-hostname': 'int.example.com' }, check: (r) => {
    built(r);
    assert.deepEqual(r.endpoints.map((e) => [e.dnsName, e.targets]), [['int.example.com', ['10.0.0.10']]]);
  } },
  { name: 'internal-hostname that is not a name is an error', annotations: { 'internal-hostname': '-x-.example.com' }, check: frozenBy('internal-hostname', '-x-.example.com') },
  { name: 'target overrides the load balancer, split into A and CNAME', annotations: { target: '203.0.113.5, lb.example.net.' }, check: (r) => {
    built(r);
    assert.deepEqual(r.endpoints.map((e) => [e.recordType, e.targets]), [['A', ['203.0.113.5']], ['CNAME', ['lb.example.net']]]);
  } },
  { name: 'target that is neither an IP nor a host name is an error', annotations: { target: 'not a host!' }, check: frozenBy('target', 'not a host!') },
  { name: 'ttl in seconds', annotations: { ttl: '60' }, check: (r) => { built(r); assert.equal(r.endpoints[0]?.ttl, 60); } },
  { name: 'ttl as Go duration 10m is 600', annotations: { ttl: '10m' }, check: (r) => { built(r); assert.equal(r.endpoints[0]?.ttl, 600); } },
  { name: 'ttl as Go duration 1h30m is 5400', annotations: { ttl: '1h30m' }, check: (r) => { built(r); assert.equal(r.endpoints[0]?.ttl, 5400); } },
  { name: 'ttl abc is a warning and the provider default (0)', annotations: { ttl: 'abc' }, check: warnedWith('ttl', 'abc', (r) => { assert.equal(r.endpoints[0]?.ttl, 0); }) },
  { name: 'ttl 0 is out of range: warning, default', annotations: { ttl: '0' }, check: warnedWith('ttl', '0', (r) => { assert.equal(r.endpoints[0]?.ttl, 0); }) },
  { name: 'ttl above 2^31-1 is a warning, default', annotations: { ttl: '2147483648' }, check: warnedWith('ttl', '2147483648', (r) => { assert.equal(r.endpoints[0]?.ttl, 0); }) },
  { name: 'alias true sets alias=true', annotations: { alias: 'true' }, check: (r) => { built(r); assert.equal(props(r).alias, 'true'); } },
  { name: 'alias false is ignored with a warning (ExternalDNS honours only "true")', annotations: { alias: 'false' }, check: warnedWith('alias', 'false', (r) => { assert.equal(props(r).alias, undefined); }) },
  { name: 'controller dns-controller is processed', annotations: { controller: 'dns-controller' }, check: (r) => { built(r); assert.equal(r.endpoints.length, 1); } },
  { name: 'controller other leaves the object out', annotations: { controller: 'someone-else' }, check: (r) => {
    assert.deepEqual([r.endpoints, r.problems, r.frozenResources.size], [[], [], 0]);
  } },
  { name: 'exclude true leaves the object out', annotations: { exclude: 'true' }, check: (r) => {
    assert.deepEqual([r.endpoints, r.problems, r.frozenResources.size], [[], [], 0]);
  } },
  { name: 'exclude with another value is ignored with a warning', annotations: { exclude: 'yes' }, check: warnedWith('exclude', 'yes', (r) => { assert.equal(r.endpoints.length, 1); }) },
  { name: 'set-identifier with weight', annotations: { ...routed, 'aws-weight': '80' }, check: (r) => {
    built(r);
    assert.equal(r.endpoints[0]?.setIdentifier, 'eu');
    assert.equal(props(r)['aws/weight'], '80');
  } },
  { name: 'weight -5 is an error', annotations: { ...routed, 'aws-weight': '-5' }, check: frozenBy('aws-weight', '-5') },
  { name: 'weight 300 is an error', annotations: { ...routed, 'aws-weight': '300' }, check: frozenBy('aws-weight', '300') },
  { name: 'weight without set-identifier is an error', annotations: { 'aws-weight': '10' }, check: frozenBy('aws-weight', '10') },
  { name: 'region us-east-1 gives latency routing', annotations: { ...routed, 'aws-region': 'us-east-1' }, check: (r) => { built(r); assert.equal(props(r)['aws/region'], 'us-east-1'); } },
  { name: 'region that is not an AWS region is an error', annotations: { ...routed, 'aws-region': 'Mars' }, check: frozenBy('aws-region', 'Mars') },
  { name: 'failover PRIMARY', annotations: { ...routed, 'aws-failover': 'PRIMARY' }, check: (r) => { built(r); assert.equal(props(r)['aws/failover'], 'PRIMARY'); } },
  { name: 'failover MAYBE is an error', annotations: { ...routed, 'aws-failover': 'MAYBE' }, check: frozenBy('aws-failover', 'MAYBE') },
  { name: 'weight and failover together is an error', annotations: { ...routed, 'aws-weight': '1', 'aws-failover': 'PRIMARY' }, check: frozenBy('aws-failover', 'PRIMARY') },
  { name: 'continent EU', annotations: { ...routed, 'aws-geolocation-continent-code': 'EU' }, check: (r) => {
    built(r);
    assert.equal(props(r)['aws/geolocation-continent-code'], 'EU');
  } },
  { name: 'continent XX is an error', annotations: { ...routed, 'aws-geolocation-continent-code': 'XX' }, check: frozenBy('aws-geolocation-continent-code', 'XX') },
  { name: 'continent mixed with country is an error', annotations: { ...routed, 'aws-geolocation-continent-code': 'EU', 'aws-geolocation-country-code': 'DE' }, check: frozenBy('aws-geolocation-country-code', 'DE') },
  { name: 'country US with subdivision CA', annotations: { ...routed, 'aws-geolocation-country-code': 'US', 'aws-geolocation-subdivision-code': 'CA' }, check: (r) => {
    built(r);
    assert.equal(props(r)['aws/geolocation-country-code'], 'US');
    assert.equal(props(r)['aws/geolocation-subdivision-code'], 'CA');
  } },
  { name: 'country * is the default location', annotations: { ...routed, 'aws-geolocation-country-code': '*' }, check: (r) => { built(r); assert.equal(props(r)['aws/geolocation-country-code'], '*'); } },
  { name: 'country usa is an error', annotations: { ...routed, 'aws-geolocation-country-code': 'usa' }, check: frozenBy('aws-geolocation-country-code', 'usa') },
  { name: 'subdivision without country is an error', annotations: { ...routed, 'aws-geolocation-subdivision-code': 'CA' }, check: frozenBy('aws-geolocation-subdivision-code', 'CA') },
  { name: 'subdivision with a bad code is an error', annotations: { ...routed, 'aws-geolocation-country-code': 'US', 'aws-geolocation-subdivision-code': 'CALI' }, check: frozenBy('aws-geolocation-subdivision-code', 'CALI') },
  { name: 'geoproximity region gets bias 0 by default', annotations: { ...routed, 'aws-geoproximity-region': 'us-west-2' }, check: (r) => {
    built(r);
    assert.equal(props(r)['aws/geoproximity-region'], 'us-west-2');
    assert.equal(props(r)['aws/geoproximity-bias'], '0');
  } },
  { name: 'geoproximity local zone group with bias -20', annotations: { ...routed, 'aws-geoproximity-local-zone-group': 'us-west-2-lax-1', 'aws-geoproximity-bias': '-20' }, check: (r) => {
    built(r);
    assert.equal(props(r)['aws/geoproximity-local-zone-group'], 'us-west-2-lax-1');
    assert.equal(props(r)['aws/geoproximity-bias'], '-20');
  } },
  { name: 'geoproximity coordinates', annotations: { ...routed, 'aws-geoproximity-coordinates': '49.22,-74.01' }, check: (r) => { built(r); assert.equal(props(r)['aws/geoproximity-coordinates'], '49.22,-74.01'); } },
  { name: 'geoproximity latitude 91 is an error', annotations: { ...routed, 'aws-geoproximity-coordinates': '91,0' }, check: frozenBy('aws-geoproximity-coordinates', '91,0') },
  { name: 'geoproximity longitude -181 is an error', annotations: { ...routed, 'aws-geoproximity-coordinates': '0,-181' }, check: frozenBy('aws-geoproximity-coordinates', '0,-181') },
  { name: 'geoproximity bias 100 is an error', annotations: { ...routed, 'aws-geoproximity-region': 'us-west-2', 'aws-geoproximity-bias': '100' }, check: frozenBy('aws-geoproximity-bias', '100') },
  { name: 'geoproximity bias alone is an error', annotations: { ...routed, 'aws-geoproximity-bias': '5' }, check: frozenBy('aws-geoproximity-bias', '5') },
  { name: 'geoproximity with two locations is an error', annotations: { ...routed, 'aws-geoproximity-region': 'us-west-2', 'aws-geoproximity-coordinates': '1,1' }, check: frozenBy('aws-geoproximity-coordinates', '1,1') },
  { name: 'multi-value answer: presence gives an empty property', annotations: { ...routed, 'aws-multi-value-answer': 'whatever' }, check: (r) => { built(r); assert.equal(props(r)['aws/multi-value-answer'], ''); } },
  { name: 'multi-value answer without set-identifier is an error', annotations: { 'aws-multi-value-answer': '' }, check: frozenBy('aws-multi-value-answer', '') },
  { name: 'health check id is passed through', annotations: { 'aws-health-check-id': 'abcdef11-2222-3333-4444-555555fedcba' }, check: (r) => {
    built(r);
    assert.equal(props(r)['aws/health-check-id'], 'abcdef11-2222-3333-4444-555555fedcba');
  } },
  { name: 'health check id that is not a UUID is an error', annotations: { 'aws-health-check-id': 'my-check' }, check: frozenBy('aws-health-check-id', 'my-check') },
  { name: 'target hosted zone that is not a zone id is an error', annotations: { 'aws-target-hosted-zone': 'not a zone' }, check: frozenBy('aws-target-hosted-zone', 'not a zone') },
  { name: 'hosted zone id that is not a zone id is an error', annotations: { 'aws-hosted-zone-id': 'example.com' }, check: frozenBy('aws-hosted-zone-id', 'example.com') },
  { name: 'geoproximity region that is not an AWS region is an error', annotations: { ...routed, 'aws-geoproximity-region': 'Europe' }, check: frozenBy('aws-geoproximity-region', 'Europe') },
  { name: 'geoproximity local zone group that is not a group name is an error', annotations: { ...routed, 'aws-geoproximity-local-zone-group': 'LAX!' }, check: frozenBy('aws-geoproximity-local-zone-group', 'LAX!') },
  { name: 'record-type other than ptr warns and is passed on', annotations: { 'record-type': 'mx' }, check: warnedWith('record-type', 'mx', (r) => { assert.equal(props(r)['record-type'], 'mx'); }) },
  { name: 'endpoints-type with an unknown value warns', annotations: { 'endpoints-type': 'PodIP' }, check: warnedWith('endpoints-type', 'PodIP', (r) => { assert.equal(r.endpoints.length, 1); }) },
  { name: 'set-identifier alone is passed on', annotations: { 'set-identifier': 'blue' }, check: (r) => { built(r); assert.equal(r.endpoints[0]?.setIdentifier, 'blue'); } },
  { name: 'cloudflare-proxied keeps its full alpha key as the property name', annotations: { 'cloudflare-proxied': 'true' }, check: (r) => {
    built(r);
    assert.equal(props(r)['external-dns.alpha.kubernetes.io/cloudflare-proxied'], 'true');
  } },
  { name: 'evaluate-target-health false', annotations: { 'aws-evaluate-target-health': 'false' }, check: (r) => { built(r); assert.equal(props(r)['aws/evaluate-target-health'], 'false'); } },
  { name: 'evaluate-target-health yes is ignored with a warning', annotations: { 'aws-evaluate-target-health': 'yes' }, check: warnedWith('aws-evaluate-target-health', 'yes', (r) => {
    assert.equal(props(r)['aws/evaluate-target-health'], undefined);
  }) },
  { name: 'target hosted zone and hosted zone id are passed through', annotations: { 'aws-target-hosted-zone': 'Z35SXDOTRQ7X7K', 'aws-hosted-zone-id': 'Z0123' }, check: (r) => {
    built(r);
    assert.equal(props(r)['aws/target-hosted-zone'], 'Z35SXDOTRQ7X7K');
    assert.equal(props(r)['aws/hosted-zone-id'], 'Z0123');
  } },
  { name: 'record-type is passed through as record-type', annotations: { 'record-type': 'ptr' }, check: (r) => { built(r); assert.equal(props(r)['record-type'], 'ptr'); } },
  { name: 'webhook-x maps to webhook/x', annotations: { 'webhook-flavour': 'blue' }, check: (r) => { built(r); assert.equal(props(r)['webhook/flavour'], 'blue'); } },
];

for (const prefix of [ANNOTATION_PREFIX, ALPHA_ANNOTATION_PREFIX]) {
  void describe(`annotations under ${prefix}`, () => {
    for (const c of CASES) {
      void it(c.name, () => {
        c.check(run(c.annotations, prefix), prefix);
      });
    }
  });
}

void describe('annotation prefixes', () => {
  void it('prefers external-dns.kubernetes.io/ over the alpha prefix and warns naming both keys', () => {
    const r = translateObjects([
      loadBalancerService('web', {
        [`${ALPHA_ANNOTATION_PREFIX}hostname`]: 'old.example.com',
        [`${ANNOTATION_PREFIX}hostname`]: 'new.example.com',
      }),
    ]);
    assert.deepEqual(r.endpoints.map((e) => e.dnsName), ['new.example.com']);
    assert.equal(r.problems.length, 1);
    const p = r.problems[0]!;
    assert.equal(p.severity, 'warning');
    assert.equal(p.field, `${ANNOTATION_PREFIX}hostname`);
    assert.match(p.message, /external-dns\.alpha\.kubernetes\.io\/hostname/);
  });

  void it('says nothing when both prefixes hold the same value', () => {
    const r = translateObjects([
      loadBalancerService('web', { [`${ALPHA_ANNOTATION_PREFIX}hostname`]: 'a.example.com', [`${ANNOTATION_PREFIX}hostname`]: 'a.example.com' }),
    ]);
    assert.deepEqual(r.problems, []);
    assert.equal(r.endpoints.length, 1);
  });
});
