/**
 * Benchmark of IAM Roles Anywhere session reuse under a sustained sync (a script, not a test): the
 * credentials module (src/aws/credentials) builds the accounts exactly as the CLI does, the real
 * @aws-sdk/client-route-53 sends a continuous stream of Route53 calls to the in-process Route53
 * emulator, and the Roles Anywhere emulator verifies and counts every CreateSession. Roles Anywhere
 * (provider and emulator) runs on a simulated clock, so five credential lifetimes take seconds.
 *
 *   node_modules/.bin/node bench/roles-anywhere.ts
 *
 * Scenarios: vended credential lifetimes of 120 s, 900 s and 3600 s, each for 5 lifetimes with 200
 * Route53 calls per lifetime (4 concurrent at a time); 3600 s with 5× the calls (sessions must not
 * change); then 3600 s with two --aws-zone-role accounts assumed over the Roles Anywhere session
 * (loopback STS), to show sessions do not multiply per account.
 * Goal: CreateSession calls grow with lifetimes, not with requests.
 * Output: a table, then one JSON line `{"bench":"roles-anywhere",…}` on stdout.
 * @module
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { issue, selfSigned } from '../emulators/rolesanywhere/pki.ts';
import { startRolesAnywhereEmulator } from '../emulators/rolesanywhere/server.ts';
import { startRoute53Emulator } from '../emulators/route53/index.ts';
import { clientFor, createZone } from '../emulators/route53/sdk-fixture.ts';
import { buildAwsAccounts, parseZoneRoles } from '../src/aws/credentials/index.ts';
import { startLoopbackSts } from '../src/aws/credentials/test-sts.ts';
import { refreshTime } from '../src/aws/roles-anywhere/index.ts';

const LIFETIMES = 5;
const CALLS_PER_LIFETIME = 200;
const CONCURRENCY = 4;
const ARNS = {
  trustAnchorArn: 'arn:aws:rolesanywhere:us-east-1:123456789012:trust-anchor/0b0c8a52-3f0e-4a4e-9d7a-1c2b3d4e5f60',
  profileArn: 'arn:aws:rolesanywhere:us-east-1:123456789012:profile/1b0c8a52-3f0e-4a4e-9d7a-1c2b3d4e5f61',
  roleArn: 'arn:aws:iam::123456789012:role/dns/zonekeeper',
};

type Row = {
  scenario: string;
  lifetimeSeconds: number;
  accounts: number;
  simulatedSeconds: number;
  route53Calls: number;
  createSessionCalls: number;
  assumeRoleCalls: number;
  sessionsPerLifetime: number;
  /** What the provider's refresh schedule predicts: one session, then one per refresh interval (src/aws/roles-anywhere refreshTime). */
  scheduledSessions: number;
  callsPerSession: number;
  failures: number;
  wallMs: number;
};

async function scenario(dir: string, lifetimeSeconds: number, zoneRoles: readonly string[], callsPerLifetime = CALLS_PER_LIFETIME): Promise<Row> {
  const ca = selfSigned(dir, { name: `ca-${lifetimeSeconds}-${zoneRoles.length}`, kind: 'p256', ca: true, days: 60 });
  const leaf = issue(dir, ca, { name: `leaf-${lifetimeSeconds}-${zoneRoles.length}`, kind: 'p256', serial: 5150n, days: 30 });
  let t = Date.now();
  const clock = (): Date => new Date(t);
  const ra = await startRolesAnywhereEmulator({ trustAnchorPems: [ca.certPem], credentialLifetimeSeconds: lifetimeSeconds, now: clock });
  const sts = await startLoopbackSts({ now: clock, lifetimeSeconds: 3600 });
  const r53 = await startRoute53Emulator();
  const admin = clientFor(r53, { accessKeyId: 'AKIDBENCHADMIN' });
  for (const zone of ['example.com', 'team.example.com', 'example.org']) await createZone(admin, zone);
  admin.destroy();
  r53.counts.reset();
  const roles = parseZoneRoles(zoneRoles);
  assert.deepEqual(roles.problems, []);
  const accounts = buildAwsAccounts({
    settings: { source: 'roles-anywhere', profiles: [], region: 'us-east-1', rolesAnywhere: { ...ARNS, certificatePath: leaf.certPath, privateKeyPath: leaf.keyPath, sessionDurationSeconds: 900, endpoint: ra.url } },
    zoneRoles: roles.mappings,
    route53: { region: 'us-east-1', endpointUrl: r53.url },
    budget: { apiRate: 1000, apiBurst: 1000 },
    deps: { now: clock, watchFiles: false, stsEndpoint: sts.url },
  });
  const start = performance.now();
  const total = LIFETIMES * callsPerLifetime;
  const stepMs = (lifetimeSeconds * 1000) / callsPerLifetime;
  let failures = 0;
  try {
    for (let i = 0; i < total; i += CONCURRENCY) {
      t += stepMs * CONCURRENCY;
      const batch = Array.from({ length: CONCURRENCY }, (_, k) => accounts.entries[(i + k) % accounts.entries.length]!.account.route53.listHostedZones(undefined));
      const results = await Promise.allSettled(batch);
      failures += results.filter((r) => r.status === 'rejected').length;
    }
  } finally {
    accounts.close();
  }
  const wallMs = performance.now() - start;
  const issued = new Date(0);
  const interval = refreshTime(issued, new Date(lifetimeSeconds * 1000)).getTime();
  const simulatedMs = total * stepMs;
  const row: Row = {
    scenario: `${lifetimeSeconds} s credentials${callsPerLifetime === CALLS_PER_LIFETIME ? '' : `, ${callsPerLifetime / CALLS_PER_LIFETIME}× the calls`}${zoneRoles.length === 0 ? '' : `, +${zoneRoles.length} zone roles`}`,
    lifetimeSeconds,
    accounts: accounts.entries.length,
    simulatedSeconds: simulatedMs / 1000,
    route53Calls: r53.counts.total,
    createSessionCalls: ra.sessionsCreated,
    assumeRoleCalls: sts.calls.filter((c) => c.action === 'AssumeRole').length,
    sessionsPerLifetime: ra.sessionsCreated / LIFETIMES,
    // The first call creates a session; each refresh then happens at the first call past its due time.
    scheduledSessions: 1 + Math.floor((simulatedMs - stepMs * CONCURRENCY) / interval),
    callsPerSession: Math.round(r53.counts.total / Math.max(1, ra.sessionsCreated)),
    failures,
    wallMs: Math.round(wallMs),
  };
  const keys = new Set([...ra.sessions.map((s) => s.accessKeyId), ...sts.issued.map((k) => k.accessKeyId)]);
  assert.ok(Object.keys(r53.counts.snapshot().byAccessKey).every((k) => keys.has(k)), 'every call was signed with a session key');
  await r53.close();
  await sts.close();
  await ra.close();
  return row;
}

const dir = mkdtempSync(join(tmpdir(), 'zk-bench-ra-'));
const rows: Row[] = [];
try {
  for (const lifetime of [120, 900, 3600]) rows.push(await scenario(dir, lifetime, []));
  rows.push(await scenario(dir, 3600, [], 5 * CALLS_PER_LIFETIME));
  rows.push(
    await scenario(dir, 3600, ['example.com=arn:aws:iam::111111111111:role/dns-a', 'team.example.com=arn:aws:iam::222222222222:role/dns-b']),
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
for (const r of rows) {
  assert.equal(r.failures, 0, `${r.scenario}: no call failed`);
  // Calls are discrete, so a refresh lands up to one step after it is due: one fewer session at most.
  assert.ok(r.createSessionCalls <= r.scheduledSessions && r.createSessionCalls >= r.scheduledSessions - 1, `${r.scenario}: ${r.createSessionCalls} sessions, schedule says ${r.scheduledSessions}`);
}

const head = ['scenario', 'accounts', 'simulated', 'Route53 calls', 'CreateSession', 'per lifetime', 'AssumeRole', 'calls/session', 'wall'];
process.stdout.write(`| ${head.join(' | ')} |\n|${head.map((_, i) => (i === 0 ? '---' : '---:')).join('|')}|\n`);
for (const r of rows) {
  const cells = [r.scenario, r.accounts, `${r.simulatedSeconds} s`, r.route53Calls, r.createSessionCalls, r.sessionsPerLifetime.toFixed(1), r.assumeRoleCalls, r.callsPerSession, `${r.wallMs} ms`];
  process.stdout.write(`| ${cells.join(' | ')} |\n`);
}
process.stdout.write(`${JSON.stringify({ bench: 'roles-anywhere', rows })}\n`);
