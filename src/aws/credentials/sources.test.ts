// Each --aws-credentials-source value builds the SDK provider it names: every test serves
// credentials from one place only (env, files in a temp dir, a loopback STS / IMDS / container
// endpoint, the Roles Anywhere emulator) and checks the key that comes back and what describe() says.
import { describe, it, before, after, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startRolesAnywhereEmulator, type RolesAnywhereEmulator } from '../../../emulators/rolesanywhere/server.ts';
import { issue, selfSigned } from '../../../emulators/rolesanywhere/pki.ts';
import { resolveCredentials } from './resolve.ts';
import { CredentialConfigError, type CredentialSettings, type CredentialSource } from './settings.ts';
import { startLoopbackSts, type LoopbackSts } from './test-sts.ts';

const RA = {
  trustAnchorArn: 'arn:aws:rolesanywhere:us-east-1:123456789012:trust-anchor/0b0c8a52-3f0e-4a4e-9d7a-1c2b3d4e5f60',
  profileArn: 'arn:aws:rolesanywhere:us-east-1:123456789012:profile/1b0c8a52-3f0e-4a4e-9d7a-1c2b3d4e5f61',
  roleArn: 'arn:aws:iam::123456789012:role/dns/zonekeeper',
};

type Handler = (req: IncomingMessage, res: ServerResponse) => void;
async function serve(handler: Handler): Promise<{ url: string; hits: string[]; close: () => Promise<void> }> {
  const hits: string[] = [];
  const server = createServer((req, res) => {
    hits.push(`${req.method ?? ''} ${req.url ?? ''} ${req.headers.authorization ?? ''}`.trim());
    handler(req, res);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    hits,
    close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => { r(); }); }),
  };
}

const json = (res: ServerResponse, body: unknown): void => {
  res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
};
const later = (): string => new Date(Date.now() + 3600_000).toISOString();

/** AWS_* variables are cleared before each test and `vars` set; all restored afterwards. */
let saved: Record<string, string | undefined> = {};
function clearAwsEnv(): void {
  for (const k of Object.keys(process.env)) {
    if (k.startsWith('AWS_')) {
      saved[k] ??= process.env[k];
      Reflect.deleteProperty(process.env, k);
    }
  }
}
function setEnv(vars: Record<string, string>): void {
  for (const [k, v] of Object.entries(vars)) {
    if (!(k in saved)) saved[k] = process.env[k];
    process.env[k] = v;
  }
}

const settings = (source: CredentialSource, extra: Partial<CredentialSettings> = {}): CredentialSettings => ({ source, profiles: [], region: 'us-east-1', ...extra });

void describe('credential sources', () => {
  const dir = mkdtempSync(join(tmpdir(), 'zk-creds-'));
  let sts: LoopbackSts;
  let ra: RolesAnywhereEmulator;
  let certPath = '';
  let keyPath = '';

  before(async () => {
    sts = await startLoopbackSts();
    const ca = selfSigned(dir, { name: 'ca', kind: 'p256', ca: true, days: 30 });
    const leaf = issue(dir, ca, { name: 'leaf', kind: 'p256', serial: 4242n, days: 10 });
    certPath = leaf.certPath;
    keyPath = leaf.keyPath;
    ra = await startRolesAnywhereEmulator({ trustAnchorPems: [ca.certPem] });
  });
  after(async () => {
    await sts.close();
    await ra.close();
    rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(() => {
    saved = {};
    clearAwsEnv();
    // No stray shared files from the machine running the tests.
    setEnv({ AWS_SHARED_CREDENTIALS_FILE: join(dir, 'none-credentials'), AWS_CONFIG_FILE: join(dir, 'none-config') });
  });
  afterEach(() => {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) Reflect.deleteProperty(process.env, k);
      else process.env[k] = v;
    }
  });

  void it('env: reads AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY', async () => {
    setEnv({ AWS_ACCESS_KEY_ID: 'AKIDFROMENV', AWS_SECRET_ACCESS_KEY: 'secret' });
    const c = resolveCredentials(settings('env'));
    assert.equal((await c.provider()).accessKeyId, 'AKIDFROMENV');
    const d = c.describe();
    assert.equal(d.source, 'env');
    assert.equal(d.resolvedBy, 'environment variables (AWS_ACCESS_KEY_ID)');
  });

  void it('env: fails clearly when the variables are missing', async () => {
    const c = resolveCredentials(settings('env'));
    await assert.rejects(c.provider(), /AWS_ACCESS_KEY_ID|environment/i);
    assert.match(c.describe().lastError ?? '', /environment|AWS_ACCESS_KEY_ID/i);
  });

  void it('shared-file: reads the --aws-profile section of AWS_SHARED_CREDENTIALS_FILE (a Helm-mounted Secret)', async () => {
    const file = join(dir, 'credentials');
    writeFileSync(file, '[default]\naws_access_key_id = AKIDDEFAULT\naws_secret_access_key = s\n[team]\naws_access_key_id = AKIDTEAMFILE\naws_secret_access_key = s\n');
    setEnv({ AWS_SHARED_CREDENTIALS_FILE: file });
    const c = resolveCredentials(settings('shared-file', { profiles: ['team'] }));
    assert.equal((await c.provider()).accessKeyId, 'AKIDTEAMFILE');
    assert.equal(c.describe().resolvedBy, 'shared credentials file');
    assert.deepEqual(c.describe().detail, { profile: 'team', credentialsFile: file, configFile: join(dir, 'none-config') });
  });

  for (const source of ['shared-file', 'auto'] as const) {
    void it(`${source}: re-reads a rotated credentials file after 5 minutes, without a restart`, async () => {
      const file = join(dir, `rotating-${source}`);
      writeFileSync(file, '[default]\naws_access_key_id = AKIDBEFOREROTATION\naws_secret_access_key = s\n');
      setEnv({ AWS_SHARED_CREDENTIALS_FILE: file });
      let t = Date.now();
      const c = resolveCredentials(settings(source), { now: () => new Date(t) });
      assert.equal((await c.provider()).accessKeyId, 'AKIDBEFOREROTATION');
      writeFileSync(file, '[default]\naws_access_key_id = AKIDAFTERROTATION\naws_secret_access_key = s\n');
      t += 4 * 60_000;
      assert.equal((await c.provider()).accessKeyId, 'AKIDBEFOREROTATION', 'kept within 5 minutes');
      t += 2 * 60_000;
      assert.equal((await c.provider()).accessKeyId, 'AKIDAFTERROTATION');
    });
  }

  void it('process: runs the profile\'s credential_process from AWS_CONFIG_FILE', async () => {
    const script = join(dir, 'helper.sh');
    writeFileSync(script, `#!/bin/sh\necho '{"Version":1,"AccessKeyId":"ASIAFROMPROCESS","SecretAccessKey":"s","SessionToken":"t","Expiration":"${later()}"}'\n`);
    chmodSync(script, 0o755);
    const config = join(dir, 'config-process');
    writeFileSync(config, `[profile helper]\ncredential_process = ${script}\n`);
    setEnv({ AWS_CONFIG_FILE: config });
    const c = resolveCredentials(settings('process', { profiles: ['helper'] }));
    const id = await c.provider();
    assert.equal(id.accessKeyId, 'ASIAFROMPROCESS');
    assert.equal(c.describe().resolvedBy, 'credential_process');
    assert.ok(c.describe().expiration instanceof Date);
  });

  void it('web-identity: exchanges the IRSA token file for the AWS_ROLE_ARN role at STS', async () => {
    const token = join(dir, 'token');
    writeFileSync(token, 'eyJhbGciOiJSUzI1NiJ9.irsa.token');
    const role = 'arn:aws:iam::111122223333:role/irsa-dns';
    setEnv({ AWS_WEB_IDENTITY_TOKEN_FILE: token, AWS_ROLE_ARN: role });
    const c = resolveCredentials(settings('web-identity'), { stsEndpoint: sts.url });
    const id = await c.provider();
    const call = sts.calls.at(-1);
    assert.equal(call?.action, 'AssumeRoleWithWebIdentity');
    assert.equal(call?.params.WebIdentityToken, 'eyJhbGciOiJSUzI1NiJ9.irsa.token');
    assert.equal(call?.params.RoleArn, role);
    assert.equal(id.accessKeyId, sts.issued.at(-1)?.accessKeyId);
    assert.equal(c.describe().roleArn, role);
    assert.equal(c.describe().resolvedBy, 'web identity token file (IRSA)');
  });

  void it('web-identity: names the missing environment variable', () => {
    setEnv({ AWS_ROLE_ARN: 'arn:aws:iam::111122223333:role/irsa-dns' });
    assert.throws(() => resolveCredentials(settings('web-identity')), (e: unknown) => e instanceof CredentialConfigError && /needs the environment variable AWS_WEB_IDENTITY_TOKEN_FILE/.test(e.message));
  });

  void it('pod-identity: fetches from AWS_CONTAINER_CREDENTIALS_FULL_URI with the token from the token file', async () => {
    const server = await serve((req, res) => {
      if (req.headers.authorization !== 'pod-identity-token') { res.writeHead(401).end(); return; }
      json(res, { AccessKeyId: 'ASIAPODIDENTITY', SecretAccessKey: 's', Token: 't', Expiration: later(), AccountId: '111122223333' });
    });
    try {
      const tokenFile = join(dir, 'eks-pod-identity-token');
      writeFileSync(tokenFile, 'pod-identity-token');
      setEnv({ AWS_CONTAINER_CREDENTIALS_FULL_URI: `${server.url}/v1/credentials`, AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE: tokenFile });
      const c = resolveCredentials(settings('pod-identity'));
      assert.equal((await c.provider()).accessKeyId, 'ASIAPODIDENTITY');
      assert.deepEqual(server.hits, ['GET /v1/credentials pod-identity-token']);
      assert.equal(c.describe().resolvedBy, 'container credentials endpoint (EKS Pod Identity / ECS)');
    } finally {
      await server.close();
    }
  });

  void it('container: fetches from the ECS container credentials endpoint', async () => {
    const server = await serve((_req, res) => {
      json(res, { AccessKeyId: 'ASIACONTAINER', SecretAccessKey: 's', Token: 't', Expiration: later() });
    });
    try {
      setEnv({ AWS_CONTAINER_CREDENTIALS_FULL_URI: `${server.url}/creds` });
      const c = resolveCredentials(settings('container'));
      assert.equal((await c.provider()).accessKeyId, 'ASIACONTAINER');
      assert.equal(c.describe().source, 'container');
      assert.equal(server.hits.length, 1);
    } finally {
      await server.close();
    }
  });

  void it('pod-identity / container: refuse to start without a container credentials URI', () => {
    for (const source of ['pod-identity', 'container'] as const) {
      assert.throws(() => resolveCredentials(settings(source)), /one of AWS_CONTAINER_CREDENTIALS_FULL_URI or AWS_CONTAINER_CREDENTIALS_RELATIVE_URI/);
    }
  });

  async function imds(): Promise<Awaited<ReturnType<typeof serve>>> {
    return serve((req, res) => {
      if (req.method === 'PUT' && req.url === '/latest/api/token') { res.writeHead(200).end('imds-token'); return; }
      if (req.headers['x-aws-ec2-metadata-token'] !== 'imds-token') { res.writeHead(401).end(); return; }
      if (req.url === '/latest/meta-data/iam/security-credentials/') { res.writeHead(200).end('node-role'); return; }
      if (req.url === '/latest/meta-data/iam/security-credentials/node-role') {
        json(res, { Code: 'Success', Type: 'AWS-HMAC', AccessKeyId: 'ASIANODEROLE', SecretAccessKey: 's', Token: 't', Expiration: later(), LastUpdated: new Date().toISOString() });
        return;
      }
      res.writeHead(404).end();
    });
  }

  void it('instance: takes the node role from IMDSv2 (AWS_EC2_METADATA_SERVICE_ENDPOINT)', async () => {
    const server = await imds();
    try {
      setEnv({ AWS_EC2_METADATA_SERVICE_ENDPOINT: server.url });
      const c = resolveCredentials(settings('instance'));
      assert.equal((await c.provider()).accessKeyId, 'ASIANODEROLE');
      assert.ok(server.hits.some((h) => h.startsWith('PUT /latest/api/token')), 'IMDSv2 token flow used');
      assert.equal(c.describe().resolvedBy, 'EC2 instance metadata (the node role)');
    } finally {
      await server.close();
    }
  });

  void it('auto: the SDK chain, and describe() reveals a silent fall-back to the node role', async () => {
    const server = await imds();
    try {
      setEnv({ AWS_EC2_METADATA_SERVICE_ENDPOINT: server.url });
      const c = resolveCredentials(settings('auto'));
      assert.equal((await c.provider()).accessKeyId, 'ASIANODEROLE');
      const d = c.describe();
      assert.equal(d.source, 'sdk-chain');
      assert.equal(d.requested, 'auto');
      assert.equal(d.resolvedBy, 'EC2 instance metadata (the node role)');
    } finally {
      await server.close();
    }
  });

  void it('auto: the SDK chain prefers environment variables', async () => {
    setEnv({ AWS_ACCESS_KEY_ID: 'AKIDCHAINENV', AWS_SECRET_ACCESS_KEY: 's' });
    const c = resolveCredentials(settings('auto'));
    assert.equal((await c.provider()).accessKeyId, 'AKIDCHAINENV');
    assert.equal(c.describe().resolvedBy, 'environment variables (AWS_ACCESS_KEY_ID)');
  });

  for (const source of ['auto', 'roles-anywhere'] as const) {
    void it(`${source}: with the Roles Anywhere flags, calls CreateSession with the certificate and reports it`, async () => {
      setEnv({ AWS_ACCESS_KEY_ID: 'AKIDIGNORED', AWS_SECRET_ACCESS_KEY: 's' });
      const before = ra.sessionsCreated;
      const c = resolveCredentials(
        settings(source, { rolesAnywhere: { ...RA, certificatePath: certPath, privateKeyPath: keyPath, sessionDurationSeconds: 3600, endpoint: ra.url } }),
        { watchFiles: false },
      );
      try {
        const id = await c.provider();
        assert.equal(ra.sessionsCreated, before + 1);
        assert.equal(id.accessKeyId, ra.sessions.at(-1)?.accessKeyId);
        const d = c.describe();
        assert.equal(d.source, 'roles-anywhere');
        assert.equal(d.requested, source);
        assert.equal(d.roleArn, RA.roleArn);
        assert.equal(d.certificate?.serial, '4242');
        assert.equal(d.certificate?.subject, 'CN=leaf');
        assert.equal(c.certificateNotAfter()?.getTime(), d.certificate?.notAfter.getTime());
        assert.ok((d.expiration?.getTime() ?? 0) > Date.now());
        // The provider caches itself: a second call makes no second session.
        await c.provider();
        assert.equal(ra.sessionsCreated, before + 1);
      } finally {
        c.close();
      }
    });
  }
});
