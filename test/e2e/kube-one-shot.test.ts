/**
 * `zonekeeper plan` and `zonekeeper sync` against a live (test) Kubernetes API server: the one-shot
 * commands fill the informer caches before planning, instead of failing because they are empty.
 * And `run`: with --dry-run it plans without taking the leader Lease a real deployment needs; for
 * real, the Events it writes are counted in /metrics.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { freePort, runCli, startCli } from './cli-process.ts';
import { lbService, startCluster, until, type Cluster } from './kube-support.ts';

describe('one-shot commands with a cluster source', () => {
  let dir: string;
  let cluster: Cluster;
  const args = (): string[] => ['--source', 'service', '--kubeconfig', cluster.kubeconfig, '--provider', 'inmemory', '--inmemory-zone', 'example.com',
    '--txt-owner-id', 'one-shot', '--policy', 'sync', '--log-format', 'json'];

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'zk-one-shot-'));
    cluster = await startCluster(dir, 'one-shot');
    cluster.api.store.create(lbService('web', 'web.example.com', '192.0.2.10'));
  });
  after(async () => {
    await cluster.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('plan lists the records of the objects in the cluster and exits 2', async () => {
    const result = await runCli(['plan', ...args()], dir);
    assert.equal(result.code, 2, result.stdout + result.stderr);
    assert.match(result.stdout, /CREATE\s+web\.example\.com\s+A\s+192\.0\.2\.10\s+-\s+service\/apps\/web/);
  });

  it('plan --output json keeps stdout pure JSON: its logs go to stderr', async () => {
    const result = await runCli(['plan', '--output', 'json', ...args()], dir);
    assert.equal(result.code, 2, result.stdout + result.stderr);
    const plan = JSON.parse(result.stdout) as { changes: { create: { dnsName: string }[] } };
    assert.deepEqual(plan.changes.create.map((c) => c.dnsName), ['web.example.com']);
    assert.match(result.stderr, /"msg":"Kubernetes connection"/);
  });

  it('sync applies the records of the objects in the cluster and exits 0', async () => {
    const result = await runCli(['sync', ...args()], dir);
    assert.equal(result.code, 0, result.stdout + result.stderr);
    assert.match(result.stdout, /"msg":"Applied change"/);
    assert.match(result.stdout, /"name":"web\.example\.com"/);
  });

  it('run --dry-run plans without taking the leader Lease', async () => {
    const run = startCli(['run', '--dry-run', '--metrics-address', `127.0.0.1:${await freePort()}`, '--leader-election-namespace', 'zonekeeper', ...args()], dir);
    try {
      await until('a dry-run pass', () => run.output().includes('Would apply change (dry run)'), 15_000, () => run.output());
      const lease = cluster.api.store.get({ apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', namespace: 'zonekeeper', name: 'zonekeeper' });
      assert.equal(lease, undefined, 'a dry run took the Lease');
    } finally {
      await run.stop();
    }
  });

  it('run counts the Events it writes in zonekeeper_events_total', async () => {
    const port = await freePort();
    cluster.api.store.create(lbService('counted', 'counted.example.com', '192.0.2.11'));
    const run = startCli(['run', '--emit-events', '--metrics-address', `127.0.0.1:${port}`, '--leader-election-namespace', 'zonekeeper', ...args()], dir);
    try {
      let metrics = '';
      await until('a created Event counted', async () => {
        metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
        return /zonekeeper_events_total\{reason="RecordCreated",outcome="created"\} [1-9]/.test(metrics);
      }, 15_000, () => `${run.output()}\n${metrics}`, 100);
    } finally {
      await run.stop();
    }
  });
});
