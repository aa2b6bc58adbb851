import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startKubeApiServer, type KubeApiServer } from '../../../emulators/kube-apiserver/index.ts';
import { HealingInformer, type InformerSpec } from './informer.ts';
import { annotationKeeper } from './project.ts';
import { FAST_TUNING, lbService, setLoadBalancer, sleep, waitFor } from './test-support.ts';

const ref = (namespace: string, name: string) => ({ apiVersion: 'v1', kind: 'Service', namespace, name });

function spec(namespace: string, labelSelector?: string): InformerSpec {
  return {
    name: 'services',
    apiVersion: 'v1',
    kind: 'Service',
    shape: 'Service',
    path: `/api/v1/namespaces/${namespace}/services`,
    labelSelector,
    keepAnnotation: annotationKeeper(''),
  };
}

void describe('HealingInformer against the test API server', () => {
  let server: KubeApiServer;
  before(async () => {
    server = await startKubeApiServer({ historySize: 50, bookmarkIntervalMs: 50 });
  });
  after(async () => {
    await server.close();
  });

  const started = async (namespace: string, labelSelector?: string) => {
    const informer = new HealingInformer(server.kubeConfig(), spec(namespace, labelSelector), FAST_TUNING);
    const events: string[] = [];
    informer.on((type, obj) => events.push(`${type} ${(obj.metadata as { name: string }).name}`));
    await informer.start();
    await server.faults.waitForOpenWatches(1);
    return { informer, events };
  };
  const names = (informer: HealingInformer) => informer.list().map((o) => (o.metadata as { name: string }).name).sort();
  const stop = async (informer: HealingInformer) => {
    await informer.stop();
    await server.faults.waitForOpenWatches(0);
  };

  void it('lists page by page, watches, and caches only the fields translation reads', async () => {
    for (const n of ['a', 'b', 'c']) {
      const svc = lbService('paged', n, `${n}.example.com`, '192.0.2.1', { annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{"huge":true}' } });
      server.store.create({ ...svc, metadata: { ...svc.metadata, managedFields: [{ manager: 'kubectl' }] } });
    }
    const lists = server.faults.requestCount('list', 'services');
    const { informer, events } = await started('paged');
    assert.equal(server.faults.requestCount('list', 'services') - lists, 2, 'three services in pages of two take two list requests');
    assert.deepEqual(names(informer), ['a', 'b', 'c']);
    setLoadBalancer(server.store, 'paged', 'a', [{ ip: '192.0.2.9' }]);
    server.store.delete(ref('paged', 'b'));
    await waitFor('update and delete', () => events.length === 5);
    assert.deepEqual(events.slice(3), ['update a', 'delete b']);
    const a = informer.list().find((o) => (o.metadata as { name: string }).name === 'a');
    assert.deepEqual(Object.keys(a?.metadata as object).sort(), ['annotations', 'labels', 'name', 'namespace', 'resourceVersion', 'uid']);
    assert.deepEqual((a?.metadata as { annotations: object }).annotations, { 'external-dns.kubernetes.io/hostname': 'a.example.com' });
    assert.deepEqual(a?.status, { loadBalancer: { ingress: [{ ip: '192.0.2.9' }] } });
    assert.deepEqual([a?.apiVersion, a?.kind], ['v1', 'Service']);
    assert.equal(informer.stats().synced, true);
    await stop(informer);
  });

  void it('heals after a burst of HTTP 500 on the watch, without leaking watches', async () => {
    const { informer, events } = await started('burst');
    server.faults.failNextWatches(3);
    server.faults.closeWatches();
    await waitFor('the restarts', () => informer.stats().restarts >= 1 && server.faults.openWatches() === 1);
    server.store.create(lbService('burst', 'after', 'x.example.com', '192.0.2.1'));
    await waitFor('the add after healing', () => events.includes('add after'));
    assert.equal(server.faults.openWatches(), 1);
    assert.ok(informer.stats().errors >= 1);
    assert.match(informer.stats().lastError, /500/);
    await stop(informer);
  });

  void it('heals after the watch connection is reset (ECONNRESET)', async () => {
    const { informer, events } = await started('reset');
    assert.equal(server.faults.resetWatches(), 1);
    await waitFor('the restart', () => informer.stats().restarts === 1);
    await server.faults.waitForOpenWatches(1);
    server.store.create(lbService('reset', 'after', 'x.example.com', '192.0.2.1'));
    await waitFor('the add after healing', () => events.includes('add after'));
    assert.equal(informer.stats().healthy, true);
    await stop(informer);
  });

  for (const mode of ['error-event', 'http'] as const) {
    void it(`relists after 410 (${mode}) through client-node alone, reporting what changed meanwhile`, async () => {
      const ns = `gone-${mode}`;
      server.store.create(lbService(ns, 'stays', 's.example.com', '192.0.2.1'));
      server.store.create(lbService(ns, 'goes', 'g.example.com', '192.0.2.1'));
      const { informer, events } = await started(ns);
      server.faults.setExpiredMode(mode);
      server.faults.setLatency(200);
      server.faults.closeWatches();
      server.store.delete(ref(ns, 'goes'));
      server.store.create(lbService(ns, 'arrives', 'a.example.com', '192.0.2.1'));
      server.faults.compactHistory();
      const lists = informer.stats().lists;
      await waitFor('the relist', () => informer.stats().lists > lists);
      server.faults.setLatency(0);
      await waitFor('the converged cache', () => names(informer).join() === 'arrives,stays');
      assert.deepEqual(events.slice(2).sort(), ['add arrives', 'delete goes']);
      assert.equal(informer.stats().restarts, 0, '410 is handled by client-node without an error');
      await server.faults.waitForOpenWatches(1);
      server.faults.setExpiredMode('error-event');
      await stop(informer);
    });
  }

  void it('reports objects deleted while it was restarting', async () => {
    server.store.create(lbService('missed', 'one', 'one.example.com', '192.0.2.1'));
    server.store.create(lbService('missed', 'two', 'two.example.com', '192.0.2.1'));
    const { informer, events } = await started('missed');
    server.faults.setLatency(150);
    server.faults.resetWatches();
    server.store.delete(ref('missed', 'one'));
    server.faults.compactHistory();
    server.faults.setLatency(0);
    await waitFor('the delete', () => events.includes('delete one'));
    assert.deepEqual(names(informer), ['two']);
    await server.faults.waitForOpenWatches(1);
    await stop(informer);
  });

  void it('never restarts after stop(), even though client-node reports an AbortError', async () => {
    const { informer } = await started('stopped');
    await stop(informer);
    const before = server.faults.requestCount(undefined, 'services');
    server.store.create(lbService('stopped', 'late', 'l.example.com', '192.0.2.1'));
    await sleep(300);
    assert.equal(server.faults.requestCount(undefined, 'services'), before);
    assert.equal(server.faults.openWatches(), 0);
    assert.deepEqual([informer.stats().restarts, informer.stats().errors, informer.stats().healthy], [0, 0, false]);
  });

  void it('keeps delivering when a handler throws, and counts the failures', async () => {
    const informer = new HealingInformer(server.kubeConfig(), spec('throws'), FAST_TUNING);
    const seen: string[] = [];
    informer.on(() => {
      throw new Error('handler bug');
    });
    informer.on((type, obj) => seen.push(`${type} ${(obj.metadata as { name: string }).name}`));
    await informer.start();
    server.store.create(lbService('throws', 'x', 'x.example.com', '192.0.2.1'));
    server.store.create(lbService('throws', 'y', 'y.example.com', '192.0.2.1'));
    await waitFor('both adds', () => seen.length === 2);
    assert.equal(informer.stats().handlerErrors, 2);
    assert.equal(informer.stats().restarts, 0);
    await stop(informer);
  });

  void it('restarts a request stuck for longer than the watchdog period', async () => {
    const tuning = { ...FAST_TUNING, watchdogMs: 150 };
    const informer = new HealingInformer(server.kubeConfig(), spec('stuck'), tuning);
    server.faults.setLatency(1000);
    const starting = informer.start();
    await waitFor('a watchdog restart', () => informer.stats().restarts >= 1);
    server.faults.setLatency(0);
    await starting;
    assert.equal(informer.stats().synced, true);
    assert.match(informer.stats().lastError, /watchdog/);
    await server.faults.waitForOpenWatches(1, 3000);
    await stop(informer);
  });

  void it('counts each page of a long list as progress, so the watchdog lets a slow list finish', async () => {
    for (let i = 0; i < 12; i++) server.store.create(lbService('slow', `s${i}`, `s${i}.example.com`, '192.0.2.1'));
    server.faults.setLatency(60);
    const informer = new HealingInformer(server.kubeConfig(), spec('slow'), { ...FAST_TUNING, pageSize: 2, watchdogMs: 150 });
    try {
      await informer.start();
      assert.deepEqual([informer.stats().objects, informer.stats().restarts], [12, 0]);
    } finally {
      server.faults.setLatency(0);
      await stop(informer);
    }
  });

  void it('leaves a quiet but healthy watch alone: bookmarks keep the watchdog fed', async () => {
    const errors: string[] = [];
    const informer = new HealingInformer(server.kubeConfig(), spec('quiet'), { ...FAST_TUNING, watchdogMs: 200 }, { onError: (m) => errors.push(m) });
    await informer.start();
    await sleep(600);
    assert.deepEqual([informer.stats().restarts, errors], [0, []]);
    assert.equal(informer.stats().healthy, true);
    await stop(informer);
  });

  void it('reports each failure with the collection and the cause before restarting', async () => {
    const errors: string[] = [];
    const informer = new HealingInformer(server.kubeConfig(), spec('reported'), FAST_TUNING, { onError: (m) => errors.push(m) });
    await informer.start();
    await server.faults.waitForOpenWatches(1);
    server.faults.failNextWatches(1, 403);
    server.faults.closeWatches();
    await waitFor('the report', () => errors.length === 1);
    assert.match(errors[0] ?? '', /^services \(\/api\/v1\/namespaces\/reported\/services\): .*403.*restarting in \d+ ms$/);
    await server.faults.waitForOpenWatches(1);
    await stop(informer);
  });

  void it('sends the label selector on the list and the watch', async () => {
    server.store.create(lbService('labels', 'blue', 'b.example.com', '192.0.2.1', { labels: { color: 'blue' } }));
    server.store.create(lbService('labels', 'red', 'r.example.com', '192.0.2.1', { labels: { color: 'red' } }));
    const { informer, events } = await started('labels', 'color=blue');
    assert.deepEqual(names(informer), ['blue']);
    server.store.create(lbService('labels', 'green', 'g.example.com', '192.0.2.1', { labels: { color: 'green' } }));
    server.store.patch(ref('labels', 'blue'), { metadata: { labels: { color: 'red' } } });
    await waitFor('blue leaving the selection', () => events.includes('delete blue'));
    assert.deepEqual(names(informer), []);
    await stop(informer);
  });
});
