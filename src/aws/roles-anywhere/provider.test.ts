// The provider end to end against the independent emulator over loopback HTTP.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AwsCredentialIdentityProvider } from '@aws-sdk/types';
import { createRolesAnywhereProvider, refreshTime } from './provider.ts';
import type { Logger, RolesAnywhereProviderOptions } from './provider.ts';
import type { FetchLike } from './session.ts';
import { RolesAnywhereError } from './errors.ts';
import { startRolesAnywhereEmulator } from '../../../emulators/rolesanywhere/server.ts';
import type { RolesAnywhereEmulator } from '../../../emulators/rolesanywhere/server.ts';
import { issue, selfSigned } from '../../../emulators/rolesanywhere/pki.ts';
import type { IssuedCertificate } from '../../../emulators/rolesanywhere/pki.ts';

const ARNS = {
  trustAnchorArn: 'arn:aws:rolesanywhere:eu-west-1:123456789012:trust-anchor/a545a1fc-5d86-4032-8f4c-61cdd6ff92da',
  profileArn: 'arn:aws:rolesanywhere:eu-west-1:123456789012:profile/6f4943fb-13d4-4242-89c4-be367595c380',
  roleArn: 'arn:aws:iam::123456789012:role/zonekeeper',
};

/** Records log calls so tests can check what was said, and that no secret was. */
function recordingLogger(): Logger & { entries: { level: string; obj: object; msg: string }[] } {
  const entries: { level: string; obj: object; msg: string }[] = [];
  const at = (level: string) => (obj: object, msg: string) => {
    entries.push({ level, obj, msg });
  };
  return { entries, warn: at('warn'), info: at('info'), debug: at('debug'), error: at('error') };
}

void describe('refreshTime', () => {
  void it('refreshes 10 % of the lifetime (at least 5 min, the skew CreateSession tolerates) before expiry, not before half of it nor within 30 s', () => {
    const at = (lifetimeS: number): number =>
      (refreshTime(new Date(0), new Date(lifetimeS * 1000)).getTime() / 1000);
    assert.equal(at(3600), 3240); // expiry - 360 s (10 %)
    assert.equal(at(43200), 38880); // 12 h: expiry - 72 min (10 %)
    assert.equal(at(3000), 2700); // 10 % and the 5 min minimum coincide
    assert.equal(at(1800), 1500); // 10 % would be 180 s: the 5 min minimum margin applies
    assert.equal(at(900), 600); // the shortest Roles Anywhere session: expiry - 5 min
    assert.equal(at(500), 250); // expiry - 5 min is before half: floor at 1/2
    assert.equal(at(40), 30); // half is 20 s: never within 30 s of issue
    assert.equal(at(-600), 30); // already expired by our clock: still not on every call
    // Relative to the issue time, not the epoch.
    const issued = new Date(Date.UTC(2026, 10, 21, 6, 0, 0));
    assert.equal(refreshTime(issued, new Date(issued.getTime() + 3600_000)).getTime() - issued.getTime(), 3240_000);
  });
});

void describe('createRolesAnywhereProvider against the emulator', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ra-provider-'));
  let ca: IssuedCertificate;
  let leaf: IssuedCertificate;
  let rogueLeaf: IssuedCertificate;
  let t = 0;
  const clock = (): Date => new Date(t);
  const secrets: string[] = [];
  const logger = recordingLogger();
  const emulators: RolesAnywhereEmulator[] = [];

  const start = async (now: () => Date = clock): Promise<RolesAnywhereEmulator> => {
    const e = await startRolesAnywhereEmulator({ trustAnchorPems: [ca.certPem], now });
    emulators.push(e);
    return e;
  };
  const counting = (): FetchLike & { calls: number } => {
    const f = Object.assign(
      (url: string, init: Parameters<FetchLike>[1]) => {
        f.calls++;
        return fetch(url, init);
      },
      { calls: 0 },
    );
    return f;
  };
  const make = (emu: RolesAnywhereEmulator, extra: Partial<RolesAnywhereProviderOptions> = {}) =>
    createRolesAnywhereProvider({
      ...ARNS,
      certificatePath: leaf.certPath,
      privateKeyPath: leaf.keyPath,
      endpoint: emu.url,
      now: clock,
      logger,
      watchFiles: false,
      roleSessionName: 'zonekeeper-test',
      ...extra,
    });

  before(() => {
    ca = selfSigned(dir, { name: 'ca', kind: 'rsa', ca: true, days: 30 });
    leaf = issue(dir, ca, { name: 'leaf', kind: 'p256', serial: 1001n, days: 10 });
    const rogue = selfSigned(dir, { name: 'rogue', kind: 'p256', ca: true, days: 30 });
    rogueLeaf = issue(dir, rogue, { name: 'rogue-leaf', kind: 'rsa', days: 10 });
    t = Date.now() + 1000;
  });
  after(async () => {
    for (const e of emulators) await e.close();
    rmSync(dir, { recursive: true, force: true });
    const logged = JSON.stringify(logger.entries);
    for (const s of secrets) assert.ok(!logged.includes(s), 'a credential leaked into the log');
    assert.doesNotMatch(logged, /PRIVATE KEY/);
  });

  void it('gets credentials end to end and reports the certificate in use', async () => {
    const emu = await start();
    const provider = make(emu);
    const sdkView: AwsCredentialIdentityProvider = provider; // usable as SDK v3 `credentials`
    const creds = await sdkView();
    secrets.push(creds.secretAccessKey, creds.sessionToken ?? '');
    assert.match(creds.accessKeyId, /^ASIA/);
    assert.equal(creds.expiration?.getTime(), Math.floor((t + 3600_000) / 1000) * 1000);
    assert.equal(emu.sessions[0]?.durationSeconds, 3600);
    assert.equal(emu.sessions[0]?.roleSessionName, 'zonekeeper-test');
    const s = provider.status();
    assert.equal(s.certificate?.serial, '1001');
    assert.equal(s.certificate?.subject, 'CN=leaf');
    assert.equal(provider.certificateNotAfter()?.getTime(), leaf.certificate.validToDate.getTime());
    assert.equal(s.lastRefresh?.getTime(), t);
    assert.equal(s.sessionsCreated, 1);
    provider.close();
    await assert.rejects(provider(), (e: unknown) => e instanceof RolesAnywhereError && e.code === 'Closed');
  });

  void it('makes one CreateSession per lifetime however many callers, refreshing 10 % of it before expiry', async () => {
    const emu = await start();
    const provider = make(emu);
    const first = await Promise.all(Array.from({ length: 50 }, () => provider()));
    assert.equal(emu.sessionsCreated, 1, 'concurrent first callers share one request');
    assert.equal(new Set(first.map((c) => c.accessKeyId)).size, 1);
    const start0 = t;
    const sessionAt = [0];
    let calls = 0;
    // Three lifetimes in 10 s steps: ~1080 steps of 3 concurrent calls.
    while (t - start0 < 3 * 3600_000) {
      t += 10_000;
      const before = emu.sessionsCreated;
      const batch = await Promise.all([provider(), provider(), provider()]);
      calls += batch.length;
      if (emu.sessionsCreated > before) sessionAt.push(t - start0);
      assert.equal(new Set(batch.map((c) => c.accessKeyId)).size, 1, 'concurrent callers share one refresh');
      for (const c of batch) {
        // The refresh margin is 360 s (10 % of 3600 s); the emulator's whole-second expiry takes up to 1 s off it.
        assert.ok((c.expiration?.getTime() ?? 0) - t > 359_000, 'never handed out within the refresh margin of expiry');
      }
    }
    // Refresh at 3240 s of 3600 s (the first 10 s step at or past it): sessions at 0, 3240, 6480,
    // 9720 s; 4 for three lifetimes where the old 2/3 schedule made 5-6.
    assert.ok(calls > 3000);
    assert.deepEqual(sessionAt, [0, 3240_000, 6480_000, 9720_000], `sessions at ${sessionAt.join(',')} ms for ${calls} calls`);
    assert.equal(emu.sessionsCreated, 4);
    provider.close();
  });

  void it('keeps serving cached credentials with backoff while refreshes fail, then recovers', async () => {
    const emu = await start();
    const f = counting();
    const provider = make(emu, { fetch: f, retryInitialDelayMs: 1000, retryMaxDelayMs: 8000 });
    const original = await provider();
    t += 3239_000; // just before the refresh time (3240 s of 3600 s)
    assert.equal((await provider()).accessKeyId, original.accessKeyId);
    assert.equal(f.calls, 1, 'no refresh before expiry - 10 % of the lifetime');
    emu.setOutage(503);
    t += 1000; // at the refresh time, 300 s before the cached credentials stop being served
    for (let i = 0; i < 100; i++) {
      const c = await provider(); // 10 s in total: attempts at +0, +1, +3, +7 s (1, 2, 4 s backoff) only
      assert.equal(c.accessKeyId, original.accessKeyId);
      t += 100;
    }
    assert.equal(f.calls, 1 + 4, 'backoff bounds the retries');
    assert.equal(provider.status().consecutiveFailures, 4);
    assert.match(provider.status().lastError ?? '', /HTTP 503 ServiceUnavailableException/);
    assert.ok(logger.entries.some((e) => e.msg.includes('serving the cached credentials')));
    emu.setOutage(undefined);
    t += 8000;
    const fresh = await provider();
    assert.notEqual(fresh.accessKeyId, original.accessKeyId);
    assert.equal(provider.status().consecutiveFailures, 0);
    // Once the cached credentials are too old, a failure surfaces as an error.
    emu.setOutage(503);
    t += 3600_000;
    await assert.rejects(provider(), /Roles Anywhere CreateSession refused \(HTTP 503/);
    provider.close();
  });

  const refusal = (pattern: RegExp) => (err: unknown): boolean => {
    assert.ok(err instanceof RolesAnywhereError, String(err));
    assert.equal(err.code, 'ServiceError');
    assert.equal(err.status, 403);
    assert.equal(err.serviceErrorType, 'AccessDeniedException');
    assert.match(err.message, pattern);
    assert.ok(err.message.includes(`trust anchor ${ARNS.trustAnchorArn}`), err.message);
    assert.match(err.message, /chains to the trust anchor's CA/);
    return true;
  };

  void it('turns a wrong-CA refusal into an error quoting the service and naming the trust anchor', async () => {
    const emu = await start();
    const provider = make(emu, { certificatePath: rogueLeaf.certPath, privateKeyPath: rogueLeaf.keyPath });
    await assert.rejects(provider(), refusal(/HTTP 403 AccessDeniedException\): "Untrusted certificate: "CN=rogue-leaf".*does not chain/));
    provider.close();
  });

  void it('turns a signature-mismatch refusal (body altered in transit) into a clear error', async () => {
    const emu = await start();
    const tamper: FetchLike = (url, init) => fetch(url, { ...init, body: init.body.replace('3600', '7200') });
    const provider = make(emu, { fetch: tamper });
    await assert.rejects(provider(), refusal(/signature mismatch/));
    provider.close();
  });

  void it('turns a clock-skew refusal into a clear error', async () => {
    const emu = await start(() => new Date(t + 10 * 60_000));
    const provider = make(emu);
    await assert.rejects(provider(), refusal(/clock skew, allowed 300 s/));
    provider.close();
  });

  void it('turns an expired-certificate refusal into a clear error', async () => {
    const notAfter = leaf.certificate.validToDate.getTime();
    const emu = await start(() => new Date(notAfter + 2000));
    const provider = make(emu, { now: () => new Date(notAfter - 1000) });
    await assert.rejects(provider(), refusal(/Client certificate "CN=leaf" has expired/));
    provider.close();
  });

  void it('never quotes an answer carrying credentials in the error for an unexpected status', async () => {
    const emu = await start();
    let answer = '';
    const accepted202: FetchLike = async (url, init) => {
      const r = await fetch(url, init);
      answer = await r.text();
      return { status: 202, headers: r.headers, text: () => Promise.resolve(answer) };
    };
    const provider = make(emu, { fetch: accepted202 });
    const err = await provider().then(
      () => assert.fail('a 202 answer must not be taken as credentials'),
      (e: unknown) => e,
    );
    assert.ok(err instanceof RolesAnywhereError, String(err));
    assert.match(err.message, /HTTP 202\): "\(answer not shown: it carries credentials\)"/);
    const issued = (JSON.parse(answer) as { credentialSet: { credentials: { secretAccessKey: string; sessionToken: string } }[] })
      .credentialSet[0]?.credentials;
    assert.ok(issued !== undefined && issued.secretAccessKey !== '');
    assert.ok(!err.message.includes(issued.secretAccessKey), 'the secret key leaked into the error');
    assert.ok(!err.message.includes(issued.sessionToken), 'the session token leaked into the error');
    provider.close();
  });

  void it('refuses locally, without a request, when the certificate has already expired', async () => {
    const emu = await start();
    const provider = make(emu, { now: () => new Date(leaf.certificate.validToDate.getTime() + 1000) });
    await assert.rejects(provider(), (e: unknown) => e instanceof RolesAnywhereError && e.code === 'CertificateInvalid' && e.message.includes(leaf.certPath));
    assert.equal(emu.sessionsCreated + emu.refusals.length, 0);
    provider.close();
  });

  void it('warns when the certificate expires within 7 days', async () => {
    const emu = await start(() => new Date(leaf.certificate.validToDate.getTime() - 3 * 86400_000));
    const provider = make(emu, { now: () => new Date(leaf.certificate.validToDate.getTime() - 3 * 86400_000) });
    await provider();
    assert.ok(logger.entries.some((e) => e.level === 'warn' && e.msg.includes('expires within 7 days')));
    provider.close();
  });
});
