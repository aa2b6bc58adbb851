import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { brief, dnsEndpoint } from './test-objects.ts';
import { translateObjects } from './translate.ts';

void describe('DNSEndpoint translation', () => {
  void it('reproduces reference vector 5: a wildcard A record labelled crd/<ns>/<name>', () => {
    const r = translateObjects([dnsEndpoint('apps-wildcard', 'dns', [{ dnsName: '*.apps.example.com', recordType: 'A', targets: ['192.0.2.10'] }])]);
    assert.deepEqual(r.problems, []);
    assert.deepEqual(r.endpoints.map(brief), [
      { dnsName: '*.apps.example.com', recordType: 'A', targets: ['192.0.2.10'], setIdentifier: '', ttl: 0, labels: { resource: 'crd/dns/apps-wildcard' }, providerSpecific: {} },
    ]);
  });

  void it('reproduces reference vector 6: user labels are kept beside the resource label', () => {
    const r = translateObjects([dnsEndpoint('records', 'dns', [{ dnsName: 'pay.example.com', recordType: 'CNAME', targets: ['lb.example.net'], labels: { team: 'payments' } }])]);
    assert.deepEqual(r.endpoints[0]?.labels, { resource: 'crd/dns/records', team: 'payments' });
  });

  void it('reads every field of the schema', () => {
    const r = translateObjects([
      dnsEndpoint('full', 'ns', [
        { dnsName: 'w.example.com.', recordType: 'A', targets: ['192.0.2.1'], setIdentifier: 'one', recordTTL: 120, providerSpecific: [{ name: 'aws/weight', value: '10' }] },
        { dnsName: 'example.com', recordType: 'MX', targets: ['10 mail.example.com'] },
        { dnsName: '_sip._tcp.example.com', recordType: 'SRV', targets: ['0 5 5060 sip.example.com.'] },
        { dnsName: 'example.com', recordType: 'TXT', targets: ['v=spf1 -all'] },
        { dnsName: 'example.com', recordType: 'CAA', targets: ['0 issue "letsencrypt.org"'] },
        { dnsName: 'sub.example.com', recordType: 'NS', targets: ['ns1.example.net'] },
        { dnsName: 'v6.example.com', recordType: 'AAAA', targets: ['2001:db8::1'] },
        { dnsName: 'alias.example.com', recordType: 'A', targets: ['lb.elb.amazonaws.com'], providerSpecific: [{ name: 'alias', value: 'true' }] },
      ]),
    ]);
    assert.deepEqual(r.problems, []);
    assert.equal(r.endpoints.length, 8);
    const w = r.endpoints.find((e) => e.dnsName === 'w.example.com');
    assert.deepEqual([w?.setIdentifier, w?.ttl, w?.providerSpecific], ['one', 120, { 'aws/weight': '10' }]);
  });

  const BAD: [string, Record<string, unknown>, string][] = [
    ['an unsupported record type', { dnsName: 'a.example.com', recordType: 'PTR', targets: ['x.example.com'] }, 'recordType'],
    ['a missing dnsName', { recordType: 'A', targets: ['192.0.2.1'] }, 'dnsName'],
    ['a dnsName with a 64-octet label', { dnsName: `${'a'.repeat(64)}.example.com`, recordType: 'A', targets: ['192.0.2.1'] }, 'dnsName'],
    ['an A record with an IPv6 target', { dnsName: 'a.example.com', recordType: 'A', targets: ['2001:db8::1'] }, 'targets[0]'],
    ['an AAAA record with an IPv4 target', { dnsName: 'a.example.com', recordType: 'AAAA', targets: ['192.0.2.1'] }, 'targets[0]'],
    ['an A record with a host name target', { dnsName: 'a.example.com', recordType: 'A', targets: ['host.example.com'] }, 'targets[0]'],
    ['a CNAME with an invalid target', { dnsName: 'a.example.com', recordType: 'CNAME', targets: ['not a host!'] }, 'targets[0]'],
    ['a CNAME with two targets', { dnsName: 'a.example.com', recordType: 'CNAME', targets: ['a.example.net', 'b.example.net'] }, 'targets'],
    ['an MX without priority', { dnsName: 'a.example.com', recordType: 'MX', targets: ['mail.example.com'] }, 'targets[0]'],
    ['an SRV with three fields', { dnsName: '_a._tcp.example.com', recordType: 'SRV', targets: ['0 5 host.example.com'] }, 'targets[0]'],
    ['a negative recordTTL', { dnsName: 'a.example.com', recordType: 'A', targets: ['192.0.2.1'], recordTTL: -1 }, 'recordTTL'],
    ['targets that are not strings', { dnsName: 'a.example.com', recordType: 'A', targets: [1] }, 'targets'],
    ['a malformed providerSpecific entry', { dnsName: 'a.example.com', recordType: 'A', targets: ['192.0.2.1'], providerSpecific: [{ value: 'x' }] }, 'providerSpecific[0]'],
    ['alias on a TXT record', { dnsName: 'a.example.com', recordType: 'TXT', targets: ['x'], providerSpecific: [{ name: 'alias', value: 'true' }] }, 'providerSpecific'],
    ['a label value with a comma', { dnsName: 'a.example.com', recordType: 'A', targets: ['192.0.2.1'], labels: { team: 'a,b' } }, 'labels.team'],
  ];
  for (const [what, endpoint, field] of BAD) {
    void it(`freezes the whole object for ${what}, naming spec.endpoints[1].${field}`, () => {
      const good = { dnsName: 'good.example.com', recordType: 'A', targets: ['192.0.2.9'] };
      const r = translateObjects([dnsEndpoint('recs', 'dns', [good, endpoint])]);
      assert.deepEqual(r.endpoints, []);
      assert.deepEqual([...r.frozenResources], ['crd/dns/recs']);
      const p = r.problems.find((x) => x.field === `spec.endpoints[1].${field}`);
      assert.ok(p, JSON.stringify(r.problems));
      assert.equal(p.severity, 'error');
      assert.equal(p.object, 'crd/dns/recs');
    });
  }

  void it('an endpoints field that is not a list is an error', () => {
    const obj = { apiVersion: 'externaldns.k8s.io/v1alpha1', kind: 'DNSEndpoint', metadata: { name: 'x' }, spec: { endpoints: 'oops' } };
    const r = translateObjects([obj]);
    assert.deepEqual([r.problems[0]?.field, [...r.frozenResources]], ['spec.endpoints', ['crd/default/x']]);
  });

  void it('does not interpret ExternalDNS annotations on a DNSEndpoint other than exclude/controller', () => {
    const obj = dnsEndpoint('x', 'ns', [{ dnsName: 'a.example.com', recordType: 'A', targets: ['192.0.2.1'] }]);
    (obj.metadata as Record<string, unknown>).annotations = { 'external-dns.kubernetes.io/ttl': 'abc' };
    const r = translateObjects([obj]);
    assert.deepEqual([r.problems, r.endpoints.length], [[], 1]);
  });
});
