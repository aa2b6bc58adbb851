import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { createEndpoint, endpointKey, compareEndpoints, type Endpoint, type RecordType } from '../../endpoint/index.ts';
import { quoteBytes } from './presentation.ts';
import { emptyZone, parseZoneFile, writeZoneFile, ZoneFileError, type ZoneFile } from './zone-file.ts';

const ZONE = 'example.com';
const ep = (dnsName: string, recordType: RecordType, targets: string[], extra: Partial<Parameters<typeof createEndpoint>[0]> = {}) =>
  createEndpoint({ dnsName, recordType, targets, ...extra });
const zoneWith = (records: Endpoint[]): ZoneFile => ({ ...emptyZone(ZONE), records: [...records].sort(compareEndpoints) });
const roundTrip = (z: ZoneFile) => parseZoneFile(writeZoneFile(z), ZONE, 'test.zone');

const label = fc.stringMatching(/^[a-z0-9](?:[a-z0-9_-]{0,6}[a-z0-9])?$/);
const host = fc.array(label, { minLength: 1, maxLength: 3 }).map((l) => `${l.join('.')}.example.net`);
const ownerName = fc.oneof(
  fc.constant(ZONE),
  fc.array(label, { minLength: 1, maxLength: 3 }).map((l) => `${l.join('.')}.${ZONE}`),
  fc.array(label, { minLength: 0, maxLength: 2 }).map((l) => ['*', ...l, ZONE].join('.')),
);
const u16 = fc.nat(65535);
const anyText = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.string({ unit: 'binary-ascii' }),
  fc.string({ minLength: 250, maxLength: 600 }),
  fc.array(fc.string({ unit: 'binary-ascii', maxLength: 30 }), { minLength: 1, maxLength: 3 }).map((ss) => ss.map((s) => quoteBytes(Buffer.from(s))).join(' ')),
);
const noBreaks = (s: string) => !/[\r\n]/.test(s) && s.trim() !== '';
const valueFor: Record<RecordType, fc.Arbitrary<string[]>> = {
  A: fc.array(fc.ipV4(), { minLength: 1, maxLength: 3 }),
  AAAA: fc.array(fc.ipV6(), { minLength: 1, maxLength: 3 }),
  CNAME: host.map((h) => [h]),
  NS: fc.array(host, { minLength: 1, maxLength: 2 }),
  MX: fc.array(fc.tuple(u16, host).map(([p, h]) => `${p} ${h}`), { minLength: 1, maxLength: 2 }),
  SRV: fc.array(fc.tuple(u16, u16, u16, host).map(([a, b, c, h]) => `${a} ${b} ${c} ${h}`), { minLength: 1, maxLength: 2 }),
  CAA: fc.array(
    fc.tuple(fc.nat(255), fc.constantFrom('issue', 'issuewild', 'iodef'), fc.string({ unit: 'binary-ascii', maxLength: 20 })).map(([f, t, v]) => `${f} ${t} ${quoteBytes(Buffer.from(v))}`),
    { minLength: 1, maxLength: 2 },
  ),
  TXT: fc.array(anyText.filter(noBreaks), { minLength: 1, maxLength: 3 }),
};
const record = fc
  .constantFrom<RecordType>('A', 'AAAA', 'CNAME', 'NS', 'MX', 'SRV', 'CAA', 'TXT')
  .chain((type) =>
    fc.record({
      dnsName: ownerName,
      recordType: fc.constant(type),
      targets: valueFor[type],
      setIdentifier: fc.oneof(fc.constant(''), fc.string({ minLength: 1 }), fc.string({ unit: 'grapheme', minLength: 1, maxLength: 8 })),
      ttl: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 0x7fffffff })),
      providerSpecific: fc.dictionary(fc.string({ minLength: 1, maxLength: 12 }), fc.string({ maxLength: 12 }), { maxKeys: 3, noNullPrototype: true }),
    }),
  )
  .map((init) => createEndpoint(init))
  .filter((e) => e.targets.length > 0);

void describe('zone file', () => {
  void it('parses back exactly what it wrote, metadata included (property)', () => {
    fc.assert(
      fc.property(fc.uniqueArray(record, { selector: endpointKey, maxLength: 12 }), fc.nat(0xffffffff), (records, serial) => {
        const z: ZoneFile = { ...zoneWith(records), soa: { ...emptyZone(ZONE).soa, serial } };
        assert.deepEqual(roundTrip(z), z);
      }),
      { numRuns: 400 },
    );
  });

  void it('writes weighted sets with a structured comment before each record', () => {
    const text = writeZoneFile(zoneWith([ep('app.example.com', 'A', ['192.0.2.1'], { setIdentifier: 'app-v1', ttl: 60, providerSpecific: { 'aws/weight': '80' } })]));
    assert.match(text, /^; zonekeeper: set-identifier=app-v1 aws\/weight=80\napp 60 IN A 192\.0\.2\.1$/m);
  });

  void it('writes an unset TTL as no TTL field, so $TTL applies', () => {
    const text = writeZoneFile(zoneWith([ep('www.example.com', 'CNAME', ['target.example.net'])]));
    assert.match(text, /^www IN CNAME target\.example\.net\.$/m);
    assert.match(text, /^\$TTL 300$/m);
  });

  void it('reads a hand-written file with parentheses, relative names, comments and a multi-string TXT', () => {
    const text = [
      '$ORIGIN example.com.',
      '$TTL 600',
      '@ 3600 IN SOA ns1 hostmaster ( 2024010101 ; serial',
      '   7200 900 1209600 300 )',
      '  IN NS ns1',
      'ns1 IN A 192.0.2.53 ; the name server',
      'mail 120 MX 10 mx1',
      'txt IN TXT "v=spf1 include:_spf.example.net" "~all"',
      '_sip._tcp IN SRV 10 60 5060 sip.example.net.',
    ].join('\n');
    const z = parseZoneFile(text, ZONE, 'hand.zone');
    assert.equal(z.defaultTtl, 600);
    assert.equal(z.soa.serial, 2024010101);
    assert.equal(z.soa.mname, 'ns1.example.com');
    assert.deepEqual(
      z.records.map((r) => [r.dnsName, r.recordType, r.ttl, r.targets]),
      [
        ['_sip._tcp.example.com', 'SRV', 0, ['10 60 5060 sip.example.net']],
        ['example.com', 'NS', 0, ['ns1.example.com']],
        ['mail.example.com', 'MX', 120, ['10 mx1.example.com']],
        ['ns1.example.com', 'A', 0, ['192.0.2.53']],
        ['txt.example.com', 'TXT', 0, ['"v=spf1 include:_spf.example.net" "~all"']],
      ],
    );
  });

  void it('reads back the ownership TXT of a wildcard record, whose name holds a literal *', () => {
    const z = parseZoneFile('@ IN SOA a. b. 1 2 3 4 5\n*.apps IN A 192.0.2.1\na-*.apps IN TXT "heritage=external-dns"', ZONE, 'wild.zone');
    assert.deepEqual(
      z.records.map((r) => [r.dnsName, r.recordType]),
      [['*.apps.example.com', 'A'], ['a-*.apps.example.com', 'TXT']],
    );
  });

  const bad: [string, string, RegExp][] = [
    ['an unsupported type', '@ IN SOA a. b. 1 2 3 4 5\nx IN HINFO a b', /bad\.zone:2: record type HINFO is not supported/],
    ['an A record that is not an address', '@ IN SOA a. b. 1 2 3 4 5\nx IN A 999.1.1.1', /bad\.zone:2: A value "999\.1\.1\.1" is not an IPv4 address/],
    ['an unterminated string', '@ IN SOA a. b. 1 2 3 4 5\nx IN TXT "abc', /bad\.zone:2: unterminated quoted string/],
    ['a missing SOA', 'x IN A 192.0.2.1', /bad\.zone:1: the zone has no SOA record/],
    ['an owner outside the zone', '@ IN SOA a. b. 1 2 3 4 5\nx.example.org. IN A 192.0.2.1', /bad\.zone:2: owner x\.example\.org is outside zone example\.com/],
    ['an unclosed parenthesis', '@ IN SOA a. b. ( 1 2 3 4 5\n', /bad\.zone:1: a "\(" is never closed/],
    ['a bad zonekeeper comment', '@ IN SOA a. b. 1 2 3 4 5\n; zonekeeper: nonsense\nx IN A 192.0.2.1', /bad\.zone:2: .*not key=value/],
    ['differing TTLs in one set', '@ IN SOA a. b. 1 2 3 4 5\nx 60 IN A 192.0.2.1\nx 61 IN A 192.0.2.2', /bad\.zone:3: TTL 61 differs/],
    ['an $INCLUDE', '$INCLUDE other.zone', /bad\.zone:1: directive \$INCLUDE is not supported/],
    ['a * inside a label of an A record', '@ IN SOA a. b. 1 2 3 4 5\na-*.apps IN A 192.0.2.1', /bad\.zone:2: "a-\*\.apps\.example\.com" is not a valid name for a A record/],
  ];
  for (const [what, text, message] of bad) {
    void it(`reports ${what} with the file and line`, () => {
      assert.throws(() => parseZoneFile(text, ZONE, 'bad.zone'), (e: unknown) => e instanceof ZoneFileError && message.test(e.message));
    });
  }
});
