import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createEndpoint, LABEL, type Endpoint, type Problem } from '../../endpoint/index.ts';
import { NO_CHANGES, type Changes } from '../../plan/changes.ts';
import type { Plan } from '../../plan/types.ts';
import type { ReconcileResult } from '../reconcile.ts';
import { feedbackFrom, type FeedbackItem } from './feedback.ts';
import { objectRefOf } from './object-ref.ts';
import { nextDnsEndpointStatus, statusAnnotationValue } from './status.ts';
import { planInputFor } from '../../plan/testing.ts';

const ep = (name: string, resource: string, targets = ['192.0.2.1'], owner?: string): Endpoint =>
  createEndpoint({
    dnsName: name,
    recordType: 'A',
    targets,
    ttl: 300,
    labels: { [LABEL.resource]: resource, ...(owner === undefined ? {} : { [LABEL.owner]: owner }) },
  });

const plan = (p: Partial<Omit<Plan, 'changes'>> & { changes?: Partial<Changes> } = {}): Plan => ({
  changes: { ...NO_CHANGES, ...p.changes },
  conflicts: p.conflicts ?? [],
  skipped: p.skipped ?? [],
  refusals: p.refusals ?? [],
});

const result = (p: Plan, extra: Partial<ReconcileResult> = {}): ReconcileResult => ({
  plan: p,
  problems: [],
  rejected: [],
  applied: true,
  input: planInputFor({}),
  sourceEndpoints: [],
  ...extra,
});

const item = (items: readonly FeedbackItem[], resource: string): FeedbackItem => {
  const found = items.find((i) => i.resource === resource);
  assert.ok(found, `no feedback for ${resource}; got ${items.map((i) => i.resource).join(', ')}`);
  return found;
};

describe('feedbackFrom', () => {
  it('reports applied creates, updates and deletes on their objects, naming record, type, targets and owner', () => {
    const web = ep('web.example.com', 'service/apps/web');
    const oldApi = ep('api.example.com', 'ingress/apps/api', ['192.0.2.9'], 'cluster-a');
    const newApi = ep('api.example.com', 'ingress/apps/api', ['192.0.2.10'], 'cluster-a');
    const gone = ep('old.example.com', 'service/apps/old', ['192.0.2.7'], 'cluster-a');
    const items = feedbackFrom({
      result: result(plan({ changes: { create: [web], updateOld: [oldApi], updateNew: [newApi], delete: [gone] } })),
      desired: [web, newApi],
      ownerId: 'cluster-a',
    });
    const created = item(items, 'service/apps/web');
    assert.deepEqual(created.events, [
      { type: 'Normal', reason: 'RecordCreated', action: 'Create', note: 'created web.example.com A -> [192.0.2.1] ttl 300 (owner cluster-a)' },
    ]);
    assert.equal(created.status.ready, true);
    assert.equal(created.status.readyReason, 'Programmed');
    assert.equal(created.status.records, 1);
    assert.match(item(items, 'ingress/apps/api').events[0]?.note ?? '', /^updated api\.example\.com A -> \[192\.0\.2\.10\] ttl 300 \(owner cluster-a\) \(was \[192\.0\.2\.9\] ttl 300\)$/);
    assert.equal(item(items, 'service/apps/old').events[0]?.reason, 'RecordDeleted');
    assert.equal(item(items, 'service/apps/old').status.records, 0);
  });

  it('gives an object whose records are already in step a Programmed status and no events', () => {
    const a = ep('a.example.com', 'crd/apps/records');
    const b = ep('b.example.com', 'crd/apps/records');
    const [only, ...rest] = feedbackFrom({ result: result(plan(), { applied: false }), desired: [a, b], ownerId: 'x' });
    assert.equal(rest.length, 0);
    assert.deepEqual(only?.events, []);
    assert.equal(only?.status.readyMessage, '2 records in step');
  });

  it('reports a provider rejection instead of a creation, with the provider reason', () => {
    const bad = ep('bad.example.com', 'service/apps/bad');
    const items = feedbackFrom({
      result: result(plan({ changes: { create: [bad] } }), { rejected: [{ action: 'create', endpoint: bad, reason: 'InvalidChangeBatch: RRSet of type CNAME at apex' }] }),
      desired: [bad],
      ownerId: 'o',
    });
    const it0 = item(items, 'service/apps/bad');
    assert.deepEqual(it0.events.map((e) => e.reason), ['RecordRejected']);
    assert.match(it0.events[0]?.note ?? '', /InvalidChangeBatch: RRSet of type CNAME at apex/);
    assert.equal(it0.status.readyReason, 'Rejected');
    assert.equal(it0.status.ready, false);
  });

  it('tells the losing object of a conflict who won, and leaves the winner alone', () => {
    const winner = ep('shared.example.com', 'service/apps/first');
    const loser = ep('shared.example.com', 'service/apps/second', ['192.0.2.2']);
    const items = feedbackFrom({
      result: result(plan({ conflicts: [{ dnsName: 'shared.example.com', setIdentifier: '', winner, losers: [loser], reason: 'oldest object wins' }] })),
      desired: [winner, loser],
      ownerId: 'o',
    });
    assert.deepEqual(item(items, 'service/apps/first').events, []);
    const lost = item(items, 'service/apps/second');
    assert.equal(lost.events[0]?.reason, 'ConflictLost');
    assert.match(lost.events[0]?.note ?? '', /lost to service\/apps\/first: oldest object wins/);
    assert.equal(lost.status.readyReason, 'ConflictLost');
  });

  it('reports a name owned by another owner as a lost conflict naming that owner', () => {
    const mine = ep('taken.example.com', 'ingress/apps/web');
    const items = feedbackFrom({
      result: result(plan({ skipped: [{ endpoint: mine, foreignOwner: 'cluster-b', reason: 'owned by another owner' }] })),
      desired: [mine],
      ownerId: 'cluster-a',
    });
    assert.match(item(items, 'ingress/apps/web').events[0]?.note ?? '', /owned by owner "cluster-b", not "cluster-a"/);
  });

  it('reports invalid annotations with the key and value; an error marks the object not accepted', () => {
    const problems: Problem[] = [
      { object: 'service/apps/web', field: 'external-dns.alpha.kubernetes.io/ttl', value: 'soon', message: 'not a duration', severity: 'warning' },
      { object: 'service/apps/bad', field: 'external-dns.alpha.kubernetes.io/hostname', value: 'a..b', message: 'empty label', severity: 'error' },
      { object: 'crd/apps/rec', field: 'spec.endpoints[0].recordType', value: 'XX', message: 'unknown type', severity: 'error' },
    ];
    const items = feedbackFrom({ result: result(plan(), { problems }), desired: [ep('web.example.com', 'service/apps/web')], ownerId: 'o' });
    const warned = item(items, 'service/apps/web');
    assert.equal(warned.events[0]?.reason, 'InvalidAnnotation');
    assert.equal(warned.events[0]?.note, 'annotation external-dns.alpha.kubernetes.io/ttl="soon": not a duration');
    assert.equal(warned.status.accepted, true);
    const bad = item(items, 'service/apps/bad');
    assert.equal(bad.status.accepted, false);
    assert.equal(bad.status.readyReason, 'Invalid');
    assert.match(bad.events[0]?.note ?? '', /\(records of this object kept as they are\)$/);
    assert.equal(item(items, 'crd/apps/rec').events[0]?.reason, 'InvalidSpec');
  });

  it('marks changes that were computed but not written as Pending, without Record events', () => {
    const web = ep('web.example.com', 'service/apps/web');
    const items = feedbackFrom({ result: result(plan({ changes: { create: [web] } }), { applied: false }), desired: [web], ownerId: 'o' });
    const pending = item(items, 'service/apps/web');
    assert.deepEqual(pending.events, []);
    assert.equal(pending.status.readyReason, 'Pending');
    assert.match(pending.status.readyMessage, /web\.example\.com A not yet written/);
  });

  it('reports deletes held back by the safety threshold on the objects that owned the records', () => {
    const kept = ep('old.example.com', 'service/apps/old');
    const fresh = ep('new.example.com', 'service/apps/new');
    const items = feedbackFrom({
      result: result(plan({ refusals: [{ zone: 'example.com', deletes: 8, owned: 10, maxDeleteFraction: 0.3 }] })),
      desired: [fresh],
      ownerId: 'o',
      heldBack: { ...NO_CHANGES, create: [fresh], delete: [kept] },
    });
    const refused = item(items, 'service/apps/old');
    assert.equal(refused.events[0]?.reason, 'DeleteRefused');
    assert.match(refused.events[0]?.note ?? '', /holds zone example\.com back \(8 of 10 owned records would go, limit 0\.3\); use --force if intended$/);
    assert.equal(item(items, 'service/apps/new').status.readyReason, 'Pending');
  });
});

describe('objectRefOf', () => {
  it('maps every source kind to its object', () => {
    assert.deepEqual(objectRefOf('service/ns/web'), { apiVersion: 'v1', kind: 'Service', namespace: 'ns', name: 'web' });
    assert.deepEqual(objectRefOf('ingress/ns/web'), { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', namespace: 'ns', name: 'web' });
    assert.deepEqual(objectRefOf('crd/ns/rec'), { apiVersion: 'externaldns.k8s.io/v1alpha1', kind: 'DNSEndpoint', namespace: 'ns', name: 'rec' });
    assert.deepEqual(objectRefOf('httproute/ns/r'), { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute', namespace: 'ns', name: 'r' });
    assert.deepEqual(objectRefOf('virtualserver/ns/v'), { apiVersion: 'k8s.nginx.org/v1', kind: 'VirtualServer', namespace: 'ns', name: 'v' });
    assert.deepEqual(objectRefOf('node/worker-1'), { apiVersion: 'v1', kind: 'Node', namespace: '', name: 'worker-1' });
  });

  it('names no object for file paths, unknown kinds or malformed labels', () => {
    assert.equal(objectRefOf('examples/web.yaml'), undefined);
    assert.equal(objectRefOf('service/web'), undefined);
    assert.equal(objectRefOf('node/ns/name'), undefined);
    assert.equal(objectRefOf(''), undefined);
  });
});

describe('status values', () => {
  const ready = { records: 2, accepted: true, acceptedReason: 'Accepted', acceptedMessage: 'ok', ready: true, readyReason: 'Programmed', readyMessage: '2 records in step' } as const;

  it('writes observedGeneration and both conditions, and nothing when the live status already matches', () => {
    const first = nextDnsEndpointStatus(ready, 3, undefined, '2026-01-01T00:00:00Z');
    assert.equal(first?.observedGeneration, 3);
    assert.deepEqual(first?.conditions.map((c) => [c.type, c.status, c.reason]), [['Accepted', 'True', 'Accepted'], ['Ready', 'True', 'Programmed']]);
    assert.equal(nextDnsEndpointStatus(ready, 3, first, '2026-01-01T01:00:00Z'), undefined);
  });

  it('keeps lastTransitionTime while a condition holds and moves it when the status flips', () => {
    const first = nextDnsEndpointStatus(ready, 3, undefined, 't0');
    const newGeneration = nextDnsEndpointStatus(ready, 4, first, 't1');
    assert.equal(newGeneration?.conditions[1]?.lastTransitionTime, 't0');
    const failing = nextDnsEndpointStatus({ ...ready, ready: false, readyReason: 'Rejected', readyMessage: 'no' }, 4, newGeneration, 't2');
    assert.equal(failing?.conditions[1]?.lastTransitionTime, 't2');
    assert.equal(failing?.conditions[0]?.lastTransitionTime, 't0');
  });

  it('renders the compact annotation with the error only when not ready', () => {
    assert.equal(statusAnnotationValue(ready), '{"records":2,"ready":true}');
    assert.equal(
      statusAnnotationValue({ ...ready, ready: false, readyReason: 'ConflictLost', readyMessage: 'a.example.com is published by service/x/y' }),
      '{"records":2,"ready":false,"reason":"ConflictLost","error":"a.example.com is published by service/x/y"}',
    );
  });
});
