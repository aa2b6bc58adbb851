// Credential flag validation: the Roles Anywhere group is all-or-nothing, conflicts are refused,
// and every message names the flags (and the value) to fix.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfig, type CliValues, type Config } from '../../config/index.ts';
import { CredentialConfigError, credentialProblems, credentialSettingsOf } from './settings.ts';

const TA = 'arn:aws:rolesanywhere:us-east-1:123456789012:trust-anchor/0b0c8a52-3f0e-4a4e-9d7a-1c2b3d4e5f60';
const PR = 'arn:aws:rolesanywhere:us-east-1:123456789012:profile/1b0c8a52-3f0e-4a4e-9d7a-1c2b3d4e5f61';
const ROLE = 'arn:aws:iam::123456789012:role/dns/zonekeeper';

function configOf(cli: CliValues, env: Record<string, string> = {}): Config {
  const loaded = loadConfig({ cli, env, readFile: () => '' });
  if (!loaded.ok) throw new Error(loaded.errors.join('; '));
  return loaded.config;
}

const RA_FLAGS = {
  awsRolesAnywhereCertificate: '/certs/tls.crt',
  awsRolesAnywherePrivateKey: '/certs/tls.key',
  awsRolesAnywhereTrustAnchorArn: TA,
  awsRolesAnywhereProfileArn: PR,
  awsRolesAnywhereRoleArn: ROLE,
};

void describe('credentialSettingsOf', () => {
  void it('defaults to auto with no profile, no assume-role and no Roles Anywhere', () => {
    const s = credentialSettingsOf(configOf({}));
    assert.deepEqual(s, { source: 'auto', profiles: [], region: 'us-east-1' });
  });

  void it('takes the whole Roles Anywhere group, optional flags included', () => {
    const s = credentialSettingsOf(
      configOf({ ...RA_FLAGS, awsRolesAnywhereChain: '/certs/chain.pem', awsRolesAnywhereEndpoint: 'http://127.0.0.1:9', awsRolesAnywhereSessionDuration: '900', awsRolesAnywhereSessionName: 'zk' }),
    );
    assert.deepEqual(s.rolesAnywhere, {
      certificatePath: '/certs/tls.crt',
      privateKeyPath: '/certs/tls.key',
      trustAnchorArn: TA,
      profileArn: PR,
      roleArn: ROLE,
      sessionDurationSeconds: 900,
      chainPath: '/certs/chain.pem',
      roleSessionName: 'zk',
      endpoint: 'http://127.0.0.1:9',
    });
  });

  void it('refuses a partial Roles Anywhere group, naming the flags that are missing', () => {
    const problems = credentialProblems(configOf({ awsRolesAnywhereCertificate: '/c', awsRolesAnywhereRoleArn: ROLE }));
    assert.equal(problems.length, 1);
    assert.match(problems[0] ?? '', /partly configured \(--aws-roles-anywhere-certificate, --aws-roles-anywhere-role-arn set\)/);
    assert.match(problems[0] ?? '', /also set --aws-roles-anywhere-private-key, --aws-roles-anywhere-trust-anchor-arn, --aws-roles-anywhere-profile-arn$/);
  });

  void it('refuses an optional Roles Anywhere flag without the group', () => {
    const problems = credentialProblems(configOf({ awsRolesAnywhereEndpoint: 'http://127.0.0.1:1', awsRolesAnywhereSessionDuration: '1800' }));
    assert.equal(problems.length, 1);
    assert.match(problems[0] ?? '', /^--aws-roles-anywhere-endpoint, --aws-roles-anywhere-session-duration set without IAM Roles Anywhere/);
  });

  void it('refuses --aws-credentials-source roles-anywhere without the flags', () => {
    assert.throws(() => credentialSettingsOf(configOf({ awsCredentialsSource: 'roles-anywhere' })), (e: unknown) => {
      assert.ok(e instanceof CredentialConfigError);
      assert.match(e.message, /--aws-credentials-source roles-anywhere needs --aws-roles-anywhere-certificate, --aws-roles-anywhere-private-key/);
      return true;
    });
  });

  void it('refuses another explicit source together with Roles Anywhere flags', () => {
    const problems = credentialProblems(configOf({ ...RA_FLAGS, awsCredentialsSource: 'web-identity' }));
    assert.deepEqual(problems.length, 1);
    assert.match(problems[0] ?? '', /--aws-credentials-source web-identity conflicts with the --aws-roles-anywhere-\* flags/);
  });

  void it('validates --aws-assume-role and its external id, quoting the value', () => {
    assert.deepEqual(credentialProblems(configOf({ awsAssumeRole: 'arn:aws:iam::12345:role/x' })), [
      '--aws-assume-role "arn:aws:iam::12345:role/x" is not a role ARN: expected arn:aws:iam::<12-digit account>:role/<name>',
    ]);
    assert.match(credentialProblems(configOf({ awsAssumeRoleExternalId: 'abc' }))[0] ?? '', /--aws-assume-role-external-id is set without --aws-assume-role/);
    const ok = credentialSettingsOf(configOf({ ...RA_FLAGS, awsAssumeRole: 'arn:aws:iam::210987654321:role/dns', awsAssumeRoleExternalId: 'tenant-7' }));
    assert.deepEqual(ok.assumeRole, { roleArn: 'arn:aws:iam::210987654321:role/dns', externalId: 'tenant-7' });
    assert.equal(ok.source, 'auto');
  });

  void it('takes several --aws-profile values for shared-file, and refuses them for sources that ignore profiles', () => {
    assert.deepEqual(credentialSettingsOf(configOf({ awsCredentialsSource: 'shared-file', awsProfile: ['a', 'b'] })).profiles, ['a', 'b']);
    assert.match(credentialProblems(configOf({ awsCredentialsSource: 'instance', awsProfile: ['a'] }))[0] ?? '', /--aws-profile a is only used with/);
  });

  void it('reads the flags from ZONEKEEPER_ environment variables too', () => {
    const c = configOf({}, { ZONEKEEPER_AWS_CREDENTIALS_SOURCE: 'env', ZONEKEEPER_AWS_REGION: 'cn-northwest-1' });
    assert.deepEqual(credentialSettingsOf(c), { source: 'env', profiles: [], region: 'cn-northwest-1' });
  });
});
