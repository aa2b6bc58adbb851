// --aws-assume-role on top of a source (Roles Anywhere here) against a loopback STS, and the shared
// credential cache in front of every provider.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { STSClient, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { startRolesAnywhereEmulator, type RolesAnywhereEmulator } from '../../../emulators/rolesanywhere/server.ts';
import { issue, selfSigned } from '../../../emulators/rolesanywhere/pki.ts';
import { shareProvider } from './memo.ts';
import { resolveCredentials, ROLE_SESSION_NAME } from './resolve.ts';
import type { CredentialSettings } from './settings.ts';
import type { AwsCredentialIdentity, CredentialProvider } from './sources.ts';
import { startLoopbackSts, type LoopbackSts } from './test-sts.ts';

const RA_ROLE = 'arn:aws:iam::123456789012:role/dns/zonekeeper';
const TARGET = 'arn:aws:iam::210987654321:role/route53-writer';

void describe('assume-role over Roles Anywhere', () => {
  const dir = mkdtempSync(join(tmpdir(), 'zk-assume-'));
  let ra: RolesAnywhereEmulator;
  let sts: LoopbackSts;
  let settings: CredentialSettings;

  before(async () => {
    const ca = selfSigned(dir, { name: 'ca', kind: 'rsa', ca: true, days: 30 });
    const leaf = issue(dir, ca, { name: 'workload', kind: 'rsa', serial: 777n, days: 10 });
    ra = await startRolesAnywhereEmulator({ trustAnchorPems: [ca.certPem] });
    sts = await startLoopbackSts({
      identityOf: (key) => (ra.sessions.some((s) => s.accessKeyId === key) ? 'arn:aws:sts::123456789012:assumed-role/zonekeeper/777' : undefined),
    });
    settings = {
      source: 'roles-anywhere',
      profiles: [],
      region: 'us-east-1',
      assumeRole: { roleArn: TARGET, externalId: 'tenant-7' },
      rolesAnywhere: {
        certificatePath: leaf.certPath,
        privateKeyPath: leaf.keyPath,
        trustAnchorArn: 'arn:aws:rolesanywhere:us-east-1:123456789012:trust-anchor/0b0c8a52-3f0e-4a4e-9d7a-1c2b3d4e5f60',
        profileArn: 'arn:aws:rolesanywhere:us-east-1:123456789012:profile/1b0c8a52-3f0e-4a4e-9d7a-1c2b3d4e5f61',
        roleArn: RA_ROLE,
        sessionDurationSeconds: 3600,
        endpoint: ra.url,
      },
    };
  });
  after(async () => {
    await ra.close();
    await sts.close();
    rmSync(dir, { recursive: true, force: true });
  });

  void it('signs AssumeRole with the Roles Anywhere session key and the external id, and hands out the assumed key', async () => {
    const c = resolveCredentials(settings, { stsEndpoint: sts.url, watchFiles: false });
    try {
      const id = await c.provider();
      const call = sts.calls.find((x) => x.action === 'AssumeRole');
      assert.ok(call !== undefined);
      assert.equal(call.signedWith, ra.sessions.at(-1)?.accessKeyId, 'AssumeRole was signed with the Roles Anywhere credentials');
      assert.deepEqual(
        { role: call.params.RoleArn, external: call.params.ExternalId, session: call.params.RoleSessionName },
        { role: TARGET, external: 'tenant-7', session: ROLE_SESSION_NAME },
      );
      assert.equal(id.accessKeyId, sts.issued.at(-1)?.accessKeyId);
      const d = c.describe();
      assert.equal(d.source, 'roles-anywhere');
      assert.equal(d.roleArn, TARGET);
      assert.equal(d.sourceRoleArn, RA_ROLE);
      assert.deepEqual(d.assumeRole, { roleArn: TARGET, externalId: true });
      assert.equal(d.certificate?.serial, '777');
      assert.equal(d.expiration?.getTime(), sts.issued.at(-1)?.expiration.getTime());

      // A real SDK client on these credentials is the assumed role.
      const client = new STSClient({ region: 'us-east-1', endpoint: sts.url, credentials: c.provider });
      const who = await client.send(new GetCallerIdentityCommand({}));
      client.destroy();
      assert.equal(who.Arn, 'arn:aws:sts::210987654321:assumed-role/route53-writer/zonekeeper');
    } finally {
      c.close();
    }
  });

  void it('shares one CreateSession and one AssumeRole among concurrent callers', async () => {
    const sessions = ra.sessionsCreated;
    const assumes = sts.calls.filter((x) => x.action === 'AssumeRole').length;
    const c = resolveCredentials(settings, { stsEndpoint: sts.url, watchFiles: false });
    try {
      const ids = await Promise.all(Array.from({ length: 20 }, () => c.provider()));
      assert.equal(new Set(ids.map((i) => i.accessKeyId)).size, 1);
      assert.equal(ra.sessionsCreated - sessions, 1);
      assert.equal(sts.calls.filter((x) => x.action === 'AssumeRole').length - assumes, 1);
    } finally {
      c.close();
    }
  });

  void it('reports a refused AssumeRole with STS\'s message', async () => {
    sts.denyAssumeRole('User is not authorized to perform: sts:AssumeRole on resource: ' + TARGET);
    const c = resolveCredentials(settings, { stsEndpoint: sts.url, watchFiles: false });
    try {
      await assert.rejects(c.provider(), /not authorized to perform: sts:AssumeRole/);
      assert.match(c.describe().lastError ?? '', /not authorized/);
    } finally {
      sts.denyAssumeRole(undefined);
      c.close();
    }
  });
});

void describe('shareProvider', () => {
  /** A source whose calls are counted (`inner.state.calls`) and which fails while `state.fail`. */
  const fake = (lifetimeMs: number | undefined, now: () => number): CredentialProvider & { state: { calls: number; fail: boolean } } => {
    const state = { calls: 0, fail: false };
    const fn = (): Promise<AwsCredentialIdentity> => {
      state.calls++;
      if (state.fail) return Promise.reject(new Error('source down'));
      return Promise.resolve({
        accessKeyId: `AKID${state.calls}`,
        secretAccessKey: 's',
        ...(lifetimeMs === undefined ? {} : { expiration: new Date(now() + lifetimeMs) }),
      });
    };
    return Object.assign(fn, { state });
  };

  void it('reuses credentials until 5 minutes before expiry, then refreshes once', async () => {
    let t = 1_000_000;
    const inner = fake(3600_000, () => t);
    const shared = shareProvider(inner, () => t);
    await Promise.all([shared(), shared(), shared()]);
    assert.equal(inner.state.calls, 1);
    t += 3600_000 - 5 * 60_000 - 1;
    assert.equal((await shared()).accessKeyId, 'AKID1');
    t += 2;
    assert.equal((await shared()).accessKeyId, 'AKID2');
    assert.equal(inner.state.calls, 2);
  });

  void it('serves the old credentials while a refresh fails, until they are about to expire', async () => {
    let t = 0;
    const inner = fake(3600_000, () => t);
    const shared = shareProvider(inner, () => t);
    await shared();
    inner.state.fail = true;
    t = 3600_000 - 2 * 60_000;
    assert.equal((await shared()).accessKeyId, 'AKID1');
    assert.match(shared.lastError() ?? '', /source down/);
    t = 3600_000 - 30_000;
    await assert.rejects(shared(), /source down/);
  });

  void it('does not re-fetch short-lived credentials on every call', async () => {
    let t = 0;
    const inner = fake(2 * 60_000, () => t);
    const shared = shareProvider(inner, () => t);
    await shared();
    t += 10_000;
    await shared();
    assert.equal(inner.state.calls, 1, 'reused for 30 s even inside the 5-minute window');
    t += 25_000;
    await shared();
    assert.equal(inner.state.calls, 2);
  });

  void it('never caches a provider that caches itself, and keeps static keys forever', async () => {
    let t = 0;
    const memo = Object.assign(fake(3600_000, () => t), { memoized: true as const });
    const shared = shareProvider(memo, () => t);
    await shared();
    await shared();
    assert.equal(memo.state.calls, 2);
    const statics = fake(undefined, () => t);
    const s2 = shareProvider(statics, () => t);
    await s2();
    t += 1e9;
    await s2();
    assert.equal(statics.state.calls, 1);
    await s2({ forceRefresh: true });
    assert.equal(statics.state.calls, 2);
  });
});
