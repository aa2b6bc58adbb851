// Certificate rotation under load: no call fails, half-written pairs are never used, and the
// next CreateSession after a complete rotation carries the new serial.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { createRolesAnywhereProvider } from './provider.ts';
import type { Logger } from './provider.ts';
import { startRolesAnywhereEmulator } from '../../../emulators/rolesanywhere/server.ts';
import { issue, selfSigned } from '../../../emulators/rolesanywhere/pki.ts';
import type { IssuedCertificate } from '../../../emulators/rolesanywhere/pki.ts';

const ARNS = {
  trustAnchorArn: 'arn:aws:rolesanywhere:us-east-1:123456789012:trust-anchor/0b0c8a52-3f0e-4a4e-9d7a-1c2b3d4e5f60',
  profileArn: 'arn:aws:rolesanywhere:us-east-1:123456789012:profile/1b0c8a52-3f0e-4a4e-9d7a-1c2b3d4e5f61',
  roleArn: 'arn:aws:iam::123456789012:role/dns/zonekeeper',
};

function memoryLogger(): Logger & { messages: string[] } {
  const messages: string[] = [];
  const rec = (_obj: object, msg: string): void => {
    messages.push(msg);
  };
  return { messages, warn: rec, info: rec, debug: rec, error: rec };
}

void describe('certificate rotation', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ra-rotation-'));
  let ca: IssuedCertificate;
  let oldLeaf: IssuedCertificate;
  let newLeaf: IssuedCertificate;

  before(() => {
    ca = selfSigned(dir, { name: 'ca', kind: 'p384', ca: true, days: 30 });
    oldLeaf = issue(dir, ca, { name: 'old', kind: 'rsa', serial: 1001n, days: 10 });
    newLeaf = issue(dir, ca, { name: 'new', kind: 'p256', serial: 2002n, days: 10 });
  });
  after(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  void it('keeps the old pair through a half-written rotation and uses the new serial once complete', async () => {
    let t = Date.now() + 2000;
    const clock = (): Date => new Date(t);
    const emu = await startRolesAnywhereEmulator({ trustAnchorPems: [ca.certPem], credentialLifetimeSeconds: 900, now: clock });
    const live = join(dir, 'live');
    mkdirSync(live);
    const certPath = join(live, 'tls.crt');
    const keyPath = join(live, 'tls.key');
    writeFileSync(certPath, oldLeaf.certPem);
    writeFileSync(keyPath, oldLeaf.keyPem);
    const logger = memoryLogger();
    const provider = createRolesAnywhereProvider({
      ...ARNS, certificatePath: certPath, privateKeyPath: keyPath, endpoint: emu.url, now: clock, logger, watchFiles: false,
    });
    const serialsAt: { step: number; serial: string }[] = [];
    let failures = 0;
    try {
      for (let step = 0; step < 200; step++) {
        // 900 s credentials refresh 90 s (10 %) before expiry, at 810 s: the 41st 20 s step after each session.
        t += 20_000;
        if (step === 40) writeFileSync(certPath, newLeaf.certPem.slice(0, 400)); // truncated write, read at step 41
        if (step === 60) writeFileSync(certPath, newLeaf.certPem); // cert done, key still old, read at step 82
        if (step === 100) writeFileSync(keyPath, newLeaf.keyPem); // pair complete, used from step 123
        const before = emu.sessionsCreated;
        const results = await Promise.allSettled([provider(), provider(), provider()]);
        failures += results.filter((r) => r.status === 'rejected').length;
        if (emu.sessionsCreated > before) serialsAt.push({ step, serial: emu.lastSerial ?? '' });
      }
    } finally {
      provider.close();
      await emu.close();
    }
    assert.equal(failures, 0, 'no call failed during rotation');
    assert.deepEqual(emu.refusals, [], 'no CreateSession was refused');
    assert.deepEqual(serialsAt.map((s) => s.step), [0, 41, 82, 123, 164], 'one session per 810 s, not per call');
    const halfWritten = serialsAt.filter((s) => s.step >= 40 && s.step < 100);
    assert.equal(halfWritten.length, 2, 'refreshes happened while the pair was half written (truncated, then cert without key)');
    assert.ok(halfWritten.every((s) => s.serial === '1001'), JSON.stringify(halfWritten));
    const firstNew = serialsAt.findIndex((s) => s.serial === '2002');
    assert.equal(serialsAt[firstNew]?.step, 123, `the first refresh after the key landed uses the new pair: ${JSON.stringify(serialsAt)}`);
    assert.ok(serialsAt.slice(firstNew).every((s) => s.serial === '2002'));
    assert.equal(emu.lastSerial, '2002');
    assert.equal(logger.messages.filter((m) => m.includes('keeping the pair in use')).length, 2, 'both half-written states were read and refused');
    assert.ok(logger.messages.some((m) => m.includes('not usable (yet); keeping the pair in use')));
    assert.ok(logger.messages.some((m) => m.includes('rotated certificate and key taken into use')));
  });

  void it('sees a cert-manager style ..data symlink swap through the directory watch', async () => {
    let t = Date.now() + 2000;
    const clock = (): Date => new Date(t);
    const emu = await startRolesAnywhereEmulator({ trustAnchorPems: [ca.certPem], now: clock });
    const mount = join(dir, 'mount');
    const put = (name: string, leaf: IssuedCertificate): void => {
      mkdirSync(join(mount, name), { recursive: true });
      writeFileSync(join(mount, name, 'tls.crt'), leaf.certPem);
      writeFileSync(join(mount, name, 'tls.key'), leaf.keyPem);
    };
    put('..2026_01', oldLeaf);
    symlinkSync('..2026_01', join(mount, '..data'));
    symlinkSync('..data/tls.crt', join(mount, 'tls.crt'));
    symlinkSync('..data/tls.key', join(mount, 'tls.key'));
    const provider = createRolesAnywhereProvider({
      ...ARNS,
      certificatePath: join(mount, 'tls.crt'),
      privateKeyPath: join(mount, 'tls.key'),
      endpoint: emu.url,
      now: clock,
      watchDebounceMs: 50,
    });
    let failures = 0;
    const call = async (): Promise<void> => {
      const results = await Promise.allSettled([provider(), provider()]);
      failures += results.filter((r) => r.status === 'rejected').length;
    };
    try {
      for (let i = 0; i < 20; i++) await call();
      assert.equal(provider.status().certificate?.serial, '1001');
      // The kubelet/cert-manager swap: new directory, then an atomic rename of the ..data link.
      put('..2026_02', newLeaf);
      symlinkSync('..2026_02', join(mount, '..data_tmp'));
      renameSync(join(mount, '..data_tmp'), join(mount, '..data'));
      const deadline = Date.now() + 3000;
      while (provider.status().certificate?.serial !== '2002' && Date.now() < deadline) await sleep(25);
      assert.equal(provider.status().certificate?.serial, '2002', 'the watch picked up the swap without a refresh');
      assert.equal(emu.lastSerial, '1001', 'the cached session is kept until its refresh time');
      for (let i = 0; i < 20; i++) await call();
      assert.equal(emu.sessionsCreated, 1);
      t += 3239_000; // just before the refresh time (3600 s credentials: 3240 s)
      for (let i = 0; i < 20; i++) await call();
      assert.equal(emu.sessionsCreated, 1, 'no refresh before expiry - 10 % of the lifetime');
      assert.equal(emu.lastSerial, '1001');
      t += 1000; // at the refresh time
      for (let i = 0; i < 20; i++) await call();
    } finally {
      provider.close();
      await emu.close();
    }
    assert.equal(failures, 0);
    assert.equal(emu.sessionsCreated, 2);
    assert.equal(emu.lastSerial, '2002');
  });
});
