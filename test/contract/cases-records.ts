/**
 * Contract cases about record sets: every record type, every routing policy, aliases, paging.
 * @module
 */
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { PROP, type Endpoint } from '../../src/endpoint/index.ts';
import { adjusted, changes, diff, ep, type ContractContext, type ContractFixture } from './contract-support.ts';

export function recordCases(ctx: ContractContext): void {
  const { fixture, skip, applyAndCheck } = ctx;

  void it('creates, updates and deletes A, AAAA, CNAME, TXT, SRV, MX and non-apex NS records', async () => {
    await recordTypes(await fixture(), false);
  });

  void it('creates, updates and deletes CAA records', skip('caa'), async () => {
    await recordTypes(await fixture(), true);
  });

  async function recordTypes(f: ContractFixture, caa: boolean): Promise<void> {
    const v1 = await adjusted(f.provider, caa
      ? [ep('example.com', 'CAA', ['0 issue "letsencrypt.org"']), ep('www.example.org', 'CAA', ['0 iodef "mailto:sec@example.org"'], { ttl: 60 })]
      : [
          ep('a.example.com', 'A', ['192.0.2.1', '192.0.2.2'], { ttl: 60 }),
          ep('a.example.com', 'AAAA', ['2001:db8::1']),
          ep('www.example.com', 'CNAME', ['lb.example.net']),
          ep('note.example.org', 'TXT', ['"hello world"', '"v=spf1 -all"']),
          ep('_sip._tcp.example.com', 'SRV', ['0 50 5060 sip.example.com.']),
          ep('mail.example.org', 'MX', ['10 mx1.example.org.', '20 mx2.example.org.']),
          ep('sub.example.com', 'NS', ['ns1.example.net.', 'ns2.example.net.']),
          ep('*.apps.example.com', 'A', ['192.0.2.10']),
        ]);
    await applyAndCheck(f, changes({ create: v1 }), v1);
    // Every record set gets new values and a new TTL; updateOld is what the provider reported.
    const current = await f.provider.records();
    const v2 = v1.map((e) => ({ ...e, ttl: 120, targets: e.recordType === 'A' ? ['192.0.2.3'] : e.targets.map((t) => t.replace(/example\.(net|org|com)/, 'example.info')) }));
    const d = diff(current, await adjusted(f.provider, v2));
    assert.equal(d.updateNew.length, v1.length);
    await applyAndCheck(f, d, await adjusted(f.provider, v2));
    await applyAndCheck(f, diff(await f.provider.records(), []), []);
  }

  void it('writes every routing policy with set identifiers and reads it back unchanged', skip('routing-policies'), async () => {
    const f = await fixture();
    const hc = await f.healthCheckId();
    const a = (n: string, ip: string, set: string, p: Record<string, string>): Endpoint => ep(`${n}.example.com`, 'A', [ip], { setIdentifier: set, providerSpecific: p });
    const v1 = await adjusted(f.provider, [
      a('w', '198.51.100.1', 'v1', { [PROP.weight]: '80' }),
      a('w', '198.51.100.2', 'v2', { [PROP.weight]: '20' }),
      a('lat', '198.51.100.3', 'eu', { [PROP.region]: 'eu-west-1' }),
      a('lat', '198.51.100.4', 'us', { [PROP.region]: 'us-east-1' }),
      a('fo', '198.51.100.5', 'primary', { [PROP.failover]: 'PRIMARY', [PROP.healthCheckId]: hc }),
      a('fo', '198.51.100.6', 'secondary', { [PROP.failover]: 'SECONDARY' }),
      a('geo', '198.51.100.7', 'eu', { [PROP.geoContinent]: 'EU' }),
      a('geo', '198.51.100.8', 'de', { [PROP.geoCountry]: 'DE' }),
      a('geo', '198.51.100.9', 'us-ca', { [PROP.geoCountry]: 'US', [PROP.geoSubdivision]: 'CA' }),
      a('geo', '198.51.100.10', 'default', { [PROP.geoCountry]: '*' }),
      a('prox', '198.51.100.11', 'r', { [PROP.geoproximityRegion]: 'us-east-1', [PROP.geoproximityBias]: '0' }),
      a('prox', '198.51.100.12', 'c', { [PROP.geoproximityCoordinates]: '49.22,-74.01', [PROP.geoproximityBias]: '20' }),
      a('mv', '198.51.100.13', 'one', { [PROP.multiValueAnswer]: '', [PROP.healthCheckId]: hc }),
      a('mv', '198.51.100.14', 'two', { [PROP.multiValueAnswer]: '' }),
    ]);
    await applyAndCheck(f, changes({ create: v1 }), v1);
    // Change one weight, move one latency record, drop one geolocation set.
    const v2 = v1
      .filter((e) => !(e.dnsName === 'geo.example.com' && e.setIdentifier === 'de'))
      .map((e) => (e.dnsName === 'w.example.com' && e.setIdentifier === 'v2' ? { ...e, providerSpecific: { ...e.providerSpecific, [PROP.weight]: '0' } } : e))
      .map((e) => (e.dnsName === 'lat.example.com' && e.setIdentifier === 'eu' ? { ...e, targets: ['198.51.100.30'] } : e));
    const d = diff(await f.provider.records(), v2);
    assert.deepEqual([d.create.length, d.updateNew.length, d.delete.length], [0, 2, 1]);
    await applyAndCheck(f, d, v2);
    // Both weighted sets become latency sets in one apply: same identity, another policy.
    const v3 = await adjusted(f.provider, v2.map((e) => (e.dnsName === 'w.example.com' ? { ...e, providerSpecific: { [PROP.region]: e.setIdentifier === 'v1' ? 'eu-central-1' : 'ap-south-1' } } : e)));
    const d3 = diff(await f.provider.records(), v3);
    assert.equal(d3.updateNew.length, 2);
    await applyAndCheck(f, d3, v3);
  });

  void it('replaces an A record with a CNAME at the same name in one apply (delete and create together)', skip('replace-type'), async () => {
    const f = await fixture();
    const v1 = await adjusted(f.provider, [ep('swap.example.com', 'A', ['192.0.2.70']), ep('stay.example.com', 'A', ['192.0.2.71'])]);
    await applyAndCheck(f, changes({ create: v1 }), v1);
    const [cname] = await adjusted(f.provider, [ep('swap.example.com', 'CNAME', ['target.example.net'])]);
    const current = (await f.provider.records()).find((e) => e.dnsName === 'swap.example.com' && e.recordType === 'A')!;
    await applyAndCheck(f, changes({ delete: [current], create: [cname!] }), [v1[1]!, cname!]);
    // And back, this time as one update whose old and new types differ.
    const [a] = await adjusted(f.provider, [ep('swap.example.com', 'A', ['192.0.2.72'])]);
    const old = (await f.provider.records()).find((e) => e.dnsName === 'swap.example.com')!;
    await applyAndCheck(f, changes({ updateOld: [old], updateNew: [a!] }), [v1[1]!, a!]);
  });

  void it('pages through 1,000+ record sets, weighted sets included, and returns exactly what was written', skip('pagination'), async () => {
    const f = await fixture();
    const plain = Array.from({ length: 900 }, (_, i) => ep(`host${String(i).padStart(4, '0')}.example.com`, 'A', [`10.${i >> 8}.${i & 255}.1`]));
    const weighted = Array.from({ length: 100 }, (_, i) =>
      [1, 2, 3].map((k) => ep(`svc${i}.example.com`, 'A', [`10.200.${i}.${k}`], { setIdentifier: `set-${k}`, providerSpecific: { [PROP.weight]: String(k * 10) } })),
    ).flat();
    const other = Array.from({ length: 150 }, (_, i) => ep(`t${i}.example.org`, 'TXT', [`"value ${i}"`]));
    const all = await adjusted(f.provider, [...plain, ...weighted, ...other]);
    assert.equal(all.length, 1350);
    await applyAndCheck(f, changes({ create: all }), all);
  });

  void it('writes aliases: an ELB CNAME becomes A+AAAA aliases, and same-zone aliases resolve in their zone', skip('alias'), async () => {
    const f = await fixture();
    const target = await adjusted(f.provider, [ep('app.example.com', 'A', ['192.0.2.60'])]);
    await applyAndCheck(f, changes({ create: target }), target);
    const aliases = await adjusted(f.provider, [
      ep('lb.example.com', 'CNAME', ['my-lb-1234567890.us-east-1.elb.amazonaws.com']),
      ep('short.example.com', 'A', ['app.example.com'], { providerSpecific: { [PROP.alias]: 'true' } }),
      ep('example.com', 'CNAME', ['app.example.com']),
    ]);
    assert.deepEqual(
      aliases.map((e) => `${e.dnsName} ${e.recordType} ${e.providerSpecific[PROP.alias] ?? '-'}`).sort(),
      ['example.com A true', 'lb.example.com A true', 'lb.example.com AAAA true', 'short.example.com A true'],
    );
    await applyAndCheck(f, changes({ create: aliases }), [...target, ...aliases]);
    await applyAndCheck(f, diff(await f.provider.records(), []), []);
  });
}
