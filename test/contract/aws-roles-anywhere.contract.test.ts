// The provider contract once more against Route53, end to end through IAM Roles Anywhere: the
// Roles Anywhere emulator verifies each CreateSession's X.509 signature and vends a session, the
// credentials module hands it to the SDK client of the aws provider's account, and the Route53
// emulator records which access key signed every request. After the suite, every request the
// provider made must carry a Roles Anywhere session key, with one CreateSession per fixture.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateHealthCheckCommand } from '@aws-sdk/client-route-53';
import { issue, selfSigned, type IssuedCertificate } from '../../emulators/rolesanywhere/pki.ts';
import { startRolesAnywhereEmulator, type RolesAnywhereEmulator } from '../../emulators/rolesanywhere/server.ts';
import { startRoute53Emulator } from '../../emulators/route53/index.ts';
import { clientFor, createZone } from '../../emulators/route53/sdk-fixture.ts';
import { buildAwsAccounts } from '../../src/aws/credentials/index.ts';
import { createAwsProvider, DEFAULT_AWS_PROVIDER_CONFIG } from '../../src/provider/aws/index.ts';
import { createSimulatedClock } from '../../src/provider/aws/sim-clock.ts';
import { seededRandom } from '../../src/provider/aws/test-harness.ts';
import { ZONES, type ContractFixture, type FixtureOptions } from './contract-support.ts';
import { runProviderContract } from './provider-contract.ts';

const ADMIN_KEY = 'AKIDCONTRACTADMIN';
const dir = mkdtempSync(join(tmpdir(), 'zk-contract-ra-'));
let ra: RolesAnywhereEmulator | undefined;
let leaf: IssuedCertificate | undefined;
/** Per fixture: the access keys that signed the provider's Route53 requests, and how many requests. */
const usage: { keys: string[]; requests: number }[] = [];
let checks = 0;

async function rolesAnywhere(): Promise<{ emulator: RolesAnywhereEmulator; leaf: IssuedCertificate }> {
  if (ra === undefined || leaf === undefined) {
    const ca = selfSigned(dir, { name: 'contract-ca', kind: 'p256', ca: true, days: 30 });
    leaf = issue(dir, ca, { name: 'zonekeeper.contract', kind: 'p256', serial: 9001n, days: 10 });
    ra = await startRolesAnywhereEmulator({ trustAnchorPems: [ca.certPem] });
  }
  return { emulator: ra, leaf };
}

async function rolesAnywhereFixture(options: FixtureOptions): Promise<ContractFixture> {
  const { emulator, leaf: cert } = await rolesAnywhere();
  // Route53 and the provider run on simulated time (throttling storms, INSYNC waits); Roles
  // Anywhere signs with the real clock, as the emulator checks X-Amz-Date against it.
  const clock = createSimulatedClock(Date.parse('2026-01-01T00:00:00Z'));
  const r53 = await startRoute53Emulator({ now: () => clock.now(), ...(options.stormReady === true ? { inFlightMs: 1500 } : {}) });
  const admin = clientFor(r53, { accessKeyId: ADMIN_KEY });
  for (const zone of ZONES) await createZone(admin, zone);
  const config = { ...DEFAULT_AWS_PROVIDER_CONFIG, zonesCacheDurationMs: 3_600_000 };
  const accounts = buildAwsAccounts({
    settings: {
      source: 'roles-anywhere',
      profiles: [],
      region: 'us-east-1',
      rolesAnywhere: {
        certificatePath: cert.certPath,
        privateKeyPath: cert.keyPath,
        trustAnchorArn: 'arn:aws:rolesanywhere:us-east-1:123456789012:trust-anchor/0b0c8a52-3f0e-4a4e-9d7a-1c2b3d4e5f60',
        profileArn: 'arn:aws:rolesanywhere:us-east-1:123456789012:profile/1b0c8a52-3f0e-4a4e-9d7a-1c2b3d4e5f61',
        roleArn: 'arn:aws:iam::123456789012:role/dns/zonekeeper',
        sessionDurationSeconds: 3600,
        endpoint: emulator.url,
      },
    },
    zoneRoles: [],
    route53: { region: config.region, endpointUrl: r53.url },
    budget: config,
    clock,
    deps: { watchFiles: false },
  });
  const make = () => createAwsProvider(config, { accounts: accounts.accounts, clock, random: seededRandom() });
  return {
    provider: make(),
    reader: make,
    healthCheckId: async () => {
      checks++;
      const out = await admin.send(
        new CreateHealthCheckCommand({
          CallerReference: `contract-ra-${checks}`,
          HealthCheckConfig: { Type: 'HTTP', FullyQualifiedDomainName: 'health.example.com', Port: 80, ResourcePath: '/healthz' },
        }),
      );
      return out.HealthCheck?.Id ?? '';
    },
    storm: {
      start: (ms) => {
        r53.faults.set({ throttleForMs: ms });
      },
      throttledCalls: () =>
        Object.values(r53.counts.snapshot().byOperation).reduce((n, op) => n + (op.outcomes.Throttling ?? 0) + (op.outcomes.PriorRequestNotComplete ?? 0), 0),
    },
    failWrites: (kind, n) => {
      r53.faults.set({ ...(kind === 'drop' ? { dropNext: n } : { internalErrorNext: n }), operations: ['ChangeResourceRecordSets'] });
    },
    close: async () => {
      const byKey = r53.counts.snapshot().byAccessKey;
      const keys = Object.keys(byKey).filter((k) => k !== ADMIN_KEY);
      usage.push({ keys, requests: keys.reduce((n, k) => n + (byKey[k] ?? 0), 0) });
      accounts.close();
      admin.destroy();
      await r53.close();
    },
  };
}

runProviderContract('aws through IAM Roles Anywhere (emulators, real SDK)', rolesAnywhereFixture, {
  skip: {
    'delete-mismatch':
      'by design the aws provider sends a DELETE with the record set exactly as it last listed it (plan-zone.ts), so a caller whose values differ still deletes the set; Route53 itself refuses only when its copy is stale',
  },
});

void describe('Roles Anywhere credentials under the contract', () => {
  after(async () => {
    await ra?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  void it('signed every Route53 request with a Roles Anywhere session key, one session per fixture', () => {
    assert.ok(ra !== undefined && usage.length > 0, 'the contract ran');
    const sessionKeys = new Set(ra.sessions.map((s) => s.accessKeyId));
    assert.deepEqual(ra.refusals, []);
    assert.ok(ra.sessions.every((s) => s.serial === '9001'));
    const used = usage.filter((u) => u.requests > 0);
    assert.ok(used.length > 0);
    for (const u of used) {
      assert.equal(u.keys.length, 1, `one session key per fixture: ${u.keys.join(',')}`);
      assert.ok(u.keys.every((k) => sessionKeys.has(k)), `keys ${u.keys.join(',')} come from Roles Anywhere sessions`);
    }
    // Not one session per request: every fixture made many requests on its single session.
    const requests = used.reduce((n, u) => n + u.requests, 0);
    assert.ok(ra.sessionsCreated <= usage.length, `${ra.sessionsCreated} sessions for ${usage.length} fixtures and ${requests} requests`);
    assert.ok(requests > 10 * ra.sessionsCreated);
  });
});
