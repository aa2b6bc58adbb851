import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RecordType } from '../../endpoint/index.ts';
import { checkTarget } from './rdata.ts';

const check = (recordType: RecordType, target: string, alias = false) =>
  checkTarget({ recordType, providerSpecific: alias ? { alias: 'true' } : {} }, target);

void describe('record values', () => {
  const valid: [RecordType, string][] = [
    ['A', '192.0.2.1'],
    ['AAAA', '2001:db8::1'],
    ['CNAME', 'target.example.net'],
    ['NS', 'ns1.example.net'],
    ['MX', '10 mail.example.com'],
    ['MX', '0 .'],
    ['SRV', '10 5 443 svc.example.com'],
    ['CAA', '0 issue "letsencrypt.org"'],
    ['CAA', '128 iodef mailto:x@example.com'],
    ['TXT', '"heritage=external-dns,external-dns/owner=default"'],
    ['TXT', 'any text at all ; even this'],
  ];
  for (const [type, target] of valid) {
    void it(`accepts ${type} ${target}`, () => {
      assert.equal(check(type, target), undefined);
    });
  }
  const invalid: [RecordType, string, RegExp][] = [
    ['A', 'example.com', /not an IPv4 address/],
    ['A', '2001:db8::1', /not an IPv4 address/],
    ['AAAA', '192.0.2.1', /not an IPv6 address/],
    ['CNAME', 'bad name', /not a host name/],
    ['CNAME', '*.example.com', /wildcard/],
    ['MX', 'mail.example.com', /preference/],
    ['MX', '70000 mail.example.com', /above the maximum 65535/],
    ['SRV', '1 2 mail.example.com', /priority/],
    ['CAA', '0 issue "unterminated', /flags/],
    ['CAA', '300 issue x', /above the maximum 255/],
    ['CAA', '0 issue letsencrypt.org;x=y', /flags/],
    ['CAA', '0 issue "two\nlines"', /line break/],
    ['TXT', 'two\nlines', /line break/],
  ];
  for (const [type, target, why] of invalid) {
    void it(`refuses ${type} ${JSON.stringify(target)}`, () => {
      assert.match(check(type, target) ?? '', why);
    });
  }
  void it('accepts a host name as the value of an alias A record', () => {
    assert.equal(check('A', 'lb.elb.amazonaws.com', true), undefined);
  });
});
