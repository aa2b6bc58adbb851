import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { startKubeApiServer, type KubeApiServer } from '../../../emulators/kube-apiserver/index.ts';

const NODE = fileURLToPath(new URL('../../../node_modules/.bin/node', import.meta.url));
const SCRIPT = fileURLToPath(new URL('./fixtures/fenced-writer.ts', import.meta.url));
// Whole seconds: a Lease records its duration in seconds, so 1.5 s would be written (and waited for) as 2 s.
const TIMING = { lease: 2_000, renew: 1_200, retry: 200, margin: 300 };

type Child = { proc: ChildProcess; changes: { leader: boolean; at: number }[] };

describe('leader election across processes', () => {
  let server: KubeApiServer;
  let dir: string;
  const children: Child[] = [];
  before(async () => {
    server = await startKubeApiServer({ token: 'process-test' });
    dir = mkdtempSync(join(tmpdir(), 'zk-leader-'));
  });
  after(async () => {
    for (const c of children) {
      if (c.proc.exitCode === null && c.proc.signalCode === null) {
        c.proc.kill('SIGCONT');
        c.proc.kill('SIGKILL');
      }
    }
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const spawnWriter = (identity: string, out: string): Child => {
    const proc = spawn(NODE, ['--no-warnings', SCRIPT], {
      env: {
        ...process.env,
        ZK_KUBE_URL: server.url,
        ZK_KUBE_TOKEN: 'process-test',
        ZK_IDENTITY: identity,
        ZK_OUT: out,
        ZK_LEASE_MS: String(TIMING.lease),
        ZK_RENEW_MS: String(TIMING.renew),
        ZK_RETRY_MS: String(TIMING.retry),
        ZK_MARGIN_MS: String(TIMING.margin),
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const child: Child = { proc, changes: [] };
    let buffered = '';
    proc.stdout?.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        const [word, leader, at] = line.split(' ');
        if (word === 'leader') child.changes.push({ leader: leader === 'true', at: Number(at) });
      }
    });
    children.push(child);
    return child;
  };

  const until = async (what: string, predicate: () => boolean, timeoutMs: number): Promise<void> => {
    const deadline = Date.now() + timeoutMs;
    while (!predicate()) {
      if (Date.now() > deadline) throw new Error(`waited ${timeoutMs} ms for ${what}`);
      await sleep(20);
    }
  };

  const exited = (c: Child): Promise<void> =>
    c.proc.exitCode !== null ? Promise.resolve() : new Promise((resolve) => {
          c.proc.once('exit', () => {
            resolve();
          });
        });

  it('a leader frozen past its lease is replaced in time and never writes again, and writes never overlap', async (t) => {
    const out = join(dir, 'writes.log');
    writeFileSync(out, '');
    const a = spawnWriter('a', out);
    await until('a to lead', () => a.changes.some((c) => c.leader), 10_000);
    const b = spawnWriter('b', out);
    await sleep(1_500); // b is up and watching a renew
    assert.equal(b.changes.length, 0, 'b must not lead while a renews');

    a.proc.kill('SIGSTOP');
    const stoppedAt = Date.now();
    await until('b to take over', () => b.changes.some((c) => c.leader), 10_000);
    const tookOverAt = b.changes.find((c) => c.leader)?.at ?? Number.NaN;
    await sleep(TIMING.lease); // a stays frozen well past its lease while b writes
    a.proc.kill('SIGCONT');
    const resumedAt = Date.now();
    await sleep(1_500); // a wakes up: it must notice at once that its lease is gone
    b.proc.kill('SIGTERM');
    a.proc.kill('SIGTERM');
    await Promise.all([exited(a), exited(b)]);

    const writes = readFileSync(out, 'utf8')
      .trim()
      .split('\n')
      .map((line) => {
        const [who, at] = line.split(' ');
        return { who, at: Number(at) };
      });
    const aWrites = writes.filter((w) => w.who === 'a').map((w) => w.at);
    const bWrites = writes.filter((w) => w.who === 'b').map((w) => w.at);
    assert.ok(aWrites.length > 10 && bWrites.length > 10, `both led for a while (a ${aWrites.length}, b ${bWrites.length} writes)`);
    const lastA = Math.max(...aWrites);
    const firstB = Math.min(...bWrites);
    assert.ok(lastA < firstB, `writes overlap: a wrote at ${lastA}, b first wrote at ${firstB}`);
    assert.ok(lastA <= stoppedAt, `a wrote at ${lastA}, after it was frozen at ${stoppedAt}`);
    assert.equal(aWrites.filter((at) => at >= resumedAt).length, 0, 'the old leader wrote after resuming');
    const takeover = tookOverAt - stoppedAt;
    t.diagnostic(`takeover ${takeover} ms after freeze; gap between last a write and first b write ${firstB - lastA} ms`);
    assert.ok(takeover <= TIMING.lease + 2 * TIMING.retry + 500, `b took over ${takeover} ms after a froze (lease ${TIMING.lease} ms)`);
    assert.ok(
      a.changes.some((c) => !c.leader && c.at >= resumedAt - 50),
      `a reports losing leadership after resuming: ${JSON.stringify(a.changes)}`,
    );
  });
});
