import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { startKubeApiServer, type KubeApiServer } from '../../../emulators/kube-apiserver/index.ts';
import { silentLogger } from '../../log/logger.ts';
import { createFeedbackApplier } from './applier.ts';
import { createEventRecorder } from './events.ts';
import type { FeedbackItem, ObjectDnsStatus } from './feedback.ts';
import { createKubeFeedbackApi, type FeedbackApi } from './kube-api.ts';

const EVENTS = ['events.k8s.io/v1', 'Event'] as const;
const DNSENDPOINT = { apiVersion: 'externaldns.k8s.io/v1alpha1', kind: 'DNSEndpoint', namespace: 'apps', name: 'records' };
const SERVICE = { apiVersion: 'v1', kind: 'Service', namespace: 'apps', name: 'web' };

const programmed: ObjectDnsStatus = {
  records: 1,
  accepted: true,
  acceptedReason: 'Accepted',
  acceptedMessage: 'annotations and spec are valid',
  ready: true,
  readyReason: 'Programmed',
  readyMessage: '1 record in step',
};
const conflict = { type: 'Warning', reason: 'ConflictLost', action: 'Resolve', note: 'web.example.com: lost to service/apps/first' } as const;

describe('feedback written to a Kubernetes API server', () => {
  let server: KubeApiServer;
  let api: FeedbackApi;
  before(async () => {
    server = await startKubeApiServer();
    api = createKubeFeedbackApi(server.kubeConfig());
  });
  after(async () => {
    await server.close();
  });
  beforeEach(() => {
    for (const e of server.store.list(...EVENTS)) server.store.delete({ apiVersion: EVENTS[0], kind: EVENTS[1], namespace: e.metadata.namespace, name: e.metadata.name ?? '' });
    for (const ref of [DNSENDPOINT, SERVICE]) if (server.store.get(ref) !== undefined) server.store.delete(ref);
    server.faults.resetCounters();
  });

  it('creates one events.k8s.io Event on the object and folds repeats into its series count', async () => {
    server.store.create({ ...SERVICE, metadata: { name: 'web', namespace: 'apps', uid: 'uid-web' } });
    let now = Date.parse('2026-03-01T00:00:00Z');
    const recorder = createEventRecorder({ api, identity: 'zonekeeper-0', logger: silentLogger(), seriesIntervalMs: 1_000, now: () => now });
    const ref = { ...SERVICE, uid: 'uid-web' };
    await recorder.emit(ref, conflict);
    now += 200;
    await recorder.emit(ref, conflict); // within the series interval: counted, not written
    now += 2_000;
    await recorder.emit(ref, conflict);
    const events = server.store.list(...EVENTS, { namespace: 'apps' });
    assert.equal(events.length, 1);
    const [event] = events as unknown as [Record<string, unknown>];
    assert.equal(event.reason, 'ConflictLost');
    assert.equal(event.type, 'Warning');
    assert.equal(event.reportingController, 'zonekeeper');
    assert.equal(event.reportingInstance, 'zonekeeper-0');
    assert.equal(event.note, conflict.note);
    assert.equal(event.eventTime, '2026-03-01T00:00:00.000000Z');
    assert.deepEqual(event.regarding, { apiVersion: 'v1', kind: 'Service', name: 'web', namespace: 'apps', uid: 'uid-web' });
    assert.deepEqual(event.series, { count: 3, lastObservedTime: '2026-03-01T00:00:02.200000Z' });
    assert.equal(server.faults.requestCount('create', 'events.events.k8s.io'), 1);
    assert.equal(server.faults.requestCount('patch', 'events.events.k8s.io'), 1);
  });

  it('caps the event rate per object and counts what it drops', async () => {
    const outcomes: string[] = [];
    const recorder = createEventRecorder({ api, identity: 'z', logger: silentLogger(), burst: 3, refillMs: 60_000, onOutcome: (_, o) => outcomes.push(o) });
    for (let i = 0; i < 10; i++) {
      await recorder.emit(SERVICE, { type: 'Normal', reason: 'RecordCreated', action: 'Create', note: `created r${i}.example.com A` });
    }
    assert.equal(server.store.list(...EVENTS, { namespace: 'apps' }).length, 3);
    assert.equal(outcomes.filter((o) => o === 'dropped').length, 7);
  });

  it('caps the event rate across objects too', async () => {
    let now = 5_000_000;
    const recorder = createEventRecorder({ api, identity: 'z', logger: silentLogger(), globalBurst: 4, globalRefillMs: 1_000, now: () => now });
    const note = { type: 'Normal', reason: 'RecordCreated', action: 'Create', note: 'created' } as const;
    for (let i = 0; i < 6; i++) await recorder.emit({ ...SERVICE, name: `svc-${i}` }, note);
    assert.equal(server.store.list(...EVENTS, { namespace: 'apps' }).length, 4);
    now += 1_000; // one token back
    await recorder.emit({ ...SERVICE, name: 'svc-6' }, note);
    await recorder.emit({ ...SERVICE, name: 'svc-7' }, note);
    assert.equal(server.store.list(...EVENTS, { namespace: 'apps' }).length, 5);
  });

  it('puts events about cluster-scoped objects in the default namespace', async () => {
    const recorder = createEventRecorder({ api, identity: 'z', logger: silentLogger() });
    await recorder.emit({ apiVersion: 'v1', kind: 'Node', namespace: '', name: 'worker-1' }, { type: 'Normal', reason: 'RecordCreated', action: 'Create', note: 'n' });
    const [event] = server.store.list(...EVENTS, { namespace: 'default' }) as unknown as [Record<string, unknown>];
    assert.deepEqual(event.regarding, { apiVersion: 'v1', kind: 'Node', name: 'worker-1' });
  });

  it('starts a new Event when the one it would extend has expired', async () => {
    let now = 1_000_000;
    const recorder = createEventRecorder({ api, identity: 'z', logger: silentLogger(), seriesIntervalMs: 0, now: () => now });
    await recorder.emit(SERVICE, conflict);
    const [first] = server.store.list(...EVENTS, { namespace: 'apps' });
    server.store.delete({ apiVersion: EVENTS[0], kind: EVENTS[1], namespace: 'apps', name: first?.metadata.name ?? '' });
    now += 1_000;
    await recorder.emit(SERVICE, conflict);
    const events = server.store.list(...EVENTS, { namespace: 'apps' });
    assert.equal(events.length, 1);
    assert.notEqual(events[0]?.metadata.name, first?.metadata.name);
  });

  it('writes DNSEndpoint status through the status subresource, only when it changes', async () => {
    server.store.create({ ...DNSENDPOINT, metadata: { name: 'records', namespace: 'apps' }, spec: { endpoints: [] } });
    const generation = server.store.get(DNSENDPOINT)?.metadata.generation;
    const applier = createFeedbackApplier({ api, identity: 'z', logger: silentLogger() });
    const items: FeedbackItem[] = [{ resource: 'crd/apps/records', events: [], status: programmed }];
    assert.equal((await applier.apply(items)).statusWrites, 1);
    const status = server.store.get(DNSENDPOINT)?.status as { observedGeneration: number; conditions: { type: string; status: string; reason: string }[] };
    assert.equal(status.observedGeneration, generation);
    assert.deepEqual(status.conditions.map((c) => [c.type, c.status, c.reason]), [['Accepted', 'True', 'Accepted'], ['Ready', 'True', 'Programmed']]);
    assert.equal((await applier.apply(items)).statusWrites, 0, 'an unchanged status is not written again');
    const failing: FeedbackItem[] = [{ resource: 'crd/apps/records', events: [], status: { ...programmed, ready: false, readyReason: 'Rejected', readyMessage: 'InvalidChangeBatch' } }];
    assert.equal((await applier.apply(failing)).statusWrites, 1);
    const after = server.store.get(DNSENDPOINT)?.status as { conditions: { type: string; status: string; reason: string; message: string }[] };
    assert.deepEqual(after.conditions[1], { ...after.conditions[1], status: 'False', reason: 'Rejected', message: 'InvalidChangeBatch' });
    assert.deepEqual(server.store.get(DNSENDPOINT)?.spec, { endpoints: [] }, 'the status write leaves the spec alone');
  });

  it('merge-patches the status annotation on a Service only when it changes, keeping other annotations', async () => {
    server.store.create({ ...SERVICE, metadata: { name: 'web', namespace: 'apps', annotations: { 'external-dns.alpha.kubernetes.io/hostname': 'web.example.com' } } });
    const applier = createFeedbackApplier({ api, identity: 'z', logger: silentLogger(), statusAnnotation: 'zonekeeper.io/dns-status' });
    const items: FeedbackItem[] = [{ resource: 'service/apps/web', events: [], status: programmed }];
    assert.equal((await applier.apply(items)).annotationWrites, 1);
    assert.deepEqual(server.store.get(SERVICE)?.metadata.annotations, {
      'external-dns.alpha.kubernetes.io/hostname': 'web.example.com',
      'zonekeeper.io/dns-status': '{"records":1,"ready":true}',
    });
    assert.equal((await applier.apply(items)).annotationWrites, 0);
    assert.equal(server.faults.requestCount('patch', 'services'), 1);
    assert.equal(server.faults.requestCount('get', 'services'), 1, 'an annotation already written costs no GET on later passes');
  });

  it('skips objects that are gone and objects it cannot name, without errors', async () => {
    const applier = createFeedbackApplier({ api, identity: 'z', logger: silentLogger(), statusAnnotation: 'zonekeeper.io/dns-status' });
    const report = await applier.apply([
      { resource: 'crd/apps/missing', events: [], status: programmed },
      { resource: 'service/apps/missing', events: [conflict], status: programmed },
      { resource: 'examples/file.yaml', events: [conflict], status: programmed },
    ]);
    assert.deepEqual(report, { items: 3, statusWrites: 0, annotationWrites: 0, errors: 0 });
    assert.equal(server.store.list(...EVENTS).length, 1, 'the Event about the deleted Service is still recorded');
  });

  it('does not rewrite status or annotation every pass when the cache strips them', async () => {
    server.store.create({ ...DNSENDPOINT, metadata: { name: 'records', namespace: 'apps' }, spec: { endpoints: [] } });
    server.store.create({ ...SERVICE, metadata: { name: 'web', namespace: 'apps' } });
    // An informer cache that keeps neither .status nor our annotation.
    const applier = createFeedbackApplier({ api, identity: 'z', logger: silentLogger(), statusAnnotation: 'zonekeeper.io/dns-status', resolve: () => ({ generation: 1, annotations: {} }) });
    const items: FeedbackItem[] = [
      { resource: 'crd/apps/records', events: [], status: programmed },
      { resource: 'service/apps/web', events: [], status: programmed },
    ];
    assert.deepEqual(await applier.apply(items), { items: 2, statusWrites: 1, annotationWrites: 1, errors: 0 });
    assert.deepEqual(await applier.apply(items), { items: 2, statusWrites: 0, annotationWrites: 0, errors: 0 });
    const changed: FeedbackItem[] = [{ resource: 'crd/apps/records', events: [], status: { ...programmed, records: 2, readyMessage: '2 records in step' } }];
    assert.equal((await applier.apply(changed)).statusWrites, 1);
  });

  it('uses the resolver instead of a GET and puts the uid on the Event', async () => {
    server.store.create({ ...DNSENDPOINT, metadata: { name: 'records', namespace: 'apps' }, spec: { endpoints: [] } });
    const applier = createFeedbackApplier({ api, identity: 'z', logger: silentLogger(), resolve: () => ({ uid: 'uid-1', generation: 1, status: undefined }) });
    await applier.apply([{ resource: 'crd/apps/records', events: [conflict], status: programmed }]);
    assert.equal(server.faults.requestCount('get', 'dnsendpoints.externaldns.k8s.io'), 0);
    const [event] = server.store.list(...EVENTS, { namespace: 'apps' }) as unknown as [Record<string, unknown>];
    assert.equal((event.regarding as { uid?: string }).uid, 'uid-1');
  });
});
