/**
 * Benchmark of the live controller (a script, not a test): the real `bin/zonekeeper run` as a child
 * process against the in-process test Kubernetes API server and the Route53 emulator, measuring
 * - latency: from a Service status patch to the emulator receiving the ChangeResourceRecordSets that
 *   carries the new IP (default --event-debounce 200ms / --max-event-delay 2s), quiet and under a
 *   background churn of 50 object updates/s;
 * - failover: Lease takeover and first write after `kill -9` of the leader, and overlapping writes;
 * - memory: peak RSS (VmHWM) of the controller with 10,000 LoadBalancer Services after the first sync.
 *
 *   node_modules/.bin/node bench/controller.ts [samples] [failover-runs] [services]   (default 100 3 10000)
 *
 * Output: a table, then one JSON line `{"bench":"controller",…}` on stdout.
 * @module
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  batchesWith,
  lbService,
  leaseHolder,
  NS,
  overlappingWrites,
  setServiceIp,
  sleep,
  startCluster,
  startController,
  startRoute53,
  until,
  zoneRecords,
  type Cluster,
  type ControllerProcess,
  type Leader,
  type Route53,
} from '../test/e2e/kube-support.ts';

const SAMPLES = Math.min(1000, Math.max(5, Number(process.argv[2] ?? 100)));
const FAILOVER_RUNS = Math.min(10, Math.max(1, Number(process.argv[3] ?? 3)));
const SERVICES = Math.min(50_000, Math.max(100, Number(process.argv[4] ?? 10_000)));
const CHURN_PER_S = 50;
const CHURN_OBJECTS = 200;
const LEASE: Leader = { namespace: 'zonekeeper', id: 'bench', leaseDuration: '4s', renewDeadline: '3s', retryPeriod: '500ms' };

type Stats = { samples: number; p50Ms: number; p99Ms: number; maxMs: number; minMs: number; timeouts: number };

function stats(values: readonly number[], timeouts: number): Stats {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number): number => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? NaN;
  const r = (n: number): number => Math.round(n * 10) / 10;
  return { samples: sorted.length, p50Ms: r(at(0.5)), p99Ms: r(at(0.99)), minMs: r(sorted[0] ?? NaN), maxMs: r(sorted.at(-1) ?? NaN), timeouts };
}

type Env = { dir: string; cluster: Cluster; route53: Route53; controllers: ControllerProcess[] };

async function withEnv<T>(name: string, work: (env: Env) => Promise<T>, emulatorRecords = 10_000): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), `zk-bench-${name}-`));
  const env: Env = { dir, cluster: await startCluster(dir, name), route53: await startRoute53({ maxRecordsPerZone: emulatorRecords }), controllers: [] };
  try {
    return await work(env);
  } finally {
    for (const c of env.controllers) await c.stop();
    await env.route53.close();
    await env.cluster.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Pending IPs of `lat.example.com` → resolver with the moment the emulator handled the write. */
function latencyProbe(route53: Route53): (ip: string, timeoutMs: number) => Promise<number | undefined> {
  const pending = new Map<string, (at: number) => void>();
  route53.r53.onChangeBatch((b) => {
    const at = performance.now();
    if (b.outcome !== 'ok') return;
    for (const c of b.changes) if (c.name.replace(/\.$/, '') === 'lat.example.com') for (const v of c.values) pending.get(v)?.(at);
  });
  return (ip, timeoutMs) =>
    new Promise((resolve) => {
      const timer = setTimeout(() => {
        pending.delete(ip);
        resolve(undefined);
      }, timeoutMs);
      pending.set(ip, (at) => {
        clearTimeout(timer);
        pending.delete(ip);
        resolve(at);
      });
    });
}

/** Patches other Services at `perSecond` on an absolute schedule until stopped; returns the achieved count. */
function startChurn(cluster: Cluster, perSecond: number): { stop: () => Promise<{ updates: number; seconds: number }> } {
  const start = performance.now();
  let done = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      const due = Math.floor(((performance.now() - start) / 1000) * perSecond);
      for (let burst = 0; done < due && burst < 5; burst++, done++) {
        const ref = { apiVersion: 'v1', kind: 'Service', namespace: NS, name: `bg-${done % CHURN_OBJECTS}` };
        const change = done % 2 === 0 ? { metadata: { labels: { churn: String(done) } } } : { metadata: { annotations: { 'example.com/churn': String(done) } } };
        cluster.api.store.patch(ref, change);
      }
      await sleep(Math.max(1, start + ((done + 1) * 1000) / perSecond - performance.now()));
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
      return { updates: done, seconds: (performance.now() - start) / 1000 };
    },
  };
}

async function latency(): Promise<{ quiet: Stats; churn: Stats & { churnRate: number } }> {
  return withEnv('latency', async (env) => {
    env.cluster.api.store.create(lbService('lat', 'lat.example.com', '10.0.0.1'));
    for (let i = 0; i < CHURN_OBJECTS; i++) env.cluster.api.store.create(lbService(`bg-${i}`, `bg-${i}.example.com`, `10.1.${i >> 8}.${i & 255}`));
    const controller = await startController({ cluster: env.cluster, ownerId: 'bench', name: 'latency', sources: ['service'], provider: { kind: 'aws', route53: env.route53, accessKeyId: 'AKIDBENCHLATENCY' } });
    env.controllers.push(controller);
    await controller.waitReady(30_000);
    await until('first sync', () => zoneRecords(env.route53).filter((r) => r.type === 'A').length === CHURN_OBJECTS + 1, 30_000, controller.output);
    const written = latencyProbe(env.route53);
    let seq = 0;
    const run = async (): Promise<Stats> => {
      const values: number[] = [];
      let timeouts = 0;
      for (let i = 0; i < SAMPLES; i++) {
        seq++;
        const ip = `10.2.${seq >> 8}.${seq & 255}`;
        const wait = written(ip, 10_000);
        const t0 = performance.now();
        setServiceIp(env.cluster.api, 'lat', ip);
        const at = await wait;
        if (at === undefined) timeouts++;
        else values.push(at - t0);
        await sleep(150 + Math.random() * 200); // spread samples over the debounce and pass phases
      }
      return stats(values, timeouts);
    };
    const quiet = await run();
    const churn = startChurn(env.cluster, CHURN_PER_S);
    const loaded = await run();
    const achieved = await churn.stop();
    return { quiet, churn: { ...loaded, churnRate: Math.round((achieved.updates / achieved.seconds) * 10) / 10 } };
  });
}

type FailoverRun = { takeoverMs: number; firstWriteMs: number; overlaps: number; oldLeaderWrites: number; standbyWritesBeforeKill: number };

async function failoverOnce(run: number): Promise<FailoverRun> {
  return withEnv(`failover-${run}`, async (env) => {
    const start = (name: string, key: string) =>
      startController({ cluster: env.cluster, ownerId: 'bench', name, sources: ['service'], leader: LEASE, provider: { kind: 'aws', route53: env.route53, accessKeyId: key } });
    const holder = (): string => leaseHolder(env.cluster.api, LEASE).split('_')[0] ?? '';
    const first = await start('replica-1', 'AKIDBENCH1');
    env.controllers.push(first);
    await until('replica-1 leads', () => holder() === 'replica-1', 20_000, first.output);
    const second = await start('replica-2', 'AKIDBENCH2');
    env.controllers.push(second);
    await second.waitReady(30_000);
    await first.waitReady(30_000);
    env.cluster.api.store.create(lbService('before', 'before.example.com', '192.0.2.1'));
    await until('before written', () => batchesWith(env.route53.batches, 'before.example.com').length > 0, 15_000, first.output);
    const standbyWritesBeforeKill = env.route53.batches.filter((b) => b.accessKeyId === 'AKIDBENCH2').length;
    const killedAt = performance.now();
    await first.kill9();
    env.cluster.api.store.create(lbService('after', 'after.example.com', '192.0.2.2'));
    const takeoverMs = await until('replica-2 leads', () => holder() === 'replica-2', 30_000, second.output, 5);
    await until('after written by replica-2', () => batchesWith(env.route53.batches, 'after.example.com').some((b) => b.accessKeyId === 'AKIDBENCH2'), 15_000, second.output, 5);
    const firstWriteMs = performance.now() - killedAt;
    return {
      takeoverMs,
      firstWriteMs: Math.round(firstWriteMs),
      overlaps: overlappingWrites(env.route53.batches, 'AKIDBENCH1', 'AKIDBENCH2'),
      oldLeaderWrites: env.route53.batches.filter((b) => b.accessKeyId === 'AKIDBENCH1').length,
      standbyWritesBeforeKill,
    };
  });
}

async function memory(): Promise<{ services: number; syncMs: number; hwmMB: number; rssMB: number }> {
  return withEnv('memory', async (env) => {
    for (let i = 0; i < SERVICES; i++) env.cluster.api.store.create(lbService(`svc-${i}`, `svc-${i}.example.com`, `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`));
    const started = performance.now();
    const controller = await startController({ cluster: env.cluster, ownerId: 'bench', name: 'memory', sources: ['service'], keepOutput: 64 * 1024, provider: { kind: 'aws', route53: env.route53, accessKeyId: 'AKIDBENCHMEMORY' } });
    env.controllers.push(controller);
    await until(`${SERVICES} records written`, () => zoneRecords(env.route53).length >= 2 * SERVICES, 300_000, controller.output, 250);
    const syncMs = performance.now() - started;
    await sleep(2_000); // let the pass finish its feedback (events, status) before reading the peak
    const mem = controller.memoryKb();
    return { services: SERVICES, syncMs: Math.round(syncMs), hwmMB: Math.round(mem.hwm / 102.4) / 10, rssMB: Math.round(mem.rss / 102.4) / 10 };
  }, 4 * SERVICES + 100);
}

/** BENCH_ONLY=latency|failover|memory runs one scenario (the others are reported as not run). */
const ONLY = process.env['BENCH_ONLY'] ?? '';
const runs = (name: string): boolean => ONLY === '' || ONLY === name;

async function main(): Promise<void> {
  const lat = runs('latency') ? await latency() : undefined;
  const failover: FailoverRun[] = [];
  if (runs('failover')) for (let run = 0; run < FAILOVER_RUNS; run++) failover.push(await failoverOnce(run));
  const mem = runs('memory') ? await memory() : undefined;
  const row = (cells: readonly (string | number)[]): string => `| ${cells.join(' | ')} |`;
  const lines = [row(['measure', 'samples', 'p50', 'p99', 'max', 'goal']), row(['---', '---:', '---:', '---:', '---:', '---'])];
  if (lat !== undefined) {
    lines.push(
      row(['patch → Route53 write, quiet', lat.quiet.samples, `${lat.quiet.p50Ms} ms`, `${lat.quiet.p99Ms} ms`, `${lat.quiet.maxMs} ms`, 'p50 < 500 ms, p99 < 2.5 s']),
      row([`patch → Route53 write, churn ${lat.churn.churnRate}/s`, lat.churn.samples, `${lat.churn.p50Ms} ms`, `${lat.churn.p99Ms} ms`, `${lat.churn.maxMs} ms`, 'p50 < 500 ms, p99 < 2.5 s']),
    );
    if (lat.quiet.timeouts + lat.churn.timeouts > 0) lines.push(`timeouts (no write within 10 s): quiet ${lat.quiet.timeouts}, churn ${lat.churn.timeouts}`);
  }
  lines.push(
    ...failover.map((f, i) => row([`failover run ${i + 1} (lease 4s, retry 500ms)`, 1, `takeover ${f.takeoverMs} ms`, `first write ${f.firstWriteMs} ms`, `overlaps ${f.overlaps}`, 'takeover ≤ 4.5 s, overlaps 0'])),
  );
  if (mem !== undefined) {
    lines.push(row([`peak RSS, ${mem.services} Services (first sync ${(mem.syncMs / 1000).toFixed(1)} s)`, 1, `VmHWM ${mem.hwmMB} MB`, `VmRSS ${mem.rssMB} MB`, '', '< 250 MB']));
  }
  process.stdout.write(`${lines.join('\n')}\n`);
  process.stdout.write(`${JSON.stringify({ bench: 'controller', latency: lat ?? null, failover, memory: mem ?? null })}\n`);
}

await main();
