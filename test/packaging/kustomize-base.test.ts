// The raw-manifest install (deploy/, `kubectl apply -k deploy/`): rendered by kubectl kustomize,
// every object checked against the Kubernetes schemas, and its security and RBAC pinned down.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { argProblems, argValues, flagOfEnv, KNOWN_FLAGS } from './flag-contract.ts';
import { findObject, type KubeObject, ofKind, validateObject } from './kube-objects.ts';
import { renderKustomize } from './kustomize.ts';
import { clusterVerbs, hardenedPodProblems, podSpec, rbacProblems, rulesOf } from './policy-checks.ts';

const DEPLOY = join(import.meta.dirname, '../../deploy');

describe('deploy/ (Kustomize base)', () => {
  let objects: KubeObject[] = [];
  before(() => {
    objects = renderKustomize(DEPLOY);
  });

  it('renders exactly the objects of an install, each valid against the Kubernetes schema', () => {
    assert.deepEqual(objects.map((o) => `${o.kind}/${o.metadata.name}`).sort(), [
      'ClusterRole/zonekeeper',
      'ClusterRoleBinding/zonekeeper',
      'CustomResourceDefinition/dnsendpoints.externaldns.k8s.io',
      'Deployment/zonekeeper',
      'Namespace/zonekeeper',
      'PodDisruptionBudget/zonekeeper',
      'Role/zonekeeper-leader-election',
      'RoleBinding/zonekeeper-leader-election',
      'Service/zonekeeper',
      'ServiceAccount/zonekeeper',
    ]);
    for (const obj of objects) validateObject(obj);
  });

  it('puts every namespaced object in the zonekeeper namespace', () => {
    const clusterScoped = new Set(['Namespace', 'ClusterRole', 'ClusterRoleBinding', 'CustomResourceDefinition']);
    for (const obj of objects) {
      assert.equal(obj.metadata.namespace, clusterScoped.has(obj.kind) ? undefined : 'zonekeeper', `${obj.kind} ${obj.metadata.name}`);
    }
    for (const binding of [...ofKind(objects, 'ClusterRoleBinding'), ...ofKind(objects, 'RoleBinding')]) {
      assert.deepEqual(binding.subjects, [{ kind: 'ServiceAccount', name: 'zonekeeper', namespace: 'zonekeeper' }]);
    }
  });

  it('runs the pod non-root with a read-only root filesystem, no capabilities and RuntimeDefault seccomp', () => {
    const deployment = findObject(objects, 'Deployment', 'zonekeeper');
    assert.deepEqual(hardenedPodProblems(deployment), []);
    const pod = podSpec(deployment);
    assert.equal(pod.securityContext?.runAsUser, 65532);
    assert.equal(pod.containers[0]?.securityContext?.runAsUser, 65532);
    assert.deepEqual(pod.containers[0]?.volumeMounts, [{ name: 'tmp', mountPath: '/tmp' }], 'only /tmp is writable');
  });

  it('grants least privilege: no wildcards, no Secrets, reads plus DNSEndpoint status and Events only', () => {
    assert.deepEqual(rbacProblems(objects), []);
    for (const [group, resource] of [
      ['', 'services'],
      ['discovery.k8s.io', 'endpointslices'],
      ['', 'pods'],
      ['', 'nodes'],
      ['networking.k8s.io', 'ingresses'],
      ['gateway.networking.k8s.io', 'gateways'],
      ['gateway.networking.k8s.io', 'httproutes'],
      ['gateway.networking.k8s.io', 'grpcroutes'],
      ['gateway.networking.k8s.io', 'tlsroutes'],
      ['gateway.networking.k8s.io', 'tcproutes'],
      ['gateway.networking.k8s.io', 'udproutes'],
      ['k8s.nginx.org', 'virtualservers'],
      ['externaldns.k8s.io', 'dnsendpoints'],
    ] as const) {
      assert.deepEqual(clusterVerbs(objects, group, resource), ['get', 'list', 'watch'], `${group}/${resource}`);
    }
    assert.deepEqual(clusterVerbs(objects, 'externaldns.k8s.io', 'dnsendpoints/status'), ['patch']);
    assert.deepEqual(clusterVerbs(objects, '', 'events'), [], 'events are written through events.k8s.io only');
    assert.deepEqual(clusterVerbs(objects, 'events.k8s.io', 'events'), ['create', 'patch']);
    assert.deepEqual(clusterVerbs(objects, 'coordination.k8s.io', 'leases'), [], 'no cluster-wide leases');
  });

  it('limits leader election to one Lease, named by --leader-election-id, in its own namespace', () => {
    const role = findObject(objects, 'Role', 'zonekeeper-leader-election');
    assert.deepEqual(rulesOf(role), [
      { apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ['create'] },
      { apiGroups: ['coordination.k8s.io'], resources: ['leases'], resourceNames: ['zonekeeper'], verbs: ['get', 'update'] },
    ]);
    const container = podSpec(findObject(objects, 'Deployment', 'zonekeeper')).containers[0]!;
    assert.deepEqual(argValues(container.args ?? [], 'leader-election-id'), ['zonekeeper']);
    assert.deepEqual(argValues(container.args ?? [], 'leader-elect'), ['true']);
    const env = container.env?.find((e) => e.name === 'ZONEKEEPER_LEADER_ELECTION_NAMESPACE');
    assert.deepEqual(env?.valueFrom, { fieldRef: { fieldPath: 'metadata.namespace' } });
  });

  it('runs 2 replicas of `zonekeeper run` with sync, an explicit owner id, aws and known flags only', () => {
    const deployment = findObject(objects, 'Deployment', 'zonekeeper');
    assert.equal((deployment.spec as { replicas: number }).replicas, 2);
    const container = podSpec(deployment).containers[0]!;
    const args = container.args ?? [];
    assert.deepEqual(argProblems(args), []);
    assert.deepEqual(argValues(args, 'policy'), ['sync']);
    assert.deepEqual(argValues(args, 'provider'), ['aws']);
    assert.deepEqual(argValues(args, 'registry'), ['txt']);
    assert.deepEqual(argValues(args, 'txt-owner-id'), ['my-cluster']);
    assert.deepEqual(argValues(args, 'source'), ['service', 'ingress', 'crd']);
    assert.deepEqual(argValues(args, 'metrics-address'), [':7979']);
    for (const env of container.env ?? []) {
      assert.ok(KNOWN_FLAGS.has(flagOfEnv(env.name) ?? ''), `env ${env.name} sets no known flag`);
    }
  });

  it('probes /healthz and /readyz on port 7979 named http-metrics, and exposes it in a Service', () => {
    const container = podSpec(findObject(objects, 'Deployment', 'zonekeeper')).containers[0]!;
    assert.deepEqual(container.ports, [{ name: 'http-metrics', containerPort: 7979, protocol: 'TCP' }]);
    assert.deepEqual(container.livenessProbe?.httpGet, { path: '/healthz', port: 'http-metrics' });
    assert.deepEqual(container.readinessProbe?.httpGet, { path: '/readyz', port: 'http-metrics' });
    assert.deepEqual(container.resources, { requests: { cpu: '50m', memory: '64Mi' }, limits: { memory: '256Mi' } });
    const service = findObject(objects, 'Service', 'zonekeeper').spec as { selector: unknown; ports: unknown };
    assert.deepEqual(service.ports, [{ name: 'http-metrics', port: 7979, targetPort: 'http-metrics', protocol: 'TCP' }]);
  });

  it('selects the Deployment pods from the PDB (minAvailable 1) and the Service', () => {
    const deployment = findObject(objects, 'Deployment', 'zonekeeper');
    const spec = deployment.spec as { selector: { matchLabels: Record<string, string> }; template: { metadata: { labels: Record<string, string> } } };
    for (const [key, value] of Object.entries(spec.selector.matchLabels)) assert.equal(spec.template.metadata.labels[key], value);
    const pdb = findObject(objects, 'PodDisruptionBudget', 'zonekeeper').spec as { minAvailable: number; selector: unknown };
    assert.equal(pdb.minAvailable, 1);
    assert.deepEqual(pdb.selector, spec.selector);
    assert.deepEqual((findObject(objects, 'Service', 'zonekeeper').spec as { selector: unknown }).selector, spec.selector.matchLabels);
  });

  it('adds patch on services and ingresses only through the status-annotation component', () => {
    const overlay = mkdtempSync(join(tmpdir(), 'zonekeeper-overlay-'));
    after(() => {
      rmSync(overlay, { recursive: true, force: true });
    });
    writeFileSync(
      join(overlay, 'kustomization.yaml'),
      `resources: [${relative(overlay, DEPLOY)}]\ncomponents: [${relative(overlay, join(DEPLOY, 'components/status-annotation'))}]\n`,
    );
    const withComponent = renderKustomize(overlay);
    for (const obj of withComponent) validateObject(obj);
    assert.deepEqual(rbacProblems(withComponent), []);
    assert.deepEqual(clusterVerbs(objects, '', 'services'), ['get', 'list', 'watch'], 'base: read only');
    assert.deepEqual(clusterVerbs(withComponent, '', 'services'), ['get', 'list', 'patch', 'watch']);
    assert.deepEqual(clusterVerbs(withComponent, 'networking.k8s.io', 'ingresses'), ['get', 'list', 'patch', 'watch']);
    const args = podSpec(findObject(withComponent, 'Deployment', 'zonekeeper')).containers[0]?.args ?? [];
    assert.deepEqual(argValues(args, 'status-annotation'), ['true']);
    assert.deepEqual(argProblems(args), []);
  });
});
