import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { Registry as PromRegistry } from 'prom-client';
import { startKubeApiServer, type KubeApiServer } from '../../emulators/kube-apiserver/index.ts';
import { createDomainFilter, createEndpoint, LABEL, type Endpoint } from '../endpoint/index.ts';
import { silentLogger } from '../log/logger.ts';
import { createInMemoryProvider, type InMemoryProvider } from '../provider/inmemory/index.ts';
import type { Provider } from '../provider/provider.ts';
import { createTxtRegistry } from '../registry/txt/index.ts';
import type { Source, SourceResult } from '../source/source.ts';
import { runController, type Controller, type ControllerOptions } from './controller.ts';
import { createFeedbackApplier, createKubeFeedbackApi, type FeedbackApplier, type FeedbackItem } from './feedback/index.ts';
import { createKubeLeaseApi, createLeaderElector, type LeaderElector } from './leader/index.ts';
import { createControllerMetrics } from './metrics.ts';
import type { PlanSettings, ReconcileDeps } from './reconcile.ts';

/** A source whose objects the test sets; it notifies like an informer-backed source. */
function memorySource(initial: readonly Endpoint[] = []): Source & { set(endpoints: readonly Endpoint[]): void } {
  let endpoints = initial;
  const listeners = new Set<() => void>();
  return {
    endpoints: () => Promise.resolve<SourceResult>({ endpoints, problems: [], frozenResources: new Set() }),
    onChange: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    set: (next) => {
      endpoints = next;
      for (const l of listeners) l();
    },
  };
}

/** Counts calls into a provider, so a test can prove a replica did not touch it. */
function counted(inner: Provider): Provider & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    zones: (s) => (calls.push('zones'), inner.zones(s)),
    records: (s) => (calls.push('records'), inner.records(s)),
    applyChanges: (c, s) => (calls.push('applyChanges'), inner.applyChanges(c, s)),
  };
}

const settings: PlanSettings = {
  policy: 'sync',
  domainFilter: createDomainFilter({ include: [], exclude: [], regexInclude: '', regexExclude: '' }),
  managedTypes: ['A', 'AAAA', 'CNAME'],
  excludeTypes: [],
  maxDeleteFraction: 0.3,
  force: false,
};

const record = (name: string, resource: string, ip = '192.0.2.1'): Endpoint =>
  createEndpoint({ dnsName: name, recordType: 'A', targets: [ip], labels: { [LABEL.resource]: resource } });

function depsFor(provider: Provider, source: Source, ownerId = 'test-owner'): ReconcileDeps {
  return { source, registry: createTxtRegistry(provider, { ownerId }), settings, logger: silentLogger() };
}

const names = async (p: InMemoryProvider): Promise<string[]> =>
  (await p.records()).filter((e) => e.recordType === 'A').map((e) => e.dnsName).sort();

async function until(what: string, predicate: () => boolean | Promise<boolean>, timeoutMs = 3_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error(`waited ${timeoutMs} ms for ${what}`);
    await sleep(10);
  }
}

/** A leader stub whose answers the test sets; `emit` announces a change as the elector would. */
function fixedLeader(state: { leader: boolean; fresh: boolean }): LeaderElector & { emit(leader: boolean): void } {
  const listeners = new Set<(l: boolean) => void>();
  return {
    start: () => undefined,
    stop: () => Promise.resolve(),
    isLeader: () => state.leader,
    onChange: (l) => (listeners.add(l), () => listeners.delete(l)),
    assertLeadership: () => state.leader && state.fresh,
    emit: (leader) => {
      for (const l of [...listeners]) l(leader);
    },
  };
}

describe('controller', () => {
  const running: Controller[] = [];
  const start = (options: ControllerOptions): Controller => {
    const c = runController(options);
    running.push(c);
    return c;
  };
  after(async () => {
    for (const c of running) await c.stop(100);
  });

  it('reconciles at start, then again within the debounce window after a source change, and becomes ready', async () => {
    const provider = createInMemoryProvider({ zones: ['example.com'] });
    const source = memorySource([record('a.example.com', 'service/apps/a')]);
    const registry = new PromRegistry();
    const metrics = createControllerMetrics({ registry });
    const c = start({ deps: depsFor(provider, source), intervalMs: 60_000, debounceMs: 50, maxDelayMs: 500, metrics, logger: silentLogger() });
    assert.deepEqual(c.health.ready(), { ok: false, reason: 'waiting for the first successful reconcile' });
    assert.equal((await c.nextPass()).outcome, 'applied');
    assert.deepEqual(await names(provider), ['a.example.com']);
    assert.deepEqual(c.health.ready(), { ok: true });

    const changedAt = Date.now();
    source.set([record('a.example.com', 'service/apps/a'), record('b.example.com', 'service/apps/b')]);
    const report = await c.nextPass();
    assert.equal(report.outcome, 'applied');
    assert.ok(Date.now() - changedAt < 1_000, 'the change was written well before the interval');
    assert.deepEqual(await names(provider), ['a.example.com', 'b.example.com']);
    const text = await registry.metrics();
    assert.match(text, /^zonekeeper_event_to_write_seconds_count 1$/m);
    assert.match(text, /^zonekeeper_reconcile_duration_seconds_count\{outcome="applied"\} 2$/m);
    assert.match(text, /^zonekeeper_leader 1$/m);
  });

  it('runs no pass and reports not ready until the source caches have synced', async () => {
    const provider = createInMemoryProvider({ zones: ['example.com'] });
    const source = memorySource([record('a.example.com', 'service/apps/a')]);
    let markSynced = (): void => undefined;
    const synced = new Promise<void>((resolve) => {
      markSynced = resolve;
    });
    const c = start({ deps: depsFor(provider, source), intervalMs: 60_000, debounceMs: 10, synced, logger: silentLogger() });
    await sleep(100);
    assert.deepEqual(c.health.ready(), { ok: false, reason: 'waiting for the source caches to sync' });
    assert.deepEqual(await names(provider), []);
    markSynced();
    await c.nextPass();
    assert.deepEqual(await names(provider), ['a.example.com']);
    assert.deepEqual(c.health.ready(), { ok: true });
  });

  it('writes nothing when the lease is no longer fresh at write time', async () => {
    const provider = createInMemoryProvider({ zones: ['example.com'] });
    const leader = fixedLeader({ leader: true, fresh: false });
    const c = start({ deps: depsFor(provider, memorySource([record('a.example.com', 'service/apps/a')])), intervalMs: 60_000, retryMs: 60_000, leader, logger: silentLogger() });
    const report = await c.nextPass();
    assert.equal(report.outcome, 'failed');
    assert.equal((report.error as Error).name, 'NotLeaderError');
    assert.deepEqual(await names(provider), []);
  });

  it('aborts the write in flight when leadership is lost during it', async () => {
    const inner = createInMemoryProvider({ zones: ['example.com'] });
    const state = { leader: true, fresh: true };
    const leader = fixedLeader(state);
    let seen: AbortSignal | undefined;
    let entered = (): void => undefined;
    const writing = new Promise<void>((resolve) => {
      entered = resolve;
    });
    const slowWrites: Provider = {
      ...inner,
      applyChanges: async (changes, signal) => {
        seen = signal;
        entered();
        await new Promise<void>((resolve, reject) => {
          signal?.addEventListener('abort', () => {
            reject(signal.reason as Error);
          });
          setTimeout(resolve, 2_000);
        });
        return inner.applyChanges(changes, signal);
      },
    };
    const c = start({ deps: depsFor(slowWrites, memorySource([record('a.example.com', 'service/apps/a')])), intervalMs: 60_000, retryMs: 60_000, leader, logger: silentLogger() });
    const report = c.nextPass();
    await writing;
    state.leader = false;
    leader.emit(false);
    const done = await report;
    assert.equal(done.outcome, 'failed');
    assert.equal(seen?.aborted, true);
    assert.equal((done.error as Error).name, 'NotLeaderError');
    assert.deepEqual(await names(inner), []);
  });

  it('as a standby, reads nothing from the provider and is ready; on gaining the lease it reconciles at once', async () => {
    const inner = createInMemoryProvider({ zones: ['example.com'] });
    const provider = counted(inner);
    const state = { leader: false, fresh: false };
    const listeners: ((l: boolean) => void)[] = [];
    const leader: LeaderElector = { ...fixedLeader(state), onChange: (l) => (listeners.push(l), () => undefined) };
    const c = start({ deps: depsFor(provider, memorySource([record('a.example.com', 'service/apps/a')])), intervalMs: 60_000, debounceMs: 10, leader, logger: silentLogger() });
    assert.equal((await c.nextPass()).outcome, 'standby');
    assert.deepEqual(provider.calls, []);
    assert.deepEqual(c.health.ready(), { ok: true });
    state.leader = true;
    state.fresh = true;
    const next = c.nextPass();
    for (const l of listeners) l(true);
    assert.equal((await next).outcome, 'applied');
    assert.deepEqual(await names(inner), ['a.example.com']);
  });

  it('holds a zone back at the safety threshold and tells the objects whose records would go', async () => {
    const provider = createInMemoryProvider({ zones: ['example.com'] });
    const many = Array.from({ length: 12 }, (_, i) => record(`r${i}.example.com`, `service/apps/r${i}`));
    const source = memorySource(many);
    const registry = new PromRegistry();
    const fed: FeedbackItem[][] = [];
    const feedback: FeedbackApplier = {
      apply: (items) => {
        fed.push([...items]);
        return Promise.resolve({ items: items.length, statusWrites: 0, annotationWrites: 0, errors: 0 });
      },
    };
    const c = start({ deps: depsFor(provider, source), intervalMs: 60_000, debounceMs: 10, metrics: createControllerMetrics({ registry }), feedback, logger: silentLogger() });
    await c.nextPass();
    source.set(many.slice(0, 2).concat(record('new.example.com', 'service/apps/new')));
    const report = await c.nextPass();
    assert.deepEqual(report.result?.plan.refusals.map((r) => r.zone), ['example.com']);
    assert.equal((await names(provider)).length, 12, 'nothing deleted');
    assert.match(await registry.metrics(), /^zonekeeper_delete_refusals_total\{zone="example\.com"\} 1$/m);
    const items = fed.at(-1) ?? [];
    const refused = items.filter((i) => i.events.some((e) => e.reason === 'DeleteRefused')).map((i) => i.resource);
    assert.equal(refused.length, 10);
    assert.ok(refused.includes('service/apps/r11'));
    assert.equal(items.find((i) => i.resource === 'service/apps/new')?.status.readyReason, 'Pending');
  });

  it('fails liveness while one pass runs past the stall limit', async () => {
    const inner = createInMemoryProvider({ zones: ['example.com'] });
    let release = (): void => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const slow: Provider = { ...inner, zones: async (s) => (await gate, inner.zones(s)) };
    const c = start({ deps: depsFor(slow, memorySource()), intervalMs: 60_000, stallMs: 50, logger: silentLogger() });
    await sleep(120);
    const alive = c.health.alive();
    assert.equal(alive.ok, false);
    assert.match(alive.ok ? '' : alive.reason, /a reconcile pass has been running for \d+ s/);
    release();
    await c.nextPass();
    assert.deepEqual(c.health.alive(), { ok: true });
  });

  it('fails liveness while the feedback of a pass hangs past the stall limit', async () => {
    const provider = createInMemoryProvider({ zones: ['example.com'] });
    let release = (): void => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const feedback: FeedbackApplier = { apply: async () => (await gate, { items: 0, statusWrites: 0, annotationWrites: 0, errors: 0 }) };
    const c = start({ deps: depsFor(provider, memorySource([record('a.example.com', 'service/apps/a')])), intervalMs: 60_000, stallMs: 50, feedback, logger: silentLogger() });
    await until('the records are written', async () => (await names(provider)).length === 1);
    await sleep(120);
    assert.equal(c.health.alive().ok, false);
    release();
    await c.nextPass();
    assert.deepEqual(c.health.alive(), { ok: true });
  });

  it('does not write feedback once the lease was lost after the write', async () => {
    const provider = createInMemoryProvider({ zones: ['example.com'] });
    const state = { leader: true, fresh: true };
    const leader = fixedLeader(state);
    // The write succeeds, then the lease goes: the new leader owns the feedback from now on.
    const losing: Provider = { ...provider, applyChanges: async (changes, s) => {
      const result = await provider.applyChanges(changes, s);
      state.leader = false;
      return result;
    } };
    let applied = 0;
    const feedback: FeedbackApplier = { apply: (items) => ((applied += items.length), Promise.resolve({ items: 0, statusWrites: 0, annotationWrites: 0, errors: 0 })) };
    const c = start({ deps: depsFor(losing, memorySource([record('a.example.com', 'service/apps/a')])), leader, intervalMs: 60_000, feedback, logger: silentLogger() });
    assert.equal((await c.nextPass()).outcome, 'applied');
    assert.deepEqual(await names(provider), ['a.example.com']);
    assert.equal(applied, 0);
  });

  it('does not write feedback in a dry run', async () => {
    const provider = createInMemoryProvider({ zones: ['example.com'] });
    let applied = 0;
    const feedback: FeedbackApplier = { apply: (items) => ((applied += items.length), Promise.resolve({ items: 0, statusWrites: 0, annotationWrites: 0, errors: 0 })) };
    const c = start({ deps: depsFor(provider, memorySource([record('a.example.com', 'service/apps/a')])), dryRun: true, intervalMs: 60_000, feedback, logger: silentLogger() });
    assert.equal((await c.nextPass()).outcome, 'planned');
    assert.equal(applied, 0);
    assert.deepEqual(await names(provider), []);
  });
});

describe('controller feedback on a Kubernetes API server', () => {
  let server: KubeApiServer;
  before(async () => {
    server = await startKubeApiServer();
  });
  after(async () => {
    await server.close();
  });

  it('after a pass, the DNSEndpoint has a Ready status and an Event says which record was created', async () => {
    const ref = { apiVersion: 'externaldns.k8s.io/v1alpha1', kind: 'DNSEndpoint', namespace: 'apps', name: 'records' };
    server.store.create({ ...ref, metadata: { name: 'records', namespace: 'apps' }, spec: { endpoints: [{ dnsName: 'crd.example.com', recordType: 'A', targets: ['192.0.2.5'] }] } });
    const provider = createInMemoryProvider({ zones: ['example.com'] });
    const feedback = createFeedbackApplier({ api: createKubeFeedbackApi(server.kubeConfig()), identity: 'zonekeeper-0', logger: silentLogger() });
    const c = runController({ deps: depsFor(provider, memorySource([record('crd.example.com', 'crd/apps/records', '192.0.2.5')])), intervalMs: 60_000, feedback, logger: silentLogger() });
    try {
      assert.equal((await c.nextPass()).outcome, 'applied');
    } finally {
      await c.stop(100);
    }
    const status = server.store.get(ref)?.status as { observedGeneration: number; conditions: { type: string; status: string; reason: string; message: string }[] };
    assert.equal(status.observedGeneration, 1);
    const ready = status.conditions.find((x) => x.type === 'Ready');
    assert.deepEqual([ready?.status, ready?.reason, ready?.message], ['True', 'Programmed', '1 record in step']);
    const events = server.store.list('events.k8s.io/v1', 'Event', { namespace: 'apps' }) as unknown as { reason: string; note: string; regarding: { kind: string; name: string } }[];
    assert.deepEqual(
      events.map((e) => [e.reason, e.regarding.kind, e.regarding.name, e.note]),
      [['RecordCreated', 'DNSEndpoint', 'records', 'created crd.example.com A -> [192.0.2.5] (owner test-owner)']],
    );
  });
});

describe('two controllers sharing one zone behind a Lease', () => {
  let server: KubeApiServer;
  before(async () => {
    server = await startKubeApiServer();
  });
  after(async () => {
    await server.close();
  });

  it('only the leader writes; when it stops, the standby takes over and converges the zone', async () => {
    const provider = createInMemoryProvider({ zones: ['example.com'] });
    const timing = { leaseDurationMs: 1_000, renewDeadlineMs: 600, retryPeriodMs: 100, defaultMarginMs: 200 };
    const replicas = ['a', 'b'].map((identity) => {
      const writes = counted(provider);
      const leader = createLeaderElector({
        leaseApi: createKubeLeaseApi({ kubeConfig: server.kubeConfig(), namespace: 'kube-system', name: 'zonekeeper', requestTimeoutMs: 500 }),
        namespace: 'kube-system',
        name: 'zonekeeper',
        identity,
        logger: silentLogger(),
        ...timing,
      });
      const source = memorySource([record('a.example.com', 'service/apps/a')]);
      const controller = runController({ deps: depsFor(writes, source), intervalMs: 200, debounceMs: 10, leader, logger: silentLogger() });
      leader.start();
      return { identity, writes, leader, source, controller };
    });
    try {
      await until('one leader', () => replicas.some((r) => r.leader.isLeader()));
      await until('the record', async () => (await names(provider)).includes('a.example.com'));
      const [first, second] = replicas[0]?.leader.isLeader() === true ? [replicas[0], replicas[1]] : [replicas[1], replicas[0]];
      assert.ok(first !== undefined && second !== undefined);
      await sleep(500);
      assert.equal(second.writes.calls.length, 0, 'the standby never touched the provider');
      await first.controller.stop(100);
      await first.leader.stop();
      second.source.set([record('a.example.com', 'service/apps/a'), record('b.example.com', 'service/apps/b')]);
      await until('the standby to write', async () => (await names(provider)).includes('b.example.com'), 3_000);
      assert.ok(second.writes.calls.includes('applyChanges'));
    } finally {
      for (const r of replicas) {
        await r.controller.stop(100);
        await r.leader.stop();
      }
    }
  });
});

