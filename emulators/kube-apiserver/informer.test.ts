// The real @kubernetes/client-node informer (makeInformer / ListWatch / Watch) against the emulator:
// list → watch, reconnects, 410 relists in both refusal modes, bookmarks, selectors and watch leaks.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CoreV1Api, ListWatch, makeInformer, Watch } from '@kubernetes/client-node';
import type { Informer, ObjectCache, V1Service } from '@kubernetes/client-node';
import { startKubeApiServer } from './index.ts';
import type { KubeApiServer } from './index.ts';

async function waitFor(what: string, predicate: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

interface ServiceInput {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace: string; labels: Record<string, string> };
  spec: { ports: { port: number }[] };
  [key: string]: unknown;
}

function service(namespace: string, name: string, labels: Record<string, string> = {}): ServiceInput {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name, namespace, labels }, spec: { ports: [{ port: 80 }] } };
}

const ref = (namespace: string, name: string) => ({ apiVersion: 'v1', kind: 'Service', namespace, name });

interface Recorded {
  readonly informer: Informer<V1Service> & ObjectCache<V1Service>;
  readonly events: string[];
  readonly errors: unknown[];
  connects: number;
}

function record(informer: Informer<V1Service> & ObjectCache<V1Service>): Recorded {
  const recorded: Recorded = { informer, events: [], errors: [], connects: 0 };
  const name = (obj: V1Service): string => `${obj.metadata?.namespace ?? ''}/${obj.metadata?.name ?? ''}`;
  informer.on('add', (obj) => recorded.events.push(`add ${name(obj)}`));
  informer.on('update', (obj) => recorded.events.push(`update ${name(obj)}`));
  informer.on('delete', (obj) => recorded.events.push(`delete ${name(obj)}`));
  informer.on('error', (err) => recorded.errors.push(err));
  informer.on('connect', () => {
    recorded.connects += 1;
  });
  return recorded;
}

function names(informer: ObjectCache<V1Service>): string[] {
  return informer
    .list()
    .map((obj) => `${obj.metadata?.namespace ?? ''}/${obj.metadata?.name ?? ''}`)
    .sort();
}

void describe('client-node informers against the emulator', () => {
  let server: KubeApiServer;
  let core: CoreV1Api;

  before(async () => {
    server = await startKubeApiServer({ historySize: 50, bookmarkIntervalMs: 50 });
    core = server.kubeConfig().makeApiClient(CoreV1Api);
  });
  after(async () => {
    await server.close();
  });

  const startInformer = async (labelSelector?: string, openAfter = 1): Promise<Recorded> => {
    const informer = makeInformer<V1Service>(
      server.kubeConfig(),
      '/api/v1/namespaces/informer/services',
      () => core.listNamespacedService({ namespace: 'informer', ...(labelSelector === undefined ? {} : { labelSelector }) }),
      labelSelector,
    );
    const recorded = record(informer);
    await informer.start();
    await server.faults.waitForOpenWatches(openAfter);
    return recorded;
  };

  // The server counts a watch as open before client-node's Watch.watch() has resolved; a ListWatch.stop()
  // in that window aborts the previous request and the new one survives (a client-node race). Tests that
  // stop right after a reconnect give the client a moment to store the new request first.
  const settleReconnect = () => new Promise((resolve) => setTimeout(resolve, 100));

  const stop = async (recorded: Recorded): Promise<void> => {
    await recorded.informer.stop();
    await server.faults.waitForOpenWatches(0);
  };

  void it('delivers add, update and delete from a live watch and keeps the cache in step', async () => {
    server.store.create(service('informer', 'before-start'));
    const recorded = await startInformer();
    assert.deepEqual(recorded.events, ['add informer/before-start']);
    server.store.create(service('informer', 'web'));
    server.store.patch(ref('informer', 'web'), { spec: { ports: [{ port: 8080 }] } });
    server.store.delete(ref('informer', 'before-start'));
    await waitFor('three watch events', () => recorded.events.length === 4);
    assert.deepEqual(recorded.events.slice(1), ['add informer/web', 'update informer/web', 'delete informer/before-start']);
    assert.deepEqual(names(recorded.informer), ['informer/web']);
    assert.equal(recorded.informer.get('web', 'informer')?.spec?.ports?.[0]?.port, 8080);
    assert.ok(recorded.informer instanceof ListWatch, 'makeInformer builds a ListWatch');
    assert.equal(recorded.informer.latestResourceVersion(), server.store.resourceVersion());
    await stop(recorded);
    server.store.delete(ref('informer', 'web'));
  });

  void it('reconnects from the last resourceVersion after the server ends the watch, without relisting', async () => {
    const recorded = await startInformer();
    const lists = server.faults.requestCount('list', 'services');
    assert.equal(server.faults.closeWatches(), 1);
    await waitFor('the reconnect', () => recorded.connects === 2);
    await server.faults.waitForOpenWatches(1);
    await settleReconnect();
    server.store.create(service('informer', 'after-reconnect'));
    await waitFor('the add after reconnect', () => recorded.events.includes('add informer/after-reconnect'));
    assert.equal(server.faults.requestCount('list', 'services'), lists, 'a normal close must not cause a relist');
    assert.deepEqual(recorded.errors, []);
    await stop(recorded);
    server.store.delete(ref('informer', 'after-reconnect'));
  });

  for (const mode of ['error-event', 'http'] as const) {
    void it(`relists after 410 Gone (${mode}) and converges to the server state with add/update/delete`, async () => {
      server.store.create(service('informer', 'stays'));
      server.store.create(service('informer', 'changes'));
      server.store.create(service('informer', 'goes'));
      const recorded = await startInformer();
      server.faults.setExpiredMode(mode);
      // Hold the reconnect so the changes below happen while no watch is open, then drop the history.
      server.faults.setLatency(300);
      server.faults.closeWatches();
      server.store.patch(ref('informer', 'changes'), { metadata: { labels: { changed: 'yes' } } });
      server.store.delete(ref('informer', 'goes'));
      server.store.create(service('informer', 'arrives'));
      server.faults.compactHistory();
      const lists = server.faults.requestCount('list', 'services');
      await waitFor('the relist', () => server.faults.requestCount('list', 'services') > lists, 5000);
      server.faults.setLatency(0);
      await waitFor('the converged cache', () => names(recorded.informer).join() === 'informer/arrives,informer/changes,informer/stays');
      assert.ok(recorded.events.includes('update informer/changes'));
      assert.ok(recorded.events.includes('delete informer/goes'));
      assert.ok(recorded.events.includes('add informer/arrives'));
      assert.equal(recorded.informer.get('changes', 'informer')?.metadata?.labels?.['changed'], 'yes');
      assert.deepEqual(recorded.errors, []);
      await server.faults.waitForOpenWatches(1);
      await settleReconnect();
      await stop(recorded);
      server.faults.setExpiredMode('error-event');
      for (const name of ['stays', 'changes', 'arrives']) server.store.delete(ref('informer', name));
    });
  }

  void it('surfaces an injected watch HTTP 500 as an error and stops, as client-node does', async () => {
    const recorded = await startInformer();
    const watches = server.faults.requestCount('watch', 'services');
    server.faults.failNextWatches(1);
    server.faults.closeWatches();
    await waitFor('the error event', () => recorded.errors.length === 1);
    assert.equal((recorded.errors[0] as { statusCode?: number }).statusCode, 500);
    assert.equal(server.faults.requestCount('watch', 'services'), watches + 1);
    assert.equal(server.faults.openWatches(), 0);
    await recorded.informer.stop();
  });

  void it('resets watch sockets so the client sees ECONNRESET (and client-node stops until restarted)', async () => {
    const recorded = await startInformer();
    assert.equal(server.faults.resetWatches(), 1);
    await waitFor('the error event', () => recorded.errors.length > 0);
    const cause = (recorded.errors[0] as { cause?: { code?: string } }).cause;
    assert.equal(cause?.code, 'ECONNRESET');
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal(recorded.connects, 1, 'client-node does not reconnect after a network error');
    assert.equal(server.faults.openWatches(), 0);
    await recorded.informer.stop();
  });

  void it('applies the label selector to the watch: objects moving out of the selector are deleted from the cache', async () => {
    server.store.create(service('informer', 'blue', { color: 'blue' }));
    server.store.create(service('informer', 'red', { color: 'red' }));
    const recorded = await startInformer('color=blue');
    assert.deepEqual(names(recorded.informer), ['informer/blue']);
    server.store.create(service('informer', 'blue-2', { color: 'blue' }));
    server.store.create(service('informer', 'green', { color: 'green' }));
    server.store.patch(ref('informer', 'blue'), { metadata: { labels: { color: 'red' } } });
    await waitFor('selector events', () => recorded.events.length === 3);
    assert.deepEqual(recorded.events, ['add informer/blue', 'add informer/blue-2', 'delete informer/blue']);
    assert.deepEqual(names(recorded.informer), ['informer/blue-2']);
    await stop(recorded);
    for (const name of ['blue', 'red', 'blue-2', 'green']) server.store.delete(ref('informer', name));
  });

  void it('returns the open-watch count to 0 after informer.stop() (no leaked watches)', async () => {
    const informers = [
      await startInformer(undefined, 1),
      await startInformer(undefined, 2),
      await startInformer(undefined, 3),
    ];
    await Promise.all(informers.map((recorded) => recorded.informer.stop()));
    await server.faults.waitForOpenWatches(0);
    assert.equal(server.faults.openWatches(), 0);
  });

  void it('ends quiet watches at the server watch timeout; the informer reconnects without relisting', async () => {
    const quick = await startKubeApiServer({ watchTimeoutSeconds: 1 });
    try {
      const kc = quick.kubeConfig();
      const api = kc.makeApiClient(CoreV1Api);
      const recorded = record(makeInformer<V1Service>(kc, '/api/v1/services', () => api.listServiceForAllNamespaces()));
      await recorded.informer.start();
      await waitFor('a second watch after the server timeout', () => quick.faults.requestCount('watch', 'services') >= 2, 4000);
      assert.ok(recorded.connects >= 2);
      assert.equal(quick.faults.requestCount('list', 'services'), 1);
      assert.deepEqual(recorded.errors, []);
      await settleReconnect();
      await recorded.informer.stop();
      await quick.faults.waitForOpenWatches(0);
    } finally {
      await quick.close();
    }
  });

  void it('sends BOOKMARK events carrying the current resourceVersion when a watch asks for them', async () => {
    const seen: { type: string; rv: string }[] = [];
    let ended: unknown = 'not yet';
    const rv = server.store.resourceVersion();
    const controller = await new Watch(server.kubeConfig()).watch(
      '/api/v1/namespaces/informer/services',
      { allowWatchBookmarks: true, resourceVersion: rv, timeoutSeconds: 1 },
      (type, obj: { metadata?: { resourceVersion?: string } }) => seen.push({ type, rv: obj.metadata?.resourceVersion ?? '' }),
      (err) => {
        ended = err;
      },
    );
    await waitFor('two bookmarks', () => seen.filter((event) => event.type === 'BOOKMARK').length >= 2);
    server.store.create(service('informer', 'bookmarked'));
    await waitFor('the server-side timeout to end the watch', () => ended !== 'not yet', 3000);
    assert.equal(ended, null, 'timeoutSeconds must end the stream cleanly');
    const added = seen.find((event) => event.type === 'ADDED');
    assert.ok(added, 'the create between bookmarks is delivered');
    assert.ok(seen.every((event) => event.type === 'BOOKMARK' || event.type === 'ADDED'));
    assert.ok(seen.filter((event) => event.type === 'BOOKMARK').every((event) => Number(event.rv) >= Number(rv)));
    controller.abort();
    await server.faults.waitForOpenWatches(0);
    server.store.delete(ref('informer', 'bookmarked'));
  });

  void it('serves a ListWatch with a field selector on metadata.name', async () => {
    server.store.create(service('informer', 'only-me'));
    server.store.create(service('informer', 'not-me'));
    const listWatch = new ListWatch<V1Service>(
      '/api/v1/namespaces/informer/services',
      new Watch(server.kubeConfig()),
      () => core.listNamespacedService({ namespace: 'informer', fieldSelector: 'metadata.name=only-me' }),
      false,
      undefined,
      'metadata.name=only-me',
    );
    const recorded = record(listWatch);
    await listWatch.start();
    await server.faults.waitForOpenWatches(1);
    server.store.patch(ref('informer', 'not-me'), { metadata: { labels: { touched: 'yes' } } });
    server.store.patch(ref('informer', 'only-me'), { metadata: { labels: { touched: 'yes' } } });
    await waitFor('the update', () => recorded.events.length === 2);
    assert.deepEqual(recorded.events, ['add informer/only-me', 'update informer/only-me']);
    await stop(recorded);
  });
});
