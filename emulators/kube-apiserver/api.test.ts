// The generated client-node API classes (CoreV1Api, CustomObjectsApi, CoordinationV1Api, EventsV1Api,
// and NetworkingV1Api) run unmodified against the emulator.
/* eslint-disable @typescript-eslint/no-unsafe-class-instance-assignment, @typescript-eslint/no-misused-spread --
   client-node models are plain-field classes serialized by attribute maps; JSON literals and spreads are how
   its own examples build request bodies. */

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  ApiException,
  CoordinationV1Api,
  CoreV1Api,
  CustomObjectsApi,
  EventsV1Api,
  NetworkingV1Api,
  PatchStrategy,
  setHeaderOptions,
} from '@kubernetes/client-node';
import type { KubeConfig } from '@kubernetes/client-node';
import { startKubeApiServer } from './index.ts';
import type { KubeApiServer } from './index.ts';

interface TestObject {
  apiVersion?: string;
  kind?: string;
  metadata: { name: string; namespace?: string; resourceVersion: string; generation?: number; uid: string; labels?: Record<string, string>; creationTimestamp?: unknown };
  spec?: Record<string, unknown>;
  status?: Record<string, unknown>;
}

const asObject = (value: unknown): TestObject => value as TestObject;

interface StatusFailure {
  kind: string;
  code: number;
  reason: string;
  message: string;
}

/** Runs `call`, expects an ApiException, and returns its parsed Status body. */
async function failure(call: () => Promise<unknown>): Promise<{ code: number; status: StatusFailure }> {
  try {
    await call();
  } catch (error) {
    assert.ok(error instanceof ApiException, `expected an ApiException, got ${String(error)}`);
    const body: unknown = error.body;
    const status = (typeof body === 'string' ? JSON.parse(body) : body) as StatusFailure;
    return { code: error.code, status };
  }
  assert.fail('the call succeeded, but a failure was expected');
}

const dnsEndpoint = (name: string, dnsName: string) => ({
  apiVersion: 'externaldns.k8s.io/v1alpha1',
  kind: 'DNSEndpoint',
  metadata: { name },
  spec: { endpoints: [{ dnsName, recordType: 'A', targets: ['192.0.2.1'] }] },
});
const DNS = { group: 'externaldns.k8s.io', version: 'v1alpha1', plural: 'dnsendpoints', namespace: 'apps' };

void describe('client-node API classes against the emulator', () => {
  let server: KubeApiServer;
  let kc: KubeConfig;
  let core: CoreV1Api;
  let custom: CustomObjectsApi;

  before(async () => {
    server = await startKubeApiServer({ historySize: 5 });
    kc = server.kubeConfig();
    core = kc.makeApiClient(CoreV1Api);
    custom = kc.makeApiClient(CustomObjectsApi);
  });
  after(async () => {
    await server.close();
  });

  void it('creates and reads a Service with server-owned metadata and a global, increasing resourceVersion', async () => {
    const before = Number(server.store.resourceVersion());
    const created = await core.createNamespacedService({
      namespace: 'apps',
      body: { metadata: { name: 'web', labels: { app: 'web' } }, spec: { ports: [{ port: 80 }] } },
    });
    assert.match(created.metadata?.uid ?? '', /^[0-9a-f-]{36}$/);
    assert.ok(created.metadata?.creationTimestamp instanceof Date);
    assert.equal(created.metadata?.generation, 1);
    assert.equal(created.metadata?.resourceVersion, String(before + 1));
    await custom.createNamespacedCustomObject({ ...DNS, body: dnsEndpoint('other-resource', 'a.example.com') });
    const read = await core.readNamespacedService({ name: 'web', namespace: 'apps' });
    assert.equal(read.metadata?.resourceVersion, String(before + 1));
    assert.equal(server.store.resourceVersion(), String(before + 2), 'one counter across resources');
    const all = await core.listServiceForAllNamespaces();
    assert.equal(all.metadata?.resourceVersion, String(before + 2));
    assert.deepEqual(all.items.map((item) => item.metadata?.name), ['web']);
    assert.equal((await core.listNamespacedService({ namespace: 'elsewhere' })).items.length, 0);
  });

  void it('answers 404 NotFound and 409 AlreadyExists with Status objects', async () => {
    const missing = await failure(() => core.readNamespacedService({ name: 'nope', namespace: 'apps' }));
    assert.equal(missing.code, 404);
    assert.equal(missing.status.kind, 'Status');
    assert.equal(missing.status.code, 404);
    assert.equal(missing.status.reason, 'NotFound');
    assert.equal(missing.status.message, 'services "nope" not found');
    const again = await failure(() => core.createNamespacedService({ namespace: 'apps', body: { metadata: { name: 'web' } } }));
    assert.equal(again.code, 409);
    assert.equal(again.status.reason, 'AlreadyExists');
    const lease = await failure(() =>
      kc.makeApiClient(CoordinationV1Api).readNamespacedLease({ name: 'nope', namespace: 'apps' }),
    );
    assert.equal(lease.status.message, 'leases.coordination.k8s.io "nope" not found');
  });

  void it('answers a watch from a resourceVersion that is no number with 400 BadRequest', async () => {
    const response = await fetch(`${server.url}/api/v1/namespaces/apps/services?watch=true&resourceVersion=abc`, {
      headers: { authorization: 'Bearer zonekeeper-test-token' },
    });
    assert.equal(response.status, 400);
    const status = (await response.json()) as StatusFailure;
    assert.equal(status.reason, 'BadRequest');
    assert.match(status.message, /invalid resource version: "abc"/);
  });

  void it('refuses a PUT with a stale resourceVersion with 409 Conflict and accepts the fresh one', async () => {
    const current = await core.readNamespacedService({ name: 'web', namespace: 'apps' });
    await core.replaceNamespacedService({ name: 'web', namespace: 'apps', body: { ...current, spec: { ports: [{ port: 81 }] } } });
    const stale = await failure(() =>
      core.replaceNamespacedService({ name: 'web', namespace: 'apps', body: { ...current, spec: { ports: [{ port: 82 }] } } }),
    );
    assert.equal(stale.code, 409);
    assert.equal(stale.status.reason, 'Conflict');
    assert.match(stale.status.message, /the object has been modified/);
    const fresh = await core.readNamespacedService({ name: 'web', namespace: 'apps' });
    const replaced = await core.replaceNamespacedService({ name: 'web', namespace: 'apps', body: { ...fresh, spec: { ports: [{ port: 82 }] } } });
    assert.equal(replaced.spec?.ports?.[0]?.port, 82);
  });

  void it('changes only .status through /status without bumping generation; a spec change bumps it', async () => {
    const created = asObject(await custom.createNamespacedCustomObject({ ...DNS, body: dnsEndpoint('status-demo', 'b.example.com') }));
    const withStatus = asObject(
      await custom.replaceNamespacedCustomObjectStatus({
        ...DNS,
        name: 'status-demo',
        body: { ...created, spec: { endpoints: [] }, status: { observedGeneration: 1 } },
      }),
    );
    assert.deepEqual(withStatus.status, { observedGeneration: 1 });
    assert.deepEqual(withStatus.spec, created.spec, '/status ignores spec');
    assert.equal(withStatus.metadata.generation, 1);
    assert.ok(Number(withStatus.metadata.resourceVersion) > Number(created.metadata.resourceVersion));

    const mainPut = asObject(
      await custom.replaceNamespacedCustomObject({
        ...DNS,
        name: 'status-demo',
        body: { ...withStatus, spec: { endpoints: [] }, status: { observedGeneration: 99 } },
      }),
    );
    assert.deepEqual(mainPut.status, { observedGeneration: 1 }, 'the main resource ignores .status');
    assert.equal(mainPut.metadata.generation, 2);

    const labelsOnly = asObject(
      await custom.patchNamespacedCustomObject(
        { ...DNS, name: 'status-demo', body: { metadata: { labels: { team: 'dns' } } } },
        setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
      ),
    );
    assert.equal(labelsOnly.metadata.generation, 2, 'metadata changes do not bump generation');
    const statusPatch = asObject(
      await custom.patchNamespacedCustomObjectStatus(
        { ...DNS, name: 'status-demo', body: { status: { observedGeneration: 2 } } },
        setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
      ),
    );
    assert.deepEqual(statusPatch.status, { observedGeneration: 2 });
    assert.equal(statusPatch.metadata.generation, 2);
  });

  void it('applies merge patches and RFC 6902 JSON patches, and refuses a failed JSON patch test with 422', async () => {
    const merged = await core.patchNamespacedService(
      { name: 'web', namespace: 'apps', body: { metadata: { labels: { tier: 'front', app: null } } } },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );
    assert.deepEqual(merged.metadata?.labels, { tier: 'front' });
    const patched = await core.patchNamespacedService({
      name: 'web',
      namespace: 'apps',
      body: [
        { op: 'test', path: '/metadata/labels/tier', value: 'front' },
        { op: 'add', path: '/metadata/annotations', value: { 'external-dns.alpha.kubernetes.io/hostname': 'web.example.com' } },
        { op: 'add', path: '/spec/ports/-', value: { port: 443 } },
        { op: 'remove', path: '/spec/ports/0' },
      ],
    });
    assert.deepEqual(patched.spec?.ports?.map((port) => port.port), [443]);
    assert.equal(patched.metadata?.annotations?.['external-dns.alpha.kubernetes.io/hostname'], 'web.example.com');
    const failed = await failure(() =>
      core.patchNamespacedService({ name: 'web', namespace: 'apps', body: [{ op: 'test', path: '/metadata/labels/tier', value: 'back' }] }),
    );
    assert.equal(failed.code, 422);
  });

  void it('filters lists by label selector (equality and set-based) and by field selector', async () => {
    for (const [name, env] of [['p1', 'prod'], ['p2', 'prod'], ['s1', 'staging']] as const) {
      await core.createNamespacedPod({ namespace: 'sel', body: { metadata: { name, labels: { env } }, spec: { containers: [] } } });
    }
    const names = async (labelSelector?: string, fieldSelector?: string): Promise<string[]> =>
      (await core.listNamespacedPod({ namespace: 'sel', ...(labelSelector ? { labelSelector } : {}), ...(fieldSelector ? { fieldSelector } : {}) })).items.map(
        (pod) => pod.metadata?.name ?? '',
      );
    assert.deepEqual(await names('env=prod'), ['p1', 'p2']);
    assert.deepEqual(await names('env!=prod'), ['s1']);
    assert.deepEqual(await names('env in (staging, qa)'), ['s1']);
    assert.deepEqual(await names('!env'), []);
    assert.deepEqual(await names(undefined, 'metadata.name=p2'), ['p2']);
    assert.deepEqual(await names('env=prod', 'metadata.name!=p2'), ['p1']);
    const bad = await failure(() => core.listNamespacedPod({ namespace: 'sel', labelSelector: 'env in prod' }));
    assert.equal(bad.code, 400);
    await core.deleteCollectionNamespacedPod({ namespace: 'sel', labelSelector: 'env=prod' });
    assert.deepEqual(await names(), ['s1'], 'delete-collection honours the selector');
  });

  void it('pages lists with limit and continue', async () => {
    for (let i = 0; i < 5; i += 1) {
      await core.createNamespacedEndpoints({ namespace: 'paged', body: { metadata: { name: `ep-${i}` } } });
    }
    const seen: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const page = await core.listNamespacedEndpoints({ namespace: 'paged', limit: 2, ...(token ? { _continue: token } : {}) });
      seen.push(...page.items.map((item) => item.metadata?.name ?? ''));
      token = page.metadata?._continue;
      pages += 1;
      if (token) assert.equal(page.metadata?.remainingItemCount, 5 - seen.length);
    } while (token && pages < 10);
    assert.equal(pages, 3);
    assert.deepEqual(seen, ['ep-0', 'ep-1', 'ep-2', 'ep-3', 'ep-4']);
  });

  void it('lets exactly one of two lease candidates win a race on the same resourceVersion', async () => {
    const leases = kc.makeApiClient(CoordinationV1Api);
    const lease = await leases.createNamespacedLease({
      namespace: 'kube-system',
      body: { metadata: { name: 'zonekeeper' }, spec: { holderIdentity: 'a', leaseDurationSeconds: 15 } },
    });
    const attempts = await Promise.allSettled(
      ['b', 'c'].map((holder) =>
        leases.replaceNamespacedLease({ name: 'zonekeeper', namespace: 'kube-system', body: { ...lease, spec: { ...lease.spec, holderIdentity: holder } } }),
      ),
    );
    assert.deepEqual(attempts.map((attempt) => attempt.status).sort(), ['fulfilled', 'rejected']);
    const rejected = attempts.find((attempt) => attempt.status === 'rejected');
    assert.equal((rejected?.reason as ApiException<unknown>).code, 409);
  });

  void it('stores events.k8s.io Events and Ingress status like any object', async () => {
    const events = kc.makeApiClient(EventsV1Api);
    await events.createNamespacedEvent({
      namespace: 'apps',
      body: {
        metadata: { name: 'sync.1' },
        eventTime: new Date('2026-01-01T00:00:00Z'),
        reason: 'RecordsSynced',
        note: '2 records changed',
        type: 'Normal',
        action: 'Sync',
        reportingController: 'zonekeeper',
        reportingInstance: 'zonekeeper-0',
      },
    });
    const listed = await events.listNamespacedEvent({ namespace: 'apps' });
    assert.deepEqual(listed.items.map((event) => [event.reason, event.note]), [['RecordsSynced', '2 records changed']]);
    const networking = kc.makeApiClient(NetworkingV1Api);
    const created = await networking.createNamespacedIngress({
      namespace: 'apps',
      body: { metadata: { name: 'ing' }, spec: { rules: [{ host: 'a.example.com' }] }, status: { loadBalancer: { ingress: [{ ip: '203.0.113.1' }] } } },
    });
    assert.equal(created.status, undefined, 'an HTTP create drops .status, as the API server does');
    const withStatus = await networking.patchNamespacedIngressStatus(
      { name: 'ing', namespace: 'apps', body: { status: { loadBalancer: { ingress: [{ ip: '198.51.100.7' }] } } } },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );
    assert.equal(withStatus.status?.loadBalancer?.ingress?.[0]?.ip, '198.51.100.7');
    assert.equal(withStatus.metadata?.generation, 1);
  });
});
