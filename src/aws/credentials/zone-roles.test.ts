// --aws-zone-role parsing and zone → mapping resolution.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { accountIdOf, mappingFor, parseZoneRoles, targetKey } from './zone-roles.ts';

const A = 'arn:aws:iam::111111111111:role/dns-a';
const B = 'arn:aws:iam::222222222222:role/team/dns-b';

void describe('parseZoneRoles', () => {
  void it('parses domains, hosted zone ids, role ARNs and profiles', () => {
    const { mappings, problems } = parseZoneRoles([`Example.COM.=${A}`, `/hostedzone/Z0123ABC=${B}`, 'corp.internal=profile:corp']);
    assert.deepEqual(problems, []);
    assert.deepEqual(
      mappings.map((m) => [m.match, targetKey(m.target)]),
      [
        [{ kind: 'domain', domain: 'example.com' }, `role:${A}`],
        [{ kind: 'zone-id', id: 'Z0123ABC' }, `role:${B}`],
        [{ kind: 'domain', domain: 'corp.internal' }, 'profile:corp'],
      ],
    );
  });

  void it('names the flag and the value in every problem', () => {
    const { mappings, problems } = parseZoneRoles([
      'example.com',
      `bad_domain..com=${A}`,
      'example.org=arn:aws:iam::1:role/x',
      'example.net=profile:',
      `example.com=${A}`,
      `example.com.=${B}`,
    ]);
    assert.equal(mappings.length, 1);
    assert.deepEqual(problems, [
      '--aws-zone-role "example.com": expected zone-or-domain=roleArn or zone-or-domain=profile:NAME (e.g. example.com=arn:aws:iam::111122223333:role/dns)',
      `--aws-zone-role "bad_domain..com=${A}": "bad_domain..com" is neither a domain name nor a hosted zone id (Z…)`,
      '--aws-zone-role "example.org=arn:aws:iam::1:role/x": "arn:aws:iam::1:role/x" is neither a role ARN (arn:aws:iam::<12-digit account>:role/<name>) nor profile:NAME',
      '--aws-zone-role "example.net=profile:": "" is not a profile name of the shared config files',
      `--aws-zone-role "example.com.=${B}": example.com is already mapped by "example.com=${A}"; give each zone or domain one role`,
    ]);
  });
});

void describe('mappingFor', () => {
  const { mappings } = parseZoneRoles([`example.com=${A}`, `team.example.com=${B}`, 'Z0PRIVATE=profile:private']);
  const owner = (id: string, name: string): string | undefined => {
    const m = mappingFor(mappings, { id, name });
    return m === undefined ? undefined : targetKey(m.target);
  };

  void it('serves a zone equal to or under a mapped domain by that mapping, the longest domain winning', () => {
    assert.equal(owner('Z1', 'example.com.'), `role:${A}`);
    assert.equal(owner('Z2', 'dev.example.com.'), `role:${A}`);
    assert.equal(owner('Z3', 'team.example.com.'), `role:${B}`);
    assert.equal(owner('Z4', 'x.team.example.com.'), `role:${B}`);
  });

  void it('leaves other zones (including look-alike suffixes) to the default account', () => {
    assert.equal(owner('Z5', 'notexample.com.'), undefined);
    assert.equal(owner('Z6', 'example.org.'), undefined);
  });

  void it('lets a hosted zone id mapping win over a domain mapping', () => {
    assert.equal(owner('/hostedzone/Z0PRIVATE', 'team.example.com.'), 'profile:private');
    assert.equal(owner('Z0PRIVATE', 'example.com.'), 'profile:private');
  });

  void it('reads the 12-digit account of a role ARN', () => {
    assert.equal(accountIdOf(B), '222222222222');
    assert.equal(accountIdOf('arn:aws-cn:iam::333333333333:role/x'), '333333333333');
  });
});
