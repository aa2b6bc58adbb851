// The checks the packaging tests rely on do catch what they are meant to catch.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { argProblems } from './flag-contract.ts';
import { type KubeObject, unknownFields, validateObject } from './kube-objects.ts';
import { renderKustomize } from './kustomize.ts';
import { hardenedPodProblems, rbacProblems } from './policy-checks.ts';

function role(kind: 'ClusterRole' | 'Role', name: string, rules: unknown[]): KubeObject {
  return { apiVersion: 'rbac.authorization.k8s.io/v1', kind, metadata: { name }, rules };
}

function deployment(container: Record<string, unknown>, pod: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'd' },
    spec: { selector: {}, template: { spec: { ...pod, containers: [{ name: 'c', ...container }] } } },
  };
}

describe('packaging checks', () => {
  it('flags wildcards, Secrets, cluster-wide leases and unneeded writes', () => {
    const problems = rbacProblems([
      role('ClusterRole', 'a', [{ apiGroups: [''], resources: ['secrets'], verbs: ['get'] }]),
      role('ClusterRole', 'b', [{ apiGroups: ['*'], resources: ['pods'], verbs: ['*'] }]),
      role('ClusterRole', 'c', [{ apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ['get'] }]),
      role('ClusterRole', 'd', [{ apiGroups: [''], resources: ['services'], verbs: ['get', 'patch'] }]),
      role('Role', 'e', [{ apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ['delete'] }]),
    ]);
    assert.deepEqual(problems, [
      'ClusterRole a: access to /secrets',
      'ClusterRole b: wildcard "*"',
      'ClusterRole b: wildcard "*"',
      'ClusterRole b: */pods verbs * are not needed',
      'ClusterRole c: leases outside a namespaced Role',
      'ClusterRole d: /services verbs patch are not needed',
      'Role e: coordination.k8s.io/leases verbs delete',
    ]);
    const optIn = role('ClusterRole', 'x-status-annotation', [{ apiGroups: [''], resources: ['services'], verbs: ['patch'] }]);
    assert.deepEqual(rbacProblems([optIn]), []);
  });

  it('flags a root, writable, privileged container', () => {
    const problems = hardenedPodProblems(
      deployment({ securityContext: { runAsUser: 0, privileged: true, capabilities: { add: ['NET_ADMIN'] } } }, { hostNetwork: true }),
    );
    assert.deepEqual(problems, [
      'pod: hostNetwork is true',
      'pod: seccompProfile.type is not RuntimeDefault',
      'container c: runAsNonRoot is not true',
      'container c: runAsUser is 0, expected a non-zero uid',
      'container c: readOnlyRootFilesystem is not true',
      'container c: allowPrivilegeEscalation is not false',
      'container c: privileged',
      'container c: capabilities.drop lacks ALL',
      'container c: adds capabilities NET_ADMIN',
      'container c: seccompProfile.type is not RuntimeDefault',
      'container c: no memory limit',
    ]);
  });

  it('refuses a wrongly typed field and a misspelt one', () => {
    assert.throws(() => { validateObject(deployment({ ports: [{ containerPort: '7979' }] })); }, /Deployment d does not match the Kubernetes schema: .*must be integer/);
    assert.throws(
      () => { validateObject(deployment({ securityContext: { readOnlyRootFileSystem: true } })); },
      /fields Kubernetes does not know: \.spec\.template\.spec\.containers\[0\]\.securityContext\.readOnlyRootFileSystem/,
    );
    assert.deepEqual(unknownFields({ metadata: { name: 'x', labelz: {} } }, 'V1Deployment'), ['.metadata.labelz']);
    assert.throws(() => { validateObject({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' } }); }, /no schema known for v1 Secret/);
  });

  it('flags args that are not `run` plus known --flag=value entries', () => {
    assert.deepEqual(argProblems(['sync', '--policy=sync', '--polcy=sync', '--once']), [
      'args start with "sync", expected "run"',
      '--polcy is not a zonekeeper flag',
      '"--once" is not --flag=value',
    ]);
  });

  it('fails with a message naming kubectl when it is missing, rather than skipping', () => {
    assert.throws(() => renderKustomize('deploy', '/nonexistent/kubectl'), /"\/nonexistent\/kubectl" was not found: .*Install kubectl/);
  });
});
