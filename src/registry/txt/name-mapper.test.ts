import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { createNameMapper, MAPPER_TYPES, TxtConfigError, type NameMapperOptions } from './name-mapper.ts';

type Row = { title: string; options: NameMapperOptions; name: string; type: string; txt: string };

// Every row of the examples table in external-dns.md §3.1 "Names".
const rows: Row[] = [
  { title: 'default A', options: {}, name: 'nginx.example.com', type: 'A', txt: 'a-nginx.example.com' },
  { title: 'default AAAA', options: {}, name: 'nginx.example.com', type: 'AAAA', txt: 'aaaa-nginx.example.com' },
  { title: 'default CNAME', options: {}, name: 'www.example.com', type: 'CNAME', txt: 'cname-www.example.com' },
  { title: 'default apex A (outside the zone)', options: {}, name: 'example.com', type: 'A', txt: 'a-example.com' },
  { title: 'default wildcard', options: {}, name: '*.apps.example.com', type: 'A', txt: 'a-*.apps.example.com' },
  {
    title: 'wildcard replacement',
    options: { wildcardReplacement: 'any' },
    name: '*.apps.example.com',
    type: 'A',
    txt: 'a-any.apps.example.com',
  },
  { title: 'prefix txt.', options: { prefix: 'txt.' }, name: 'www.example.com', type: 'CNAME', txt: 'txt.cname-www.example.com' },
  {
    title: 'templated prefix ending in a dot',
    options: { prefix: 'extdns-%{record_type}.' },
    name: 'www.example.com',
    type: 'CNAME',
    txt: 'extdns-cname.www.example.com',
  },
  {
    title: 'templated prefix at the apex',
    options: { prefix: 'extdns-%{record_type}.' },
    name: 'example.com',
    type: 'A',
    txt: 'extdns-a.example.com',
  },
  { title: 'templated prefix %{record_type}-', options: { prefix: '%{record_type}-' }, name: 'www.example.com', type: 'A', txt: 'a-www.example.com' },
  { title: 'templated suffix', options: { suffix: '-%{record_type}' }, name: 'www.example.com', type: 'A', txt: 'www-a.example.com' },
  { title: 'plain suffix', options: { suffix: '-txt' }, name: 'www.example.com', type: 'A', txt: 'a-www-txt.example.com' },
  { title: 'SRV', options: {}, name: '_web._tcp.svc.example.com', type: 'SRV', txt: 'srv-_web._tcp.svc.example.com' },
  { title: 'PTR', options: {}, name: '10.2.0.192.in-addr.arpa', type: 'PTR', txt: 'ptr-10.2.0.192.in-addr.arpa' },
];

void describe('TXT name mapper', () => {
  for (const row of rows) {
    void it(`maps ${row.name} ${row.type} to ${row.txt} (${row.title})`, () => {
      assert.equal(createNameMapper(row.options).toTxtName(row.name, row.type), row.txt);
    });
  }

  for (const row of rows) {
    if (row.options.wildcardReplacement !== undefined) continue; // the replacement is not reversible by design
    void it(`maps ${row.txt} back to ${row.name} ${row.type} (${row.title})`, () => {
      assert.deepEqual(createNameMapper(row.options).toEndpointName(row.txt), { name: row.name, recordType: row.type });
    });
  }

  void it('maps a replaced wildcard back to the replacement label, which the registry compares against', () => {
    const m = createNameMapper({ wildcardReplacement: 'any' });
    assert.deepEqual(m.toEndpointName('a-any.apps.example.com'), { name: 'any.apps.example.com', recordType: 'A' });
  });

  void it('spells the legacy un-typed name as the record name itself when there is no affix', () => {
    assert.equal(createNameMapper().toLegacyTxtName('www.example.com'), 'www.example.com');
  });

  void it('spells the legacy un-typed name with the template removed from the affix', () => {
    assert.equal(createNameMapper({ prefix: 'txt.' }).toLegacyTxtName('www.example.com'), 'txt.www.example.com');
    assert.equal(createNameMapper({ prefix: 'extdns-%{record_type}.' }).toLegacyTxtName('www.example.com'), 'extdns-.www.example.com');
    assert.equal(createNameMapper({ suffix: '-txt' }).toLegacyTxtName('www.example.com'), 'www-txt.example.com');
  });

  void it('reads a legacy un-typed TXT name as type ""', () => {
    assert.deepEqual(createNameMapper().toEndpointName('www.example.com'), { name: 'www.example.com', recordType: '' });
    assert.deepEqual(createNameMapper({ prefix: 'txt.' }).toEndpointName('txt.www.example.com'), {
      name: 'www.example.com',
      recordType: '',
    });
    assert.deepEqual(createNameMapper({ suffix: '-txt' }).toEndpointName('www-txt.example.com'), {
      name: 'www.example.com',
      recordType: '',
    });
  });

  void it('reads a legacy TXT of a templated prefix with the template removed', () => {
    assert.deepEqual(createNameMapper({ prefix: 'extdns-%{record_type}.' }).toEndpointName('extdns-.www.example.com'), {
      name: 'www.example.com',
      recordType: '',
    });
  });

  void it('reads a hyphenated host as legacy unless its head is a type name (the documented a-team ambiguity)', () => {
    const m = createNameMapper();
    assert.deepEqual(m.toEndpointName('my-app.example.com'), { name: 'my-app.example.com', recordType: '' });
    assert.deepEqual(m.toEndpointName('a-team.example.com'), { name: 'team.example.com', recordType: 'A' });
  });

  void it('reads the old cname- TXT of an alias A record as type CNAME', () => {
    assert.deepEqual(createNameMapper().toEndpointName('cname-nginx.example.com'), { name: 'nginx.example.com', recordType: 'CNAME' });
  });

  void it('returns no match for a name without the configured prefix', () => {
    assert.deepEqual(createNameMapper({ prefix: 'txt.' }).toEndpointName('a-www.example.com'), { name: '', recordType: '' });
  });

  void it('lower-cases affixes and the TXT name being read', () => {
    const m = createNameMapper({ prefix: 'TXT.' });
    assert.equal(m.toTxtName('www.example.com', 'A'), 'txt.a-www.example.com');
    assert.deepEqual(m.toEndpointName('TXT.A-WWW.example.com'), { name: 'www.example.com', recordType: 'A' });
  });

  void it('handles a multi-label suffix by matching the first 1 + dots(suffix) labels', () => {
    const m = createNameMapper({ suffix: '.owner' });
    assert.equal(m.toTxtName('www.example.com', 'A'), 'a-www.owner.example.com');
    assert.deepEqual(m.toEndpointName('a-www.owner.example.com'), { name: 'www.example.com', recordType: 'A' });
  });

  void it('refuses a prefix and a suffix together, naming both flags', () => {
    assert.throws(
      () => createNameMapper({ prefix: 'p-', suffix: '-s' }),
      (e: unknown) => e instanceof TxtConfigError && e.message.includes('--txt-prefix') && e.message.includes('--txt-suffix'),
    );
  });
});

void describe('TXT name mapper properties', () => {
  // Affix forms with a separator; a bare `%{record_type}` affix is ambiguous in ExternalDNS too (`a` vs `aaaa`).
  const affixes: NameMapperOptions[] = [
    {},
    { prefix: 'txt.' },
    { prefix: 'extdns-%{record_type}.' },
    { prefix: '%{record_type}-' },
    { suffix: '-%{record_type}' },
    { suffix: '-txt' },
    { suffix: '.owner' },
  ];
  const label = fc.stringMatching(/^[a-z0-9_](?:[a-z0-9_-]{0,10}[a-z0-9_])?$/);
  const name = fc.tuple(fc.oneof(label, fc.constant('*')), fc.array(label, { maxLength: 2 })).map(([first, rest]) =>
    [first, ...rest, 'example', 'com'].join('.'),
  );

  void it('maps every typed TXT name back to its record name and type', () => {
    fc.assert(
      fc.property(fc.constantFrom(...affixes), name, fc.constantFrom(...MAPPER_TYPES), (options, n, type) => {
        const m = createNameMapper(options);
        assert.deepEqual(m.toEndpointName(m.toTxtName(n, type)), { name: n, recordType: type });
      }),
    );
  });
});
