// The provider plugged into a real AWS SDK v3 client: Route 53 calls are signed with the
// Roles Anywhere session credentials, and many calls share one CreateSession.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ListHostedZonesCommand, Route53Client } from '@aws-sdk/client-route-53';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { createRolesAnywhereProvider } from './provider.ts';
import { startRolesAnywhereEmulator } from '../../../emulators/rolesanywhere/server.ts';
import { issue, selfSigned } from '../../../emulators/rolesanywhere/pki.ts';

const EMPTY_ZONES =
  '<?xml version="1.0" encoding="UTF-8"?>\n<ListHostedZonesResponse xmlns="https://route53.amazonaws.com/doc/2013-04-01/">' +
  '<HostedZones></HostedZones><IsTruncated>false</IsTruncated><MaxItems>100</MaxItems></ListHostedZonesResponse>';

void describe('Roles Anywhere provider in an SDK v3 client', () => {
  void it('signs Route 53 calls with the session credentials: one session for 20 calls, renewed on our schedule', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ra-sdk-'));
    const ca = selfSigned(dir, { name: 'ca', kind: 'rsa', ca: true, days: 30 });
    const leaf = issue(dir, ca, { name: 'leaf', kind: 'p384', days: 10 });
    let t = Date.now() + 1000;
    const clock = (): Date => new Date(t);
    const emu = await startRolesAnywhereEmulator({ trustAnchorPems: [ca.certPem], now: clock });
    const seen: { authorization: string; token: string }[] = [];
    const route53 = createServer((req, res) => {
      seen.push({
        authorization: String(req.headers.authorization),
        token: String(req.headers['x-amz-security-token']),
      });
      req.resume();
      res.writeHead(200, { 'Content-Type': 'text/xml' }).end(EMPTY_ZONES);
    });
    await new Promise<void>((resolve) => route53.listen(0, '127.0.0.1', resolve));
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(chunk.toString('utf8'));
        done();
      },
    });
    const provider = createRolesAnywhereProvider({
      trustAnchorArn: 'arn:aws:rolesanywhere:us-west-2:123456789012:trust-anchor/a545a1fc-5d86-4032-8f4c-61cdd6ff92da',
      profileArn: 'arn:aws:rolesanywhere:us-west-2:123456789012:profile/6f4943fb-13d4-4242-89c4-be367595c380',
      roleArn: 'arn:aws:iam::123456789012:role/zonekeeper',
      certificatePath: leaf.certPath,
      privateKeyPath: leaf.keyPath,
      endpoint: emu.url,
      now: clock,
      watchFiles: false,
      logger: pino({ level: 'debug' }, sink), // a pino logger fits the Logger interface as is
    });
    const client = new Route53Client({
      region: 'us-east-1',
      endpoint: `http://127.0.0.1:${String((route53.address() as AddressInfo).port)}`,
      credentials: provider,
    });
    try {
      for (let i = 0; i < 20; i++) await client.send(new ListHostedZonesCommand({}));
      const creds = await provider();
      assert.equal(seen.length, 20);
      for (const s of seen) {
        assert.match(s.authorization, new RegExp(`^AWS4-HMAC-SHA256 Credential=${creds.accessKeyId}/\\d{8}/us-east-1/route53/`));
        assert.equal(s.token, creds.sessionToken);
      }
      assert.equal(emu.sessionsCreated, 1);
      // The provider's schedule, not the SDK's cache, decides: up to the refresh time (3240 s of
      // 3600 s) calls reuse the session; from it on, the next Route 53 call carries new credentials,
      // 60 s before an SDK cache (5 minutes before expiry) would have let go of the old ones.
      t += 3239_000;
      await client.send(new ListHostedZonesCommand({}));
      assert.equal(emu.sessionsCreated, 1, 'no refresh before expiry - 10 % of the lifetime');
      assert.match(seen.at(-1)?.authorization ?? '', new RegExp(`Credential=${creds.accessKeyId}/`));
      t += 1000;
      await client.send(new ListHostedZonesCommand({}));
      assert.equal(emu.sessionsCreated, 2);
      const renewed = await provider();
      assert.notEqual(renewed.accessKeyId, creds.accessKeyId);
      assert.match(seen.at(-1)?.authorization ?? '', new RegExp(`Credential=${renewed.accessKeyId}/`));
      const log = lines.join('');
      assert.match(log, /Roles Anywhere: certificate loaded/);
      assert.match(log, /Roles Anywhere: session created/);
      assert.ok(!log.includes(creds.secretAccessKey) && !log.includes(creds.sessionToken));
      assert.ok(!log.includes(creds.accessKeyId));
    } finally {
      client.destroy();
      provider.close();
      await emu.close();
      await new Promise<void>((resolve) => route53.close(() => { resolve(); }));
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
