// The emulator verifies CreateSession on its own: real helper output passes, forgeries do not.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startRolesAnywhereEmulator } from './server.ts';
import type { RolesAnywhereEmulator } from './server.ts';
import { issue, selfSigned } from './pki.ts';
import type { IssuedCertificate } from './pki.ts';
import { signRequest } from '../../src/aws/roles-anywhere/signer.ts';
import type { SigningIdentity } from '../../src/aws/roles-anywhere/signer.ts';

const FIXTURES = new URL('../../test/fixtures/rolesanywhere/', import.meta.url);
const fixture = (name: string): string => readFileSync(new URL(name, FIXTURES), 'utf8');

const ROLE = 'arn:aws:iam::123456789012:role/zonekeeper';
const PROFILE = 'arn:aws:rolesanywhere:eu-west-1:123456789012:profile/6f4943fb-13d4-4242-89c4-be367595c380';
const ANCHOR = 'arn:aws:rolesanywhere:eu-west-1:123456789012:trust-anchor/a545a1fc-5d86-4032-8f4c-61cdd6ff92da';

interface PostOptions {
  readonly date?: Date;
  readonly body?: string;
  /** Body actually sent (differs from the signed one when tampering). */
  readonly sentBody?: string;
  readonly mutateHeaders?: (h: Record<string, string>) => void;
}

async function post(
  emu: RolesAnywhereEmulator,
  identity: SigningIdentity,
  opts: PostOptions = {},
): Promise<{ status: number; body: Record<string, unknown>; errorType: string | null }> {
  const url = new URL(emu.url);
  const body = opts.body ?? '{"durationSeconds":900}';
  const signed = signRequest(
    {
      method: 'POST',
      host: url.host,
      path: '/sessions',
      query: [
        ['profileArn', PROFILE],
        ['roleArn', ROLE],
        ['trustAnchorArn', ANCHOR],
      ],
      body,
    },
    identity,
    { region: 'eu-west-1', service: 'rolesanywhere', date: opts.date ?? new Date() },
  );
  const headers = { ...signed.headers };
  delete headers.Host;
  opts.mutateHeaders?.(headers);
  const res = await fetch(`${emu.url}/sessions?${signed.queryString}`, {
    method: 'POST',
    headers,
    body: opts.sentBody ?? body,
  });
  return {
    status: res.status,
    body: (await res.json()) as Record<string, unknown>,
    errorType: res.headers.get('x-amzn-errortype'),
  };
}

const idOf = (leaf: IssuedCertificate, chain: IssuedCertificate[] = []): SigningIdentity => ({
  certificate: leaf.certificate,
  chain: chain.map((c) => c.certificate),
  privateKey: createPrivateKey(leaf.keyPem),
});

void describe('Roles Anywhere emulator', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ra-emu-'));
  let root: IssuedCertificate;
  let intermediate: IssuedCertificate;
  let leaf: IssuedCertificate;
  let rogueLeaf: IssuedCertificate;
  let emu: RolesAnywhereEmulator;

  before(async () => {
    root = selfSigned(dir, { name: 'root', kind: 'rsa', ca: true, days: 30 });
    intermediate = issue(dir, root, { name: 'intermediate', kind: 'p256', ca: true, days: 20 });
    leaf = issue(dir, intermediate, { name: 'leaf', kind: 'p384', serial: 0x1234567890abcdefn, days: 10 });
    const rogue = selfSigned(dir, { name: 'rogue', kind: 'rsa', ca: true, days: 30 });
    rogueLeaf = issue(dir, rogue, { name: 'rogue-leaf', kind: 'rsa', days: 10 });
    emu = await startRolesAnywhereEmulator({ trustAnchorPems: [root.certPem], credentialLifetimeSeconds: 900 });
  });
  after(async () => {
    await emu.close();
    rmSync(dir, { recursive: true, force: true });
  });

  void it('accepts a P-384 leaf chained through an intermediate and vends unique ASIA credentials', async () => {
    const a = await post(emu, idOf(leaf, [intermediate]));
    const b = await post(emu, idOf(leaf, [intermediate]));
    assert.equal(a.status, 201, JSON.stringify(a.body));
    const credsOf = (r: typeof a): Record<string, string> =>
      ((r.body.credentialSet as Record<string, unknown>[])[0]?.credentials ?? {}) as Record<string, string>;
    assert.match(credsOf(a).accessKeyId ?? '', /^ASIA[A-Z2-7]{16}$/);
    assert.notEqual(credsOf(a).accessKeyId, credsOf(b).accessKeyId);
    const lifetime = Date.parse(credsOf(a).expiration ?? '') - Date.now();
    assert.ok(lifetime > 890_000 && lifetime <= 900_000, `lifetime ${lifetime}`);
    assert.equal(emu.lastSerial, BigInt('0x1234567890abcdef').toString(10));
  });

  void it('refuses a tampered body with a signature mismatch', async () => {
    const r = await post(emu, idOf(leaf, [intermediate]), { sentBody: '{"durationSeconds":43200}' });
    assert.equal(r.status, 403);
    assert.equal(r.errorType, 'AccessDeniedException');
    assert.match(String(r.body.message), /signature mismatch/);
  });

  void it('refuses a certificate from a CA that is not a trust anchor', async () => {
    const r = await post(emu, idOf(rogueLeaf));
    assert.equal(r.status, 403);
    assert.match(String(r.body.message), /does not chain to a configured trust anchor/);
  });

  void it('refuses a leaf whose intermediate is missing from X-Amz-X509-Chain', async () => {
    const r = await post(emu, idOf(leaf));
    assert.equal(r.status, 403);
    assert.match(String(r.body.message), /does not chain/);
  });

  void it('refuses an expired certificate', async () => {
    const later = new Date(leaf.certificate.validToDate.getTime() + 60_000);
    const e = await startRolesAnywhereEmulator({ trustAnchorPems: [root.certPem], now: () => later });
    try {
      const r = await post(e, idOf(leaf, [intermediate]), { date: later });
      assert.equal(r.status, 403);
      assert.match(String(r.body.message), /has expired/);
    } finally {
      await e.close();
    }
  });

  void it('refuses a request dated more than 5 minutes from server time (clock skew)', async () => {
    const r = await post(emu, idOf(leaf, [intermediate]), { date: new Date(Date.now() - 301_000) });
    assert.equal(r.status, 403);
    assert.match(String(r.body.message), /clock skew/);
    const ok = await post(emu, idOf(leaf, [intermediate]), { date: new Date(Date.now() - 290_000) });
    assert.equal(ok.status, 201);
  });

  void it('refuses a Credential serial that is not the certificate serial', async () => {
    const r = await post(emu, idOf(leaf, [intermediate]), {
      mutateHeaders: (h) => {
        h.Authorization = (h.Authorization ?? '').replace(/Credential=\d+/, 'Credential=1');
      },
    });
    assert.equal(r.status, 403);
    assert.match(String(r.body.message), /serial 1 does not match/);
  });

  void it('refuses an algorithm that does not match the key type', async () => {
    const r = await post(emu, idOf(leaf, [intermediate]), {
      mutateHeaders: (h) => {
        h.Authorization = (h.Authorization ?? '').replace('ECDSA', 'RSA');
      },
    });
    assert.equal(r.status, 403);
    assert.match(String(r.body.message), /does not match the certificate key type ec/);
  });

  void it('answers malformed requests with a 4xx and a reason, never a crash', async () => {
    const target = `${emu.url}/sessions?profileArn=${encodeURIComponent(PROFILE)}&roleArn=${encodeURIComponent(ROLE)}&trustAnchorArn=${encodeURIComponent(ANCHOR)}`;
    const cases: Record<string, string>[] = [
      {},
      { Authorization: 'AWS4-X509-RSA-SHA256 Credential=1/x, SignedHeaders=host, Signature=zz' },
      { Authorization: 'AWS4-X509-ECDSA-SHA256 Credential=1/20990101/eu-west-1/rolesanywhere/aws4_request, SignedHeaders=host;x-amz-date;x-amz-x509, Signature=ab', 'X-Amz-Date': 'yesterday' },
      { Authorization: 'AWS4-X509-ECDSA-SHA256 Credential=1/20990101/eu-west-1/rolesanywhere/aws4_request, SignedHeaders=host;x-amz-date;x-amz-x509, Signature=ab', 'X-Amz-Date': new Date().toISOString().replace(/[-:]|\.\d{3}/g, ''), 'X-Amz-X509': 'bm90IGEgY2VydA==' },
    ];
    for (const headers of cases) {
      const res = await fetch(target, { method: 'POST', headers, body: '{' });
      const body = (await res.json()) as { message?: string };
      assert.ok(res.status >= 400 && res.status < 500, `${res.status} for ${JSON.stringify(headers)}`);
      assert.ok((body.message ?? '').length > 10);
    }
    const missing = await fetch(`${emu.url}/sessions`, { method: 'POST', body: '{}' });
    assert.equal(missing.status, 400);
    assert.match(((await missing.json()) as { message: string }).message, /missing required parameter\(s\): profileArn, roleArn, trustAnchorArn/);
  });

  void it('accepts the exact request the official helper v1.1.1 sent (vector B replayed)', async () => {
    const v = (JSON.parse(fixture('vectors.json')) as { awsRolesAnywhereSigner: Record<string, string> })
      .awsRolesAnywhereSigner;
    const at = new Date('2024-07-06T11:38:59Z');
    const e = await startRolesAnywhereEmulator({
      trustAnchorPems: [fixture('aws_rolesanywhere_signer/root-ca.crt')],
      now: () => at,
    });
    try {
      // Raw HTTP so Host can be 127.0.0.1:8080 exactly as signed, whatever port we listen on.
      const { request } = await import('node:http');
      const port = new URL(e.url).port;
      const status = await new Promise<number>((resolve, reject) => {
        const req = request(
          {
            host: '127.0.0.1',
            port,
            method: 'POST',
            path: v.requestTarget,
            headers: {
              Host: v.host ?? '',
              'User-Agent': 'CredHelper/1.1.1 (go1.22.4; linux; amd64)',
              Authorization: v.authorization ?? '',
              'Content-Type': 'application/json',
              'X-Amz-Date': v.date ?? '',
              'X-Amz-X509': v.x509 ?? '',
            },
          },
          (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
          },
        );
        req.on('error', reject);
        req.end(v.body);
      });
      assert.equal(status, 201, e.refusals.join('; '));
      assert.equal(e.lastSerial, '21');
      assert.equal(
        new X509Certificate(fixture('aws_rolesanywhere_signer/alice-cert.crt')).serialNumber,
        '15',
      );
    } finally {
      await e.close();
    }
  });
});
