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

/** Records each message with the loop step it was logged at, so a refusal can be tied to a refresh. */
function memoryLogger(stepNow: () => number): Logger & { entries: { step: number; msg: string }[] } {
  const entries: { step: number; msg: string }[] = [];
  const rec = (_obj: object, msg: string): void => {
    entries.push({ step: stepNow(), msg });
  };
  return { entries, warn: rec, info: rec, debug: rec, error: rec };
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
    let step = 0;
    const logger = memoryLogger(() => step);
    const provider = createRolesAnywhereProvider({
      ...ARNS, certificatePath: certPath, privateKeyPath: keyPath, endpoint: emu.url, now: clock, logger, watchFiles: false,
    });
    const serialsAt: { step: number; serial: string }[] = [];
    let failures = 0;
    try {
      for (step = 0; step < 200; step++) {
        // 900 s credentials refresh 5 min (the skew CreateSession tolerates, more than 10 %) before
        // expiry, at 600 s: every 30th 20 s step. With no file watch, the files are read only by a
        // refresh, so each state below is written mid-interval and read by the next refresh.
        t += 20_000;
        if (step === 15) writeFileSync(certPath, newLeaf.certPem.slice(0, 400)); // truncated write, read at step 30
        if (step === 45) writeFileSync(certPath, newLeaf.certPem); // cert done, key still old, read at step 60
        if (step === 75) writeFileSync(keyPath, newLeaf.keyPem); // pair complete, used from step 90
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
    assert.deepEqual(serialsAt.map((s) => s.step), [0, 30, 60, 90, 120, 150, 180], 'one session per 600 s, not per call');
    const halfWritten = serialsAt.filter((s) => s.step >= 15 && s.step < 75);
    assert.deepEqual(
      halfWritten,
      [{ step: 30, serial: '1001' }, { step: 60, serial: '1001' }],
      'one refresh per half-written state (truncated, then cert without key), each on the old pair',
    );
    const firstNew = serialsAt.findIndex((s) => s.serial === '2002');
    assert.equal(serialsAt[firstNew]?.step, 90, `the first refresh after the key landed uses the new pair: ${JSON.stringify(serialsAt)}`);
    assert.ok(serialsAt.slice(0, firstNew).every((s) => s.serial === '1001'), JSON.stringify(serialsAt));
    assert.ok(serialsAt.slice(firstNew).every((s) => s.serial === '2002'), JSON.stringify(serialsAt));
    assert.equal(emu.lastSerial, '2002');
    assert.deepEqual(
      logger.entries.filter((e) => e.msg.includes('keeping the pair in use')),
      [
        { step: 30, msg: 'Roles Anywhere: new certificate files not usable (yet); keeping the pair in use' },
        { step: 60, msg: 'Roles Anywhere: new certificate files not usable (yet); keeping the pair in use' },
      ],
      'each half-written state was read by a refresh and refused',
    );
    assert.deepEqual(
      logger.entries.filter((e) => e.msg.includes('taken into use')).map((e) => e.step),
      [90],
      'the complete pair was taken into use by the refresh at step 90',
    );
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
