// CRDs, discovery, watch replay and the HTTP edge (auth, counters), exercised through client-node.
/* eslint-disable @typescript-eslint/no-unsafe-class-instance-assignment -- client-node models are plain-field
   classes; JSON literals are how its own examples build request bodies. */

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  ApiException,
  ApiextensionsV1Api,
  CoreV1Api,
  CustomObjectsApi,
  KubeConfig,
  KubernetesObjectApi,
  Watch,
} from '@kubernetes/client-node';
import type { V1CustomResourceDefinition } from '@kubernetes/client-node';
import { APPROVAL_ANNOTATION, startKubeApiServer } from './index.ts';
import type { KubeApiServer } from './index.ts';

function crd(group: string, annotations: Record<string, string> = {}): V1CustomResourceDefinition {
  return {
    metadata: { name: `widgets.${group}`, annotations },
    spec: {
      group,
      scope: 'Namespaced',
      names: { plural: 'widgets', singular: 'widget', kind: 'Widget', listKind: 'WidgetList' },
      versions: [
        { name: 'v1', served: true, storage: true, subresources: { status: {} }, schema: { openAPIV3Schema: { type: 'object' } } },
      ],
    },
  };
}

async function rejection(call: () => Promise<unknown>): Promise<{ code: number; message: string; reason: string }> {
  try {
    await call();
  } catch (error) {
    assert.ok(error instanceof ApiException, `expected an ApiException, got ${String(error)}`);
    const body: unknown = error.body;
    const status = (typeof body === 'string' ? JSON.parse(body) : body) as { message: string; reason: string };
    return { code: error.code, message: status.message, reason: status.reason };
  }
  assert.fail('the call succeeded, but a rejection was expected');
}

interface Seen {
  readonly type: string;
  readonly name: string;
  readonly code: number | undefined;
}

/** Opens a raw watch and collects events until the server ends it (timeoutSeconds) or `count` arrive. */
async function collectWatch(kc: KubeConfig, path: string, query: Record<string, string | number>, count: number): Promise<Seen[]> {
  const seen: Seen[] = [];
  let controller: AbortController | undefined;
  await new Promise<void>((resolve, reject) => {
    new Watch(kc)
      .watch(
        path,
        query,
        (type, obj: { metadata?: { name?: string }; code?: number }) => {
          seen.push({ type, name: obj.metadata?.name ?? '', code: obj.code });
          if (seen.length === count) resolve();
        },
        (err: unknown) => {
          if (err === null || err === undefined) resolve();
          else reject(err instanceof Error ? err : new Error(JSON.stringify(err)));
        },
      )
      .then((c) => {
        controller = c;
      }, reject);
  });
  controller?.abort();
  return seen;
}

void describe('CRDs, discovery and watch replay', () => {
  let server: KubeApiServer;
  let kc: KubeConfig;
  let extensions: ApiextensionsV1Api;
  let custom: CustomObjectsApi;

  before(async () => {
    server = await startKubeApiServer({ historySize: 3 });
    kc = server.kubeConfig();
    extensions = kc.makeApiClient(ApiextensionsV1Api);
    custom = kc.makeApiClient(CustomObjectsApi);
  });
  after(async () => {
    await server.close();
  });

  void it('refuses a CRD in a protected group without the api-approved annotation (422 Invalid)', async () => {
    for (const group of ['zonekeeper.k8s.io', 'k8s.io', 'dns.kubernetes.io']) {
      const refused = await rejection(() => extensions.createCustomResourceDefinition({ body: crd(group) }));
      assert.equal(refused.code, 422, group);
      assert.equal(refused.reason, 'Invalid');
      assert.match(refused.message, /metadata\.annotations\[api-approved\.kubernetes\.io\]: Required value/);
    }
    const approved = await extensions.createCustomResourceDefinition({
      body: crd('zonekeeper.k8s.io', { [APPROVAL_ANNOTATION]: 'https://github.com/kubernetes/enhancements/pull/1111' }),
    });
    assert.equal(approved.metadata?.name, 'widgets.zonekeeper.k8s.io');
    await extensions.createCustomResourceDefinition({ body: crd('example.com') });
  });

  void it('serves a resource as soon as its CRD exists and stops serving it when the CRD is deleted', async () => {
    const where = { group: 'example.com', version: 'v1', namespace: 'apps', plural: 'widgets' };
    await custom.createNamespacedCustomObject({ ...where, body: { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w1' }, spec: { size: 1 } } });
    const listed = (await custom.listNamespacedCustomObject(where)) as { items: { metadata: { name: string } }[] };
    assert.deepEqual(listed.items.map((item) => item.metadata.name), ['w1']);
    await extensions.deleteCustomResourceDefinition({ name: 'widgets.example.com' });
    const gone = await rejection(() => custom.listNamespacedCustomObject(where));
    assert.equal(gone.code, 404);
    const misnamed = crd('other.example.com');
    misnamed.metadata = { name: 'wrong-name' };
    const refused = await rejection(() => extensions.createCustomResourceDefinition({ body: misnamed }));
    assert.match(refused.message, /metadata\.name: Invalid value: "wrong-name"/);
  });

  void it('publishes discovery that KubernetesObjectApi uses to find plurals, including v1alpha2 and v1 TLSRoutes', async () => {
    const objects = KubernetesObjectApi.makeApiClient(kc);
    for (const apiVersion of ['gateway.networking.k8s.io/v1alpha2', 'gateway.networking.k8s.io/v1']) {
      const name = `tls-${apiVersion.endsWith('v1') ? 'v1' : 'alpha'}`;
      await objects.create({ apiVersion, kind: 'TLSRoute', metadata: { name, namespace: 'apps' }, spec: { hostnames: ['t.example.com'] } });
      const read = await objects.read({ apiVersion, kind: 'TLSRoute', metadata: { name, namespace: 'apps' } });
      assert.equal(read.apiVersion, apiVersion);
    }
    const both: unknown = await custom.listNamespacedCustomObject({ group: 'gateway.networking.k8s.io', version: 'v1alpha2', namespace: 'apps', plural: 'tlsroutes' });
    assert.equal((both as { items: unknown[] }).items.length, 2, 'both versions share one storage');
    const groups = await objects.list('v1', 'Service', 'apps');
    assert.deepEqual(groups.items, []);
  });

  void it('replays events strictly after the watch resourceVersion, then answers a compacted one with ERROR 410', async () => {
    const svc = (name: string) => ({ apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: 'replay' } });
    const start = Number(server.store.resourceVersion());
    server.store.create(svc('a'));
    server.store.create(svc('b'));
    server.store.patch({ apiVersion: 'v1', kind: 'Service', namespace: 'replay', name: 'a' }, { metadata: { labels: { x: 'y' } } });
    const path = '/api/v1/namespaces/replay/services';
    const replay = await collectWatch(kc, path, { resourceVersion: String(start + 1), timeoutSeconds: 1 }, 2);
    assert.deepEqual(replay.map((event) => `${event.type} ${event.name}`), ['ADDED b', 'MODIFIED a']);

    // History keeps 3 events per resource: two more writes push the first ones out.
    server.store.create(svc('c'));
    server.store.create(svc('d'));
    const expired = await collectWatch(kc, path, { resourceVersion: String(start + 1), timeoutSeconds: 1 }, 1);
    assert.deepEqual(expired.map((event) => [event.type, event.code]), [['ERROR', 410]]);

    server.faults.setExpiredMode('http');
    await assert.rejects(collectWatch(kc, path, { resourceVersion: String(start + 1) }, 1), (error: { statusCode?: number }) => error.statusCode === 410);
    server.faults.setExpiredMode('error-event');

    const fromState = await collectWatch(kc, path, { resourceVersion: '0', timeoutSeconds: 1 }, 4);
    assert.deepEqual(fromState.map((event) => `${event.type} ${event.name}`), ['ADDED a', 'ADDED b', 'ADDED c', 'ADDED d']);
    await server.faults.waitForOpenWatches(0);
  });

  void it('serves legacy /watch/ paths, cluster-wide and for a single named object', async () => {
    const rv = server.store.resourceVersion();
    server.store.create({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'legacy', namespace: 'other' } });
    server.store.patch({ apiVersion: 'v1', kind: 'Service', namespace: 'replay', name: 'b' }, { metadata: { labels: { l: '1' } } });
    const everywhere = await collectWatch(kc, '/api/v1/watch/services', { resourceVersion: rv }, 2);
    assert.deepEqual(everywhere.map((event) => `${event.type} ${event.name}`), ['ADDED legacy', 'MODIFIED b']);
    const one = await collectWatch(kc, '/api/v1/watch/namespaces/replay/services/b', { resourceVersion: rv, timeoutSeconds: 1 }, 5);
    assert.deepEqual(one.map((event) => `${event.type} ${event.name}`), ['MODIFIED b']);
    await server.faults.waitForOpenWatches(0);
  });

  void it('rejects a wrong bearer token with 401 and counts requests by verb and resource', async () => {
    server.faults.resetCounters();
    const impostor = new KubeConfig();
    impostor.loadFromOptions({
      clusters: [{ name: 'c', server: server.url, skipTLSVerify: true }],
      users: [{ name: 'u', token: 'not-the-token' }],
      contexts: [{ name: 'x', cluster: 'c', user: 'u' }],
      currentContext: 'x',
    });
    const refused = await impostor
      .makeApiClient(CoreV1Api)
      .listNamespacedService({ namespace: 'apps' })
      .then(() => undefined, (error: unknown) => error);
    assert.ok(refused instanceof ApiException);
    assert.equal(refused.code, 401);

    const core = kc.makeApiClient(CoreV1Api);
    await core.listNamespacedService({ namespace: 'apps' });
    await core.readNamespacedService({ name: 'a', namespace: 'replay' });
    assert.equal(server.faults.requestCount('list', 'services'), 2, 'the refused request is counted too');
    assert.equal(server.faults.requestCount('get', 'services'), 1);
    assert.equal(server.faults.requestCount(undefined, 'services'), 3);
    assert.equal(server.faults.requestCount('create'), 0);
  });

  void it('hands out a kubeconfig YAML that client-node loads', async () => {
    const loaded = new KubeConfig();
    loaded.loadFromString(server.kubeConfigYaml());
    const services = await loaded.makeApiClient(CoreV1Api).listNamespacedService({ namespace: 'replay' });
    assert.equal(services.items.length, 4);
    assert.equal(loaded.getContextObject(loaded.getCurrentContext())?.namespace, 'default');
  });
});
