import assert from 'node:assert/strict';
import { promises as dns } from 'node:dns';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { freePort, ROOT, startCli, waitFor, type Running } from './cli-process.ts';

// The names examples/ publishes, and what each must answer.
const EXPECTED_A: Readonly<Record<string, readonly string[]>> = {
  'web.example.com': ['192.0.2.10'],
  'shop.example.com': ['192.0.2.20'],
  'api.example.com': ['192.0.2.20'],
  'static.example.com': ['192.0.2.30', '192.0.2.31'],
};

describe('the embedded default (npm start) as a real process', () => {
  let dir: string;
  let port: number;
  let running: Running;
  let resolver: dns.Resolver;
  let startedAt: number;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'zk-demo-'));
    cpSync(join(ROOT, 'examples'), join(dir, 'examples'), { recursive: true });
    port = await freePort();
    resolver = new dns.Resolver({ timeout: 500, tries: 1 });
    resolver.setServers([`127.0.0.1:${port}`]);
    startedAt = Date.now();
    running = startCli(
      ['run', '--manifest', 'examples', '--provider', 'local', '--zone-dir', 'zones', '--local-zone', 'example.com',
        '--dns-listen', `127.0.0.1:${port}`, '--metrics-address', '127.0.0.1:0', '--txt-owner-id', 'local-demo', '--policy', 'sync', '--log-format', 'json'],
      dir,
    );
  });

  after(async () => {
    await running.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers every example name within 5 s of start', async () => {
    const sorted = async (name: string): Promise<string[]> => (await resolver.resolve4(name)).sort();
    const elapsed = await waitFor(async () => {
      for (const [name, want] of Object.entries(EXPECTED_A)) {
        if (JSON.stringify(await sorted(name)) !== JSON.stringify(want)) return false;
      }
      const canary = await sorted('canary.example.com');
      const cname = await resolver.resolveCname('docs.example.com');
      return canary.length === 1 && ['198.51.100.1', '198.51.100.2'].includes(canary[0] ?? '') && cname[0] === 'static.example.com';
    }, 5_000 - (Date.now() - startedAt));
    assert.ok(elapsed !== undefined, `not every name answered within 5 s of start; output:\n${running.output()}`);
    const txt = await resolver.resolveTxt('a-web.example.com');
    assert.deepEqual(txt, [['heritage=external-dns,external-dns/owner=local-demo,external-dns/resource=service/default/web']]);
  });

  it('changes the answer within 2 s of an edit to an example', async () => {
    const file = join(dir, 'examples', 'web-service.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('192.0.2.10', '192.0.2.77'));
    const elapsed = await waitFor(async () => (await resolver.resolve4('web.example.com'))[0] === '192.0.2.77', 2_000);
    assert.ok(elapsed !== undefined, `web.example.com did not change within 2 s; output:\n${running.output()}`);
  });

  it('answers the weighted pair in proportion to the weights (80/20)', async () => {
    let v1 = 0;
    const total = 300;
    for (let i = 0; i < total; i++) {
      const [a] = await resolver.resolve4('canary.example.com');
      if (a === '198.51.100.1') v1 += 1;
    }
    const share = v1 / total;
    assert.ok(share > 0.68 && share < 0.92, `canary-v1 answered ${(share * 100).toFixed(1)}% of the time, expected about 80%`);
  });
});
