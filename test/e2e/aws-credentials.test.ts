// AWS credentials end to end: the Route53 provider composed from flags exactly as the CLI does,
// authenticated by IAM Roles Anywhere (emulator) against the Route53 emulator, through a
// certificate rotation under a running sync; `zonekeeper whoami` as a real process against a
// loopback STS; and the IAM policy examples in docs/iam.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startRolesAnywhereEmulator, type RolesAnywhereEmulator } from '../../emulators/rolesanywhere/server.ts';
import { issue, selfSigned, type IssuedCertificate } from '../../emulators/rolesanywhere/pki.ts';
import { startRoute53Emulator } from '../../emulators/route53/index.ts';
import { clientFor, createZone } from '../../emulators/route53/sdk-fixture.ts';
import { startLoopbackSts, type LoopbackSts } from '../../src/aws/credentials/test-sts.ts';
import { buildAwsProvider } from '../../src/cli/compose-aws.ts';
import { loadConfig, type CliValues, type Config } from '../../src/config/index.ts';
import { createDomainFilter, createEndpoint } from '../../src/endpoint/index.ts';
import { silentLogger } from '../../src/log/logger.ts';
import { reconcile } from '../../src/provider/aws/test-harness.ts';
import { ROOT } from './cli-process.ts';

const ARNS = {
  awsRolesAnywhereTrustAnchorArn: 'arn:aws:rolesanywhere:us-east-1:123456789012:trust-anchor/0b0c8a52-3f0e-4a4e-9d7a-1c2b3d4e5f60',
  awsRolesAnywhereProfileArn: 'arn:aws:rolesanywhere:us-east-1:123456789012:profile/1b0c8a52-3f0e-4a4e-9d7a-1c2b3d4e5f61',
  awsRolesAnywhereRoleArn: 'arn:aws:iam::123456789012:role/dns/zonekeeper',
};

function configOf(cli: CliValues): Config {
  const loaded = loadConfig({ cli, env: {}, readFile: () => '' });
  if (!loaded.ok) throw new Error(loaded.errors.join('; '));
  return loaded.config;
}

/** Writes a pair the way kubelet updates a Secret volume: a new timestamped dir, then an atomic `..data` symlink swap. */
function publish(live: string, leaf: IssuedCertificate, generation: number): void {
  const dir = join(live, `..gen_${generation}`);
  mkdirSync(dir);
  writeFileSync(join(dir, 'tls.crt'), leaf.certPem);
  writeFileSync(join(dir, 'tls.key'), leaf.keyPem);
  symlinkSync(`..gen_${generation}`, join(live, '..data_tmp'));
  renameSync(join(live, '..data_tmp'), join(live, '..data'));
  if (generation === 1) {
    symlinkSync('..data/tls.crt', join(live, 'tls.crt'));
    symlinkSync('..data/tls.key', join(live, 'tls.key'));
  }
}

void describe('Route53 through Roles Anywhere, composed from flags', () => {
  const dir = mkdtempSync(join(tmpdir(), 'zk-e2e-creds-'));
  let ca: IssuedCertificate;
  let oldLeaf: IssuedCertificate;
  let newLeaf: IssuedCertificate;

  before(() => {
    ca = selfSigned(dir, { name: 'zonekeeper-ca', kind: 'p384', ca: true, days: 30 });
    oldLeaf = issue(dir, ca, { name: 'zonekeeper.prod-eu-1', kind: 'rsa', serial: 1001n, days: 10 });
    newLeaf = issue(dir, ca, { name: 'zonekeeper.prod-eu-1', kind: 'p256', serial: 2002n, days: 10 });
  });
  after(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  void it('keeps reconciling through a certificate rotation and uses the new serial from the next refresh on', async () => {
    let t = Date.now();
    const clock = (): Date => new Date(t);
    const ra = await startRolesAnywhereEmulator({ trustAnchorPems: [ca.certPem], credentialLifetimeSeconds: 900, now: clock });
    const r53 = await startRoute53Emulator();
    const admin = clientFor(r53, { accessKeyId: 'AKIDADMIN' });
    await createZone(admin, 'example.com');
    admin.destroy();
    r53.counts.reset();
    const live = join(dir, 'live');
    mkdirSync(live);
    publish(live, oldLeaf, 1);

    const config = configOf({
      ...ARNS,
      provider: 'aws',
      awsEndpointUrl: r53.url,
      awsRolesAnywhereCertificate: join(live, 'tls.crt'),
      awsRolesAnywherePrivateKey: join(live, 'tls.key'),
      awsRolesAnywhereEndpoint: ra.url,
      awsRolesAnywhereSessionDuration: '900',
      awsApiRate: '1000', // the client-side budget runs on real time; this test is about credentials
      awsApiBurst: '1000',
    });
    const provider = buildAwsProvider(config, createDomainFilter({}), silentLogger(), { now: clock });
    const PASSES = 60;
    const SWAP_AT = 25;
    let failures = 0;
    let sessionsAtSwap = -1;
    const keysAfterSwapSession: string[] = [];
    const sessionPasses: number[] = [];
    try {
      for (let pass = 0; pass < PASSES; pass++) {
        // 900 s credentials are refreshed 5 min (the skew CreateSession tolerates, more than 10 %)
        // before expiry, at 600 s: every 10th pass.
        t += 60_000;
        const sessionsBefore = ra.sessionsCreated;
        const desired = [createEndpoint({ dnsName: 'pass.example.com', recordType: 'TXT', targets: [`"pass-${pass}"`], ttl: 60 })];
        const running = reconcile(provider, desired);
        if (pass === SWAP_AT) {
          // Swapped while the pass is in flight, midway between two refreshes (passes 20 and 30).
          publish(live, newLeaf, 2);
          sessionsAtSwap = ra.sessionsCreated;
        }
        try {
          const { result } = await running;
          failures += result.rejected.length;
        } catch {
          failures++;
        }
        for (let i = sessionsBefore; i < ra.sessionsCreated; i++) sessionPasses.push(pass);
        const firstNew = ra.sessions[sessionsAtSwap];
        if (sessionsAtSwap >= 0 && firstNew !== undefined && ra.sessionsCreated > sessionsAtSwap) {
          keysAfterSwapSession.push(r53.counts.lastAccessKeyId ?? '');
        }
      }
    } finally {
      provider.close();
      await r53.close();
      await ra.close();
    }
    assert.equal(failures, 0, 'no reconcile pass failed');
    assert.deepEqual(ra.refusals, []);
    const serials = ra.sessions.map((s) => s.serial);
    // One CreateSession per refresh, not per request: 900 s credentials are refreshed 5 min before
    // expiry (every 600 s at 60 s a pass), so 60 simulated minutes take 6 sessions for 60+ Route53
    // requests.
    assert.equal(r53.counts.of('ChangeResourceRecordSets', 'ok'), PASSES, 'one write per pass, each landed');
    assert.deepEqual(sessionPasses, [0, 10, 20, 30, 40, 50], `sessions: ${serials.join(',')}`);
    assert.equal(sessionsAtSwap, 3, 'the swap happened between the third and the fourth session');
    assert.equal(sessionPasses[sessionsAtSwap], 30, 'the first session after the swap is the next scheduled refresh');
    assert.ok(serials.slice(0, sessionsAtSwap).every((s) => s === '1001'), serials.join(','));
    assert.equal(serials[sessionsAtSwap], '2002', `the first session after the swap uses the new certificate: ${serials.join(',')}`);
    assert.ok(serials.slice(sessionsAtSwap).every((s) => s === '2002'), serials.join(','));
    // Every Route53 request was signed with a Roles Anywhere session key, and the ones after the
    // first new session with new-certificate keys.
    const sessionKeys = new Map(ra.sessions.map((s) => [s.accessKeyId, s.serial]));
    const used = Object.keys(r53.counts.snapshot().byAccessKey);
    assert.equal(used.length, ra.sessionsCreated, 'every session signed Route53 requests');
    assert.ok(used.every((k) => sessionKeys.has(k)), `keys used: ${used.join(',')}`);
    assert.ok(keysAfterSwapSession.length > 0);
    assert.ok(keysAfterSwapSession.every((k) => sessionKeys.get(k) === '2002'));
    assert.equal(provider.certificateNotAfter()?.getTime(), newLeaf.certificate.validToDate.getTime());
  });
});

void describe('start-up credential log', () => {
  void it('warns when the SDK chain fell back to the node role (IMDS)', async () => {
    const imds = createServer((req, res) => {
      if (req.method === 'PUT') { res.end('token'); return; }
      if (req.url === '/latest/meta-data/iam/security-credentials/') { res.end('node-role'); return; }
      res.setHeader('Content-Type', 'application/json');
      res.end(JSON.stringify({ Code: 'Success', Type: 'AWS-HMAC', AccessKeyId: 'ASIANODE', SecretAccessKey: 's', Token: 't', Expiration: new Date(Date.now() + 3600_000).toISOString() }));
    });
    await new Promise<void>((r) => imds.listen(0, '127.0.0.1', r));
    const saved = { ...process.env };
    for (const k of Object.keys(process.env)) if (k.startsWith('AWS_')) Reflect.deleteProperty(process.env, k);
    const dir = mkdtempSync(join(tmpdir(), 'zk-imds-'));
    process.env.AWS_SHARED_CREDENTIALS_FILE = join(dir, 'none');
    process.env.AWS_CONFIG_FILE = join(dir, 'none');
    process.env.AWS_EC2_METADATA_SERVICE_ENDPOINT = `http://127.0.0.1:${(imds.address() as AddressInfo).port}`;
    const lines: { level: number; msg: string; resolvedBy?: string }[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(JSON.parse(chunk.toString()) as { level: number; msg: string });
        done();
      },
    });
    const provider = buildAwsProvider(configOf({ provider: 'aws' }), createDomainFilter({}), pino({ level: 'info' }, sink));
    try {
      for (let i = 0; i < 100 && !lines.some((l) => l.level === 40); i++) await new Promise((r) => setTimeout(r, 20));
      const warn = lines.find((l) => l.level === 40);
      assert.match(warn?.msg ?? '', /instance role \(IMDS\); if IRSA or Pod Identity was intended/);
      assert.equal(warn?.resolvedBy, 'EC2 instance metadata (the node role)');
      assert.ok(lines.some((l) => l.msg.startsWith('AWS credentials configured')));
    } finally {
      provider.close();
      imds.close();
      for (const k of Object.keys(process.env)) if (!(k in saved)) Reflect.deleteProperty(process.env, k);
      Object.assign(process.env, saved);
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

function run(args: readonly string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(`${ROOT}bin/zonekeeper`, args, { cwd: ROOT, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => child.once('exit', (code) => { resolve({ code, stdout, stderr }); }));
}

void describe('zonekeeper whoami', () => {
  const dir = mkdtempSync(join(tmpdir(), 'zk-whoami-'));
  let ra: RolesAnywhereEmulator;
  let sts: LoopbackSts;
  let leaf: IssuedCertificate;
  let raFlags: string[] = [];

  before(async () => {
    const ca = selfSigned(dir, { name: 'ca', kind: 'p256', ca: true, days: 30 });
    leaf = issue(dir, ca, { name: 'zonekeeper.onprem-1', kind: 'p256', serial: 31337n, days: 20 });
    ra = await startRolesAnywhereEmulator({ trustAnchorPems: [ca.certPem] });
    sts = await startLoopbackSts({
      identityOf: (key) => (ra.sessions.some((s) => s.accessKeyId === key) ? 'arn:aws:sts::123456789012:assumed-role/zonekeeper/31337' : undefined),
    });
    raFlags = [
      `--aws-roles-anywhere-certificate=${leaf.certPath}`,
      `--aws-roles-anywhere-private-key=${leaf.keyPath}`,
      `--aws-roles-anywhere-trust-anchor-arn=${ARNS.awsRolesAnywhereTrustAnchorArn}`,
      `--aws-roles-anywhere-profile-arn=${ARNS.awsRolesAnywhereProfileArn}`,
      `--aws-roles-anywhere-role-arn=${ARNS.awsRolesAnywhereRoleArn}`,
      `--aws-roles-anywhere-endpoint=${ra.url}`,
    ];
  });
  after(async () => {
    await ra.close();
    await sts.close();
    rmSync(dir, { recursive: true, force: true });
  });

  void it('prints the source, the caller identity, the expiry and the certificate', async () => {
    const { code, stdout, stderr } = await run(['whoami', ...raFlags], { AWS_ENDPOINT_URL_STS: sts.url });
    assert.equal(code, 0, stderr);
    assert.match(stdout, /^Account default \(zones no --aws-zone-role claims\)$/m);
    assert.match(stdout, /Credential source: +roles-anywhere \(requested: auto\)/);
    assert.match(stdout, /Caller identity: +arn:aws:sts::123456789012:assumed-role\/zonekeeper\/31337/);
    assert.match(stdout, /AWS account: +123456789012/);
    assert.match(stdout, /Role: +arn:aws:iam::123456789012:role\/dns\/zonekeeper/);
    assert.match(stdout, /Credentials expire: +\d{4}-\d\d-\d\dT[\d:.]+Z \(in (59m|60m|1h)\)/);
    assert.match(stdout, /Certificate: +CN=zonekeeper\.onprem-1/);
    assert.match(stdout, /serial: +31337/);
    assert.match(stdout, new RegExp(`not after: +${leaf.certificate.validToDate.toISOString().replace(/\./g, '\\.')} \\(in (19|20)d\\)`));
  });

  void it('prints JSON with --output json, one entry per account (assume-role and a zone role included)', async () => {
    const { code, stdout, stderr } = await run(
      ['whoami', '--output', 'json', ...raFlags, '--aws-assume-role=arn:aws:iam::210987654321:role/route53', '--aws-assume-role-external-id=ext-1', '--aws-zone-role=example.org=arn:aws:iam::333333333333:role/org-dns'],
      { AWS_ENDPOINT_URL_STS: sts.url },
    );
    assert.equal(code, 0, stderr);
    const parsed = JSON.parse(stdout) as { accounts: { account: string; serves: unknown; identity: { arn: string }; credentials: { source: string; roleArn: string; sourceRoleArn: string; certificate: { serial: string; notAfter: string } } }[] };
    assert.deepEqual(
      parsed.accounts.map((a) => [a.account, a.serves, a.identity.arn, a.credentials.roleArn, a.credentials.sourceRoleArn, a.credentials.certificate.serial]),
      [
        ['default', 'default', 'arn:aws:sts::210987654321:assumed-role/route53/zonekeeper', 'arn:aws:iam::210987654321:role/route53', ARNS.awsRolesAnywhereRoleArn, '31337'],
        ['role:arn:aws:iam::333333333333:role/org-dns', ['example.org=arn:aws:iam::333333333333:role/org-dns'], 'arn:aws:sts::333333333333:assumed-role/org-dns/zonekeeper', 'arn:aws:iam::333333333333:role/org-dns', ARNS.awsRolesAnywhereRoleArn, '31337'],
      ],
    );
    assert.equal(parsed.accounts[0]?.credentials.certificate.notAfter, leaf.certificate.validToDate.toISOString());
    const assumes = sts.calls.filter((c) => c.action === 'AssumeRole').slice(-2);
    assert.ok(assumes.every((c) => c.params.ExternalId === 'ext-1' && ra.sessions.some((s) => s.accessKeyId === c.signedWith)));
  });

  void it('exits 1 and says why when STS refuses the identity', async () => {
    const { code, stdout } = await run(['whoami', ...raFlags, '--aws-assume-role=arn:aws:iam::210987654321:role/route53'], { AWS_ENDPOINT_URL_STS: sts.url, ZONEKEEPER_LOG_LEVEL: 'error' }).then(async (first) => {
      assert.equal(first.code, 0);
      sts.denyAssumeRole('User: arn:aws:sts::123456789012:assumed-role/zonekeeper/31337 is not authorized to perform: sts:AssumeRole');
      try {
        return await run(['whoami', ...raFlags, '--aws-assume-role=arn:aws:iam::210987654321:role/route53'], { AWS_ENDPOINT_URL_STS: sts.url });
      } finally {
        sts.denyAssumeRole(undefined);
      }
    });
    assert.equal(code, 1);
    assert.match(stdout, /ERROR: +.*not authorized to perform: sts:AssumeRole/);
    assert.match(stdout, /Credential source: +roles-anywhere/);
  });

  void it('refuses a partial Roles Anywhere configuration, naming the missing flags', async () => {
    const { code, stderr, stdout } = await run(['whoami', `--aws-roles-anywhere-certificate=${leaf.certPath}`], {});
    assert.equal(code, 1);
    assert.equal(stdout, '');
    assert.match(stderr, /zonekeeper whoami: IAM Roles Anywhere is partly configured \(--aws-roles-anywhere-certificate set\): also set --aws-roles-anywhere-private-key, --aws-roles-anywhere-trust-anchor-arn, --aws-roles-anywhere-profile-arn, --aws-roles-anywhere-role-arn/);
  });
});

void describe('IAM policy examples (docs/iam)', () => {
  const iamDir = join(ROOT, 'docs', 'iam');
  const files = readdirSync(iamDir).filter((f) => f.endsWith('.json'));
  type Statement = { Effect: string; Action?: string | string[]; NotAction?: unknown; Resource?: string | string[]; Principal?: unknown; Condition?: Record<string, Record<string, unknown>> };
  const list = (v: string | string[] | undefined): string[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
  const WRITE = /^route53:(Change|Create|Delete|Update|Associate|Disassociate)/;

  void it('has permission and trust policy examples', () => {
    assert.ok(files.length >= 4, files.join(','));
  });

  for (const file of files) {
    void it(`${file} parses and never grants route53:* nor a write on Resource "*"`, () => {
      const doc = JSON.parse(readFileSync(join(iamDir, file), 'utf8')) as { Version: string; Statement: Statement[] };
      assert.equal(doc.Version, '2012-10-17');
      assert.ok(Array.isArray(doc.Statement) && doc.Statement.length > 0);
      for (const s of doc.Statement) {
        assert.ok(s.Effect === 'Allow' || s.Effect === 'Deny');
        assert.equal(s.NotAction, undefined, 'no NotAction');
        const actions = list(s.Action);
        assert.ok(actions.length > 0);
        assert.ok(!actions.some((a) => a === '*' || a === 'route53:*' || /^route53:.*\*/.test(a)), `wildcard action in ${JSON.stringify(actions)}`);
        if (s.Effect === 'Allow' && actions.some((a) => WRITE.test(a))) {
          const resources = list(s.Resource);
          assert.ok(resources.length > 0 && resources.every((r) => r !== '*' && r.startsWith('arn:aws:route53:::hostedzone/')), `${file}: write actions on ${JSON.stringify(resources)}`);
        }
        if (actions.some((a) => a.startsWith('sts:'))) {
          // Trust policies: a named principal and a condition, never an open trust.
          assert.ok(s.Principal !== undefined && s.Principal !== '*' && JSON.stringify(s.Principal) !== '{"AWS":"*"}', `${file}: principal`);
          assert.ok(s.Condition !== undefined && Object.keys(s.Condition).length > 0, `${file}: a trust statement needs a condition`);
        }
      }
    });
  }
});
