import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { annotationKeeper, pick, project } from './project.ts';

void describe('pick', () => {
  const cases: readonly (readonly [string, unknown, Parameters<typeof pick>[1], unknown])[] = [
    ['keeps a whole value', { a: 1 }, true, { a: 1 }],
    ['keeps only named keys', { a: 1, b: 2 }, { a: true }, { a: 1 }],
    ['maps lists item by item', [{ a: 1, b: 2 }, { a: 3 }], [{ a: true }], [{ a: 1 }, { a: 3 }]],
    ['drops a list where an object was expected', [1, 2], { a: true }, undefined],
    ['drops an object where a list was expected', { a: 1 }, [true], undefined],
    ['skips absent keys instead of writing undefined', { b: 1 }, { a: true }, {}],
  ];
  for (const [what, value, shape, want] of cases) {
    void it(what, () => {
      assert.deepEqual(pick(value, shape), want);
    });
  }
});

void describe('project', () => {
  const keep = annotationKeeper('');
  const pod = {
    metadata: {
      name: 'p',
      namespace: 'ns',
      uid: 'u1',
      resourceVersion: '7',
      labels: { app: 'x' },
      annotations: { 'external-dns.kubernetes.io/target': '192.0.2.1', 'kubectl.kubernetes.io/last-applied-configuration': '{}', 'other.io/x': 'y' },
      managedFields: [{ manager: 'kubelet' }],
      deletionTimestamp: '2026-01-01T00:00:00Z',
      ownerReferences: [{ kind: 'ReplicaSet' }],
    },
    spec: { nodeName: 'n1', containers: [{ name: 'c', image: 'big' }], volumes: [{}] },
    status: { phase: 'Running', podIP: '10.0.0.1', conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: 'x' }], containerStatuses: [{}] },
  };

  void it('keeps identity, our annotations and the fields translation reads, and nothing else', () => {
    assert.deepEqual(project(pod, 'v1', 'Pod', 'Pod', keep), {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p', namespace: 'ns', uid: 'u1', resourceVersion: '7', labels: { app: 'x' }, annotations: { 'external-dns.kubernetes.io/target': '192.0.2.1' }, deletionTimestamp: '2026-01-01T00:00:00Z' },
      spec: { nodeName: 'n1' },
      status: { phase: 'Running', podIP: '10.0.0.1', conditions: [{ type: 'Ready', status: 'True' }] },
    });
  });

  void it('keeps every annotation but last-applied-configuration when --annotation-filter needs them', () => {
    const m = project(pod, 'v1', 'Pod', 'Pod', annotationKeeper('other.io/x=y'))?.metadata as { annotations: Record<string, string> };
    assert.deepEqual(Object.keys(m.annotations).sort(), ['external-dns.kubernetes.io/target', 'other.io/x']);
  });

  void it('keeps every annotation when --fqdn-template reads .Annotations', () => {
    const m = project(pod, 'v1', 'Pod', 'Pod', annotationKeeper('', '{{index .Annotations "other.io/x"}}.example.com'))?.metadata as { annotations: Record<string, string> };
    assert.deepEqual(Object.keys(m.annotations).sort(), ['external-dns.kubernetes.io/target', 'other.io/x']);
  });

  void it('keeps EndpointSlice data that sits at the top level', () => {
    const slice = { metadata: { name: 's', namespace: 'ns' }, addressType: 'IPv4', endpoints: [{ addresses: ['10.0.0.1'], conditions: { ready: true, serving: true }, targetRef: { kind: 'Pod', name: 'p', uid: 'x' }, nodeName: 'n1' }], ports: [{}] };
    assert.deepEqual(project(slice, 'discovery.k8s.io/v1', 'EndpointSlice', 'EndpointSlice', keep), {
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: { name: 's', namespace: 'ns', uid: undefined, resourceVersion: undefined },
      addressType: 'IPv4',
      endpoints: [{ addresses: ['10.0.0.1'], conditions: { ready: true }, targetRef: { kind: 'Pod', name: 'p' } }],
    });
  });

  void it('refuses something without metadata.name', () => {
    assert.equal(project({ metadata: {} }, 'v1', 'Pod', 'Pod', keep), undefined);
    assert.equal(project('junk', 'v1', 'Pod', 'Pod', keep), undefined);
  });
});
