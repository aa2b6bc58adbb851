import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createDomainFilter } from './domain-filter.ts';
import { createEndpoint, endpointKey, fromWire, toWire } from './endpoint.ts';
import { normalizeName, zoneOf } from './name.ts';
import { canonicalTargets, compareTargets, sameTargets, suitableType } from './targets.ts';

describe('normalizeName', () => {
  const good: [string, string][] = [
    ['Web.Example.COM.', 'web.example.com'],
    ['bücher.example', 'xn--bcher-kva.example'],
    ['*.apps.example.com', '*.apps.example.com'],
    ['_http._tcp.example.com', '_http._tcp.example.com'],
    [`${'a'.repeat(63)}.example.com`, `${'a'.repeat(63)}.example.com`],
  ];
  for (const [raw, want] of good) {
    it(`normalises ${raw} to ${want}`, () => {
      assert.deepEqual(normalizeName(raw), { ok: true, name: want });
    });
  }
  const bad: [string, RegExp][] = [
    ['', /empty/],
    [`${'a'.repeat(64)}.example.com`, /64 octets long; the limit is 63/],
    ['a.*.example.com', /wildcard/],
    ['a..example.com', /empty label/],
    ['-a.example.com', /may not start or end with "-"/],
    ['exa$mple.com', /may only hold/],
    [Array.from({ length: 5 }, () => 'a'.repeat(60)).join('.'), /limit is 253/],
  ];
  for (const [raw, why] of bad) {
    it(`refuses "${raw.slice(0, 40)}"`, () => {
      const result = normalizeName(raw);
      assert.equal(result.ok, false);
      assert.match(result.ok ? '' : result.reason, why);
    });
  }
  it('allows a literal * inside a label only when asked (ownership TXT names)', () => {
    assert.equal(normalizeName('a-*.apps.example.com').ok, false);
    assert.deepEqual(normalizeName('a-*.apps.example.com', { literalAsterisk: true }), { ok: true, name: 'a-*.apps.example.com' });
  });
});

describe('targets', () => {
  it('treats targets as a set: order, case, trailing dots and duplicates do not matter', () => {
    const a = canonicalTargets('CNAME', ['LB.Example.net.', 'lb.example.net']);
    assert.deepEqual(a, ['lb.example.net']);
    assert.ok(sameTargets(canonicalTargets('A', ['10.0.0.2', '10.0.0.1']), canonicalTargets('A', ['10.0.0.1', '10.0.0.2'])));
  });
  it('writes IPv6 in its canonical short form', () => {
    assert.deepEqual(canonicalTargets('AAAA', ['2001:DB8:0:0:0:0:0:1']), ['2001:db8::1']);
  });
  it('keeps TXT targets verbatim, case included', () => {
    assert.deepEqual(canonicalTargets('TXT', ['"Hello"']), ['"Hello"']);
  });
  it('orders like ExternalDNS: fewer targets first, IPs before hostnames, IPs by address', () => {
    assert.ok(compareTargets(['10.0.0.1'], ['10.0.0.1', '10.0.0.2']) < 0);
    assert.ok(compareTargets(['10.0.0.9'], ['a.example.com']) < 0);
    assert.ok(compareTargets(['10.0.0.9'], ['10.0.0.10']) < 0);
    assert.ok(compareTargets(['b.example.com'], ['a.example.com']) > 0);
  });
  it('picks A, AAAA or CNAME by the target', () => {
    assert.equal(suitableType('192.0.2.1'), 'A');
    assert.equal(suitableType('2001:db8::1'), 'AAAA');
    assert.equal(suitableType('lb.example.net'), 'CNAME');
  });
});

describe('endpoint', () => {
  it('keys a record set by name, type and set identifier', () => {
    const e = createEndpoint({ dnsName: 'App.example.com', recordType: 'A', targets: ['192.0.2.1'], setIdentifier: 'v1' });
    assert.equal(endpointKey(e), 'app.example.com A v1');
  });
  it('round-trips the ExternalDNS wire shape', () => {
    const e = createEndpoint({
      dnsName: 'app.example.com',
      recordType: 'A',
      targets: ['192.0.2.1'],
      setIdentifier: 'v1',
      ttl: 60,
      labels: { owner: 'o' },
      providerSpecific: { 'aws/weight': '10' },
    });
    const wire = toWire(e);
    assert.deepEqual(wire.providerSpecific, [{ name: 'aws/weight', value: '10' }]);
    assert.deepEqual(fromWire(wire), { ok: true, endpoint: e });
  });
  it('stores a provider-specific property named __proto__ as data', () => {
    const parsed = fromWire({ dnsName: 'a.example.com', recordType: 'A', targets: ['192.0.2.1'], providerSpecific: [{ name: '__proto__', value: 'x' }] });
    assert.ok(parsed.ok);
    assert.equal(Object.getPrototypeOf(parsed.endpoint.providerSpecific), Object.prototype);
    assert.equal(Object.getOwnPropertyDescriptor(parsed.endpoint.providerSpecific, '__proto__')?.value, 'x');
  });

  it('refuses an unknown record type from the wire', () => {
    assert.deepEqual(fromWire({ dnsName: 'a.example.com', recordType: 'NAPTR' }), { ok: false, reason: 'unsupported record type "NAPTR"' });
  });
});

describe('zones and domain filters', () => {
  it('finds the longest zone holding a name', () => {
    assert.equal(zoneOf('a.b.example.com', ['example.com', 'b.example.com']), 'b.example.com');
    assert.equal(zoneOf('example.org', ['example.com']), undefined);
  });
  it('matches a domain and its subdomains, a leading dot only subdomains, and lets exclusion win', () => {
    const f = createDomainFilter({ include: ['example.com', '.sub.example.org'], exclude: ['private.example.com'] });
    assert.ok(f('example.com'));
    assert.ok(f('a.example.com'));
    assert.ok(!f('private.example.com'));
    assert.ok(!f('x.private.example.com'));
    assert.ok(!f('sub.example.org'));
    assert.ok(f('a.sub.example.org'));
    assert.ok(!f('notexample.com'));
  });
  it('uses the regex filters instead of the plain ones when set', () => {
    const f = createDomainFilter({ include: ['example.com'], regexInclude: '\\.example\\.org$', regexExclude: '^internal' });
    assert.ok(!f('a.example.com'));
    assert.ok(f('a.example.org'));
    assert.ok(!f('internal.example.org'));
  });
});
