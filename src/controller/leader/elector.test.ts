import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { startKubeApiServer, type KubeApiServer } from '../../../emulators/kube-apiserver/index.ts';
import { silentLogger } from '../../log/logger.ts';
import { createLeaderElector, type LeaderElector } from './elector.ts';
import { createKubeLeaseApi, type LeaseApi } from './lease-api.ts';

// A whole-second lease: a Lease records its duration in seconds, and peers wait for what it records.
const TIMING = { leaseDurationMs: 1_000, renewDeadlineMs: 600, retryPeriodMs: 100, defaultMarginMs: 200 };
const spec = (obj: Record<string, unknown> | undefined): Record<string, unknown> => (obj?.spec ?? {}) as Record<string, unknown>;
const LEASE = { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', namespace: 'kube-system' };

/** A lease port whose calls can be made to hang or fail, standing in for a partitioned replica. */
function controllable(inner: LeaseApi): LeaseApi & { mode: 'ok' | 'hang' | 'fail' } {
  const wrap =
    <A extends unknown[], R>(fn: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      if (port.mode === 'hang') return new Promise<R>(() => undefined);
      if (port.mode === 'fail') throw new Error('injected: API server unreachable');
      return fn(...args);
    };
  const port = {
    mode: 'ok' as 'ok' | 'hang' | 'fail',
    get: wrap(() => inner.get()),
    create: wrap((r: Parameters<LeaseApi['create']>[0]) => inner.create(r)),
    update: wrap((r: Parameters<LeaseApi['update']>[0]) => inner.update(r)),
  };
  return port;
}

async function waitFor(what: string, predicate: () => boolean, timeoutMs: number): Promise<number> {
  const start = performance.now();
  while (!predicate()) {
    if (performance.now() - start > timeoutMs) throw new Error(`waited ${timeoutMs} ms for ${what}`);
    await sleep(10);
  }
  return performance.now() - start;
}

describe('leader election on a Lease', () => {
  let server: KubeApiServer;
  const electors: LeaderElector[] = [];
  before(async () => {
    server = await startKubeApiServer();
  });
  after(async () => {
    for (const e of electors) await e.stop();
    await server.close();
  });

  const elector = (name: string, identity: string, port?: LeaseApi): LeaderElector => {
    const leaseApi = port ?? createKubeLeaseApi({ kubeConfig: server.kubeConfig(), namespace: 'kube-system', name, requestTimeoutMs: 800 });
    const e = createLeaderElector({ leaseApi, namespace: 'kube-system', name, identity, logger: silentLogger(), ...TIMING });
    electors.push(e);
    return e;
  };

  it('elects exactly one of two candidates and records it in the Lease', async () => {
    const a = elector('one', 'a');
    const b = elector('one', 'b');
    a.start();
    b.start();
    await waitFor('a leader', () => a.isLeader() || b.isLeader(), 3_000);
    await sleep(500); // several retry periods: the loser must stay a follower
    assert.equal([a, b].filter((e) => e.isLeader()).length, 1);
    const winner = a.isLeader() ? 'a' : 'b';
    assert.equal(spec(server.store.get({ ...LEASE, name: 'one' })).holderIdentity, winner);
    assert.equal((a.isLeader() ? a : b).assertLeadership(), true);
    assert.equal((a.isLeader() ? b : a).assertLeadership(), false);
    await a.stop();
    await b.stop();
  });

  it('hands over within the lease duration when the leader stops renewing, and the old leader stops writing', async () => {
    const portA = controllable(createKubeLeaseApi({ kubeConfig: server.kubeConfig(), namespace: 'kube-system', name: 'two', requestTimeoutMs: 5_000 }));
    const a = elector('two', 'a', portA);
    a.start();
    await waitFor('a to lead', () => a.isLeader(), 3_000);
    const b = elector('two', 'b');
    b.start();
    await sleep(300);
    assert.equal(b.isLeader(), false, 'b must not take a lease that is being renewed');

    portA.mode = 'hang';
    const frozenAt = performance.now();
    await waitFor('a to stop asserting leadership', () => !a.assertLeadership(), TIMING.leaseDurationMs);
    assert.equal(b.isLeader(), false, 'a stops writing before b can start');
    await waitFor('b to take over', () => b.isLeader(), 3_000);
    const tookOver = performance.now() - frozenAt;
    assert.ok(
      tookOver <= TIMING.leaseDurationMs + 2 * TIMING.retryPeriodMs + 300,
      `b took over ${Math.round(tookOver)} ms after a froze; lease is ${TIMING.leaseDurationMs} ms`,
    );
    assert.equal(a.assertLeadership(), false);
    assert.ok(performance.now() - frozenAt > TIMING.renewDeadlineMs);
    assert.equal(a.isLeader(), false, 'a steps down at its renew deadline even though its request still hangs');
    assert.equal(spec(server.store.get({ ...LEASE, name: 'two' })).leaseTransitions, 1);
    portA.mode = 'ok';
    await a.stop();
    await b.stop();
  });

  it('stops asserting leadership at the first failed renewal and steps down at the renew deadline', async () => {
    const port = controllable(createKubeLeaseApi({ kubeConfig: server.kubeConfig(), namespace: 'kube-system', name: 'three', requestTimeoutMs: 800 }));
    const a = elector('three', 'a', port);
    const changes: boolean[] = [];
    a.onChange((leader) => changes.push(leader));
    a.start();
    await waitFor('a to lead', () => a.isLeader(), 3_000);
    port.mode = 'fail';
    await waitFor('writes to pause', () => !a.assertLeadership(), 2 * TIMING.retryPeriodMs + 100);
    assert.equal(a.isLeader(), true, 'one failed renewal is not yet a lost lease');
    const steppedDown = await waitFor('a to step down', () => !a.isLeader(), TIMING.renewDeadlineMs + 200);
    assert.ok(steppedDown <= TIMING.renewDeadlineMs, `stepped down after ${Math.round(steppedDown)} ms`);
    assert.deepEqual(changes, [true, false]);
    port.mode = 'ok';
    await waitFor('a to lead again (the lease still names it)', () => a.isLeader(), 3_000);
    assert.equal(a.assertLeadership(), true);
    await a.stop();
  });

  it('steps down at once when another replica has written the lease', async () => {
    const a = elector('four', 'a');
    a.start();
    await waitFor('a to lead', () => a.isLeader(), 3_000);
    const lease = server.store.get({ ...LEASE, name: 'four' });
    assert.ok(lease !== undefined);
    server.store.patch({ ...LEASE, name: 'four' }, { spec: { holderIdentity: 'intruder' } });
    await waitFor('a to step down', () => !a.isLeader(), 3 * TIMING.retryPeriodMs + 200);
    assert.equal(a.assertLeadership(), false);
    await a.stop();
    assert.equal(spec(server.store.get({ ...LEASE, name: 'four' })).holderIdentity, 'intruder', 'stop() releases only a lease it holds');
  });

  it('releases the lease on stop so a standby takes over without waiting for expiry', async () => {
    const a = elector('five', 'a');
    a.start();
    await waitFor('a to lead', () => a.isLeader(), 3_000);
    const b = elector('five', 'b');
    b.start();
    await sleep(200);
    await a.stop();
    const took = await waitFor('b to lead', () => b.isLeader(), 3_000);
    assert.ok(took < TIMING.leaseDurationMs, `took ${Math.round(took)} ms`);
    await b.stop();
  });

  it('refuses timings where the renew deadline is not below the lease duration', () => {
    assert.throws(
      () => createLeaderElector({ leaseApi: controllable({} as LeaseApi), namespace: 'x', name: 'y', identity: 'a', logger: silentLogger(), leaseDurationMs: 1000, renewDeadlineMs: 1000, retryPeriodMs: 100 }),
      /renew deadline \(1000 ms\) < lease duration \(1000 ms\)/,
    );
  });
});
