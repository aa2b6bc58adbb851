// Store rules without HTTP: metadata ownership, generation, the status split, resourceVersions,
// history bounds and compaction, paging tokens, CRD admission.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { crdHooks } from './crd.ts';
import { ApiError } from './errors.ts';
import { JSON_PATCH, MERGE_PATCH } from './patch.ts';
import { ResourceRegistry } from './registry.ts';
import type { ResourceType } from './registry.ts';
import { ObjectStore } from './store.ts';
import type { StoreEvent } from './store.ts';

function setup(historySize = 100): { store: ObjectStore; registry: ResourceRegistry; type: (group: string, plural: string) => ResourceType } {
  const registry = new ResourceRegistry();
  const store = new ObjectStore({ historySize, hooks: [crdHooks(registry)] });
  const type = (group: string, plural: string): ResourceType => {
    const found = registry.all().find((t) => t.group === group && t.plural === plural);
    assert.ok(found, `${plural}.${group} is registered`);
    return found;
  };
  return { store, registry, type };
}

const rejects = (fn: () => unknown, code: number, reason: string, message?: RegExp): void => {
  assert.throws(fn, (error: unknown) => error instanceof ApiError && error.code === code && error.reason === reason && (message?.test(error.message) ?? true));
};

void describe('object store', () => {
  void it('owns identity metadata: uid, creationTimestamp, generation 1, namespace from the path', () => {
    const { store, type } = setup();
    const created = store.create(type('', 'services'), 'apps', { metadata: { name: 'web', uid: 'forged', generation: 7 } });
    assert.notEqual(created.metadata.uid, 'forged');
    assert.equal(created.metadata.generation, 1);
    assert.equal(created.metadata.namespace, 'apps');
    assert.match(created.metadata.creationTimestamp ?? '', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    assert.equal(created.apiVersion, 'v1');
    assert.equal(created.kind, 'Service');
    const node = store.create(type('', 'nodes'), undefined, { metadata: { name: 'n1', namespace: 'ignored' } });
    assert.equal(node.metadata.namespace, undefined, 'cluster-scoped objects carry no namespace');
  });

  void it('generates names from generateName and refuses invalid or missing names with 422', () => {
    const { store, type } = setup();
    assert.match(store.create(type('', 'pods'), 'ns', { metadata: { generateName: 'job-' } }).metadata.name ?? '', /^job-[a-z0-9]{5}$/);
    rejects(() => store.create(type('', 'pods'), 'ns', { metadata: {} }), 422, 'Invalid', /name or generateName is required/);
    rejects(() => store.create(type('', 'pods'), 'ns', { metadata: { name: 'Bad_Name' } }), 422, 'Invalid', /"Bad_Name"/);
    rejects(() => store.create(type('', 'pods'), 'ns', { metadata: { name: 'p', namespace: 'other' } }), 400, 'BadRequest', /does not match/);
    assert.throws(() => store.create(type('', 'pods'), 'ns', [1]), /expected a JSON object, got an array/);
  });

  void it('bumps generation only for spec changes, and spends no resourceVersion on a no-op update', () => {
    const { store, type } = setup();
    const leases = type('coordination.k8s.io', 'leases');
    const lease = store.create(leases, 'ns', { metadata: { name: 'l' }, spec: { holderIdentity: 'a' } });
    const labelled = store.patch(leases, 'ns', 'l', MERGE_PATCH, { metadata: { labels: { x: 'y' } } });
    assert.equal(labelled.metadata.generation, 1);
    const respec = store.patch(leases, 'ns', 'l', JSON_PATCH, [{ op: 'replace', path: '/spec/holderIdentity', value: 'b' }]);
    assert.equal(respec.metadata.generation, 2);
    const rvBefore = store.currentResourceVersion();
    const same = store.update(leases, 'ns', 'l', respec);
    assert.equal(same.metadata.resourceVersion, respec.metadata.resourceVersion);
    assert.equal(store.currentResourceVersion(), rvBefore);
    const staleNoop = { ...respec, metadata: { ...respec.metadata, resourceVersion: lease.metadata.resourceVersion } };
    rejects(() => store.update(leases, 'ns', 'l', staleNoop), 409, 'Conflict'); // the precondition is checked first
  });

  void it('splits status: main writes keep .status, /status writes keep everything else', () => {
    const { store, type } = setup();
    const services = type('', 'services');
    const withStatus = { spec: { type: 'LoadBalancer' }, status: { loadBalancer: { ingress: [{ ip: '192.0.2.9' }] } } };
    assert.equal(store.create(services, 'ns', { metadata: { name: 'dropped' }, ...withStatus })['status'], undefined);
    store.create(services, 'ns', { metadata: { name: 's' }, ...withStatus }, true);
    const afterCreate = store.get(services, 'ns', 's');
    assert.deepEqual(afterCreate['status'], withStatus.status, 'keepStatus keeps it (test setup)');
    const status = store.patch(services, 'ns', 's', MERGE_PATCH, { spec: { type: 'ClusterIP' }, status: { loadBalancer: {} } }, 'status');
    assert.deepEqual(status['spec'], { type: 'LoadBalancer' });
    assert.deepEqual(status['status'], { loadBalancer: { ingress: [{ ip: '192.0.2.9' }] } }, 'merge patch of {} keeps ingress');
    const main = store.patch(services, 'ns', 's', MERGE_PATCH, { spec: { type: 'ClusterIP' }, status: null });
    assert.deepEqual(main['spec'], { type: 'ClusterIP' });
    assert.ok(main['status'] !== undefined, 'main writes cannot clear status');
    rejects(() => store.update(type('', 'endpoints'), 'ns', 'x', { metadata: {} }, 'status'), 404, 'NotFound');
  });

  void it('refuses stale conditional writes with 409 and unknown objects with 404', () => {
    const { store, type } = setup();
    const pods = type('', 'pods');
    const first = store.create(pods, 'ns', { metadata: { name: 'p' }, spec: { a: 1 } });
    store.patch(pods, 'ns', 'p', MERGE_PATCH, { spec: { a: 2 } });
    rejects(() => store.update(pods, 'ns', 'p', { ...first, spec: { a: 3 } }), 409, 'Conflict', /pods "p": the object has been modified/);
    rejects(() => store.patch(pods, 'ns', 'p', MERGE_PATCH, { metadata: { resourceVersion: first.metadata.resourceVersion } }), 409, 'Conflict');
    rejects(() => store.get(pods, 'ns', 'q'), 404, 'NotFound', /pods "q" not found/);
    rejects(() => store.create(pods, 'ns', { metadata: { name: 'p' } }), 409, 'AlreadyExists');
  });

  void it('keeps a bounded history per resource and reports older resourceVersions as expired', () => {
    const { store, type } = setup(2);
    const pods = type('', 'pods');
    const start = Number(store.currentResourceVersion());
    for (const name of ['a', 'b', 'c']) store.create(pods, 'ns', { metadata: { name } });
    store.create(type('', 'services'), 'ns', { metadata: { name: 'other' } });
    assert.equal(store.eventsSince(pods, start), 'expired');
    const kept = store.eventsSince(pods, start + 1);
    assert.notEqual(kept, 'expired');
    assert.deepEqual((kept as StoreEvent[]).map((event) => event.object.metadata.name), ['b', 'c']);
    const deleted = store.delete(pods, 'ns', 'a');
    assert.equal(deleted.metadata.resourceVersion, store.currentResourceVersion(), 'a deletion spends a resourceVersion');
    store.compact();
    assert.equal(store.eventsSince(pods, start + 3), 'expired');
    assert.deepEqual(store.eventsSince(pods, Number(store.currentResourceVersion())), []);
  });

  void it('pages in name order with opaque continue tokens and refuses a forged one', () => {
    const { store, type } = setup();
    const pods = type('', 'pods');
    for (const name of ['c', 'a', 'b']) store.create(pods, 'ns', { metadata: { name } });
    const first = store.list(pods, { limit: 2 });
    assert.deepEqual(first.items.map((item) => item.metadata.name), ['a', 'b']);
    assert.equal(first.remainingItemCount, 1);
    store.create(pods, 'ns', { metadata: { name: 'd' } });
    const second = store.list(pods, { limit: 2, continueToken: first.continueToken });
    assert.deepEqual(second.items.map((item) => item.metadata.name), ['c', 'd']);
    assert.equal(second.resourceVersion, first.resourceVersion, 'continued pages report the first page resourceVersion');
    assert.equal(second.continueToken, undefined);
    rejects(() => store.list(pods, { continueToken: 'garbage' }), 400, 'BadRequest', /invalid continue token/);
  });

  void it('registers a CRD resource on create, unregisters and purges it on delete', () => {
    const { store, registry, type } = setup();
    const crds = type('apiextensions.k8s.io', 'customresourcedefinitions');
    const body = {
      metadata: { name: 'things.example.org' },
      spec: {
        group: 'example.org',
        scope: 'Cluster',
        names: { plural: 'things', kind: 'Thing' },
        versions: [{ name: 'v1beta1', served: true, storage: false }, { name: 'v1', served: true, storage: true }, { name: 'v0', served: false }],
      },
    };
    store.create(crds, undefined, body);
    const things = registry.lookup('example.org', 'v1beta1', 'things');
    assert.deepEqual(things && { versions: things.versions, namespaced: things.namespaced, status: things.statusSubresource }, {
      versions: ['v1', 'v1beta1'],
      namespaced: false,
      status: false,
    });
    assert.equal(registry.lookup('example.org', 'v0', 'things'), undefined, 'unserved versions are not served');
    store.create(things!, undefined, { metadata: { name: 't1' } });
    store.delete(crds, undefined, 'things.example.org');
    assert.equal(registry.lookup('example.org', 'v1', 'things'), undefined);
    assert.deepEqual(store.list(things!).items, []);
    rejects(() => store.create(crds, undefined, { ...body, spec: { ...body.spec, scope: 'Galaxy' } }), 422, 'Invalid', /spec\.scope: Unsupported value: "Galaxy"/);
  });
});
