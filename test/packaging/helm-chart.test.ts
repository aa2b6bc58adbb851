// The Helm chart (charts/zonekeeper), rendered by the subset renderer: values against the schema,
// defaults identical to the Kustomize base, and each option's effect on the rendered objects.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { argProblems, argValues } from './flag-contract.ts';
import { loadChart, mergeValues, renderChart, type Chart } from './helm-chart.ts';
import { FailError } from './helm-template.ts';
import { checkSchema, untypedPaths, type Schema } from './json-schema.ts';
import { describeObject, findObject, type KubeObject, ofKind, validateObject } from './kube-objects.ts';
import { renderKustomize } from './kustomize.ts';
import { clusterVerbs, hardenedPodProblems, podSpec, rbacProblems } from './policy-checks.ts';

const ROOT = join(import.meta.dirname, '../..');
const CHART_DIR = join(ROOT, 'charts/zonekeeper');
const OWNER = { txtOwnerId: 'my-cluster' };

/** Drops what only Helm adds (its labels and annotations) so objects compare with the base. */
function withoutHelmMarks(obj: KubeObject): KubeObject {
  const copy = structuredClone(obj);
  const labels = copy.metadata.labels ?? {};
  delete labels['app.kubernetes.io/managed-by'];
  delete labels['helm.sh/chart'];
  const annotations = Object.fromEntries(Object.entries(copy.metadata.annotations ?? {}).filter(([k]) => !k.startsWith('helm.sh/')));
  if (Object.keys(annotations).length === 0) delete copy.metadata.annotations;
  else copy.metadata.annotations = annotations;
  return copy;
}

function byKey(objects: readonly KubeObject[]): Map<string, KubeObject> {
  return new Map(objects.map((o) => [`${o.kind}/${o.metadata.name}`, withoutHelmMarks(o)]));
}

describe('charts/zonekeeper', () => {
  let chart: Chart;
  let schema: Schema;
  const render = (values: Record<string, unknown> = {}, releaseName = 'zonekeeper'): KubeObject[] =>
    renderChart(chart, { releaseName, namespace: 'zonekeeper', values: mergeValues(OWNER, values) });
  const args = (objects: readonly KubeObject[]): string[] => podSpec(ofKind(objects, 'Deployment')[0]!).containers[0]?.args ?? [];

  before(() => {
    chart = loadChart(CHART_DIR);
    schema = JSON.parse(readFileSync(join(CHART_DIR, 'values.schema.json'), 'utf8')) as Schema;
  });

  it('has values.yaml conforming to values.schema.json, with every value typed', () => {
    assert.equal(schema.$schema, 'http://json-schema.org/draft-07/schema#');
    assert.deepEqual(checkSchema(schema, chart.values), []);
    assert.deepEqual(untypedPaths(schema, chart.values), []);
  });

  it('has no value that no template reads', () => {
    const text = readdirSync(join(CHART_DIR, 'templates'))
      .map((f) => readFileSync(join(CHART_DIR, 'templates', f), 'utf8'))
      .join('\n');
    const reads = (path: string): boolean => new RegExp(`\\.Values\\.${path.replace(/\./g, '\\.')}(?![\\w.])`).test(text);
    const unread: string[] = [];
    for (const [key, value] of Object.entries(chart.values)) {
      if (reads(key)) continue;
      const nested = typeof value === 'object' && value !== null && !Array.isArray(value) ? Object.keys(value) : [];
      for (const sub of nested.length > 0 ? nested : ['']) if (!reads(sub === '' ? key : `${key}.${sub}`)) unread.push(`${key}.${sub}`);
    }
    assert.deepEqual(unread, []);
  });

  it('schema refuses values zonekeeper would refuse or that would break rendering', () => {
    const bad: [Record<string, unknown>, RegExp][] = [
      [{ policy: 'delete-all' }, /\$\.policy: "delete-all" is not one of/],
      [{ provider: { name: 'gcp' } }, /\$\.provider\.name: "gcp"/],
      [{ sources: ['pod'] }, /\$\.sources\[0\]: "pod"/],
      [{ sources: [] }, /needs at least 1/],
      [{ replicaCount: -1 }, /below 0/],
      [{ image: { tag: 1.1 } }, /\$\.image\.tag: is number 1\.1, expected string/],
      [{ replicas: 2 }, /"replicas" is not an allowed key/],
      [{ extraArgs: ['oops'] }, /\$\.extraArgs\[0\]: "oops" does not match/],
      [{ metrics: { port: 70000 } }, /above 65535/],
      [{ interval: '5 minutes' }, /\$\.interval/],
      [{ rolesAnywhere: { roleArn: 'my-role' } }, /\$\.rolesAnywhere\.roleArn/],
    ];
    for (const [override, expected] of bad) {
      const problems = checkSchema(schema, mergeValues(chart.values, override));
      assert.ok(problems.some((p) => expected.test(p)), `${JSON.stringify(override)} → ${JSON.stringify(problems)}`);
    }
  });

  it('refuses to render without txtOwnerId, naming the value to set', () => {
    assert.throws(
      () => renderChart(chart, { releaseName: 'zonekeeper', namespace: 'zonekeeper' }),
      (e) => e instanceof FailError && /txtOwnerId is required with registry txt/.test(e.message),
    );
    assert.ok(findObject(render({ registry: 'noop', txtOwnerId: '' }), 'Deployment', 'zonekeeper'), 'noop needs no owner');
  });

  it('renders defaults that match the Kubernetes schemas, hardened and least-privilege', () => {
    const objects = render();
    for (const obj of objects) validateObject(obj);
    assert.deepEqual(hardenedPodProblems(findObject(objects, 'Deployment', 'zonekeeper')), []);
    assert.deepEqual(rbacProblems(objects), []);
    assert.deepEqual(argProblems(args(objects)), []);
    assert.equal(findObject(objects, 'CustomResourceDefinition', 'dnsendpoints.externaldns.k8s.io').metadata.annotations?.['helm.sh/resource-policy'], 'keep');
  });

  it('renders with its defaults the same objects as deploy/, object for object', () => {
    const chartObjects = byKey(render());
    const baseObjects = byKey(renderKustomize(join(ROOT, 'deploy')).filter((o) => o.kind !== 'Namespace'));
    assert.deepEqual([...chartObjects.keys()].sort(), [...baseObjects.keys()].sort());
    for (const [key, base] of baseObjects) assert.deepEqual(chartObjects.get(key), base, key);
  });

  it('refuses replicaCount > 1 without leader election, and runs a single replica without it', () => {
    assert.throws(() => render({ leaderElection: { enabled: false } }), (e) => e instanceof FailError && /leaderElection\.enabled=true/.test(e.message));
    const single = render({ replicaCount: 1, leaderElection: { enabled: false } });
    assert.deepEqual(argValues(args(single), 'leader-elect'), ['false']);
    assert.deepEqual(argValues(args(single), 'leader-election-id'), []);
    assert.deepEqual(single.filter((o) => ['Role', 'RoleBinding', 'PodDisruptionBudget'].includes(o.kind)).map(describeObject), []);
    for (const obj of single) validateObject(obj);
  });

  it('names the Lease after the release and lets the Role touch only that Lease', () => {
    const objects = render({}, 'dns-public');
    assert.deepEqual(argValues(args(objects), 'leader-election-id'), ['dns-public']);
    const role = findObject(objects, 'Role', 'dns-public-leader-election');
    assert.deepEqual((role.rules as { resourceNames?: string[] }[])[1]?.resourceNames, ['dns-public']);
    const binding = findObject(objects, 'ClusterRoleBinding', 'dns-public');
    assert.deepEqual(binding.subjects, [{ kind: 'ServiceAccount', name: 'dns-public', namespace: 'zonekeeper' }]);
    assert.equal(podSpec(findObject(objects, 'Deployment', 'dns-public')).serviceAccountName, 'dns-public');
  });

  it('annotates the ServiceAccount for IRSA', () => {
    const arn = 'arn:aws:iam::111122223333:role/zonekeeper';
    const sa = findObject(render({ serviceAccount: { annotations: { 'eks.amazonaws.com/role-arn': arn } } }), 'ServiceAccount', 'zonekeeper');
    assert.deepEqual(sa.metadata.annotations, { 'eks.amazonaws.com/role-arn': arn });
  });

  it('uses an existing ServiceAccount and leaves out RBAC and the CRD when asked', () => {
    const objects = render({ serviceAccount: { create: false, name: 'dns' }, rbac: { create: false }, crd: { create: false } });
    assert.deepEqual(objects.map((o) => o.kind).sort(), ['Deployment', 'PodDisruptionBudget', 'Service']);
    assert.equal(podSpec(findObject(objects, 'Deployment', 'zonekeeper')).serviceAccountName, 'dns');
  });

  it('passes YAML-special characters in values through as exactly one argument each', () => {
    const tricky = 'a: "b" # c';
    const objects = render({ txtOwnerId: tricky, labelFilter: 'env in (prod, staging)', domainFilters: ['example.com', 'example.org'], txtPrefix: '%{record_type}-' });
    const a = args(objects);
    assert.deepEqual(argValues(a, 'txt-owner-id'), [tricky]);
    assert.deepEqual(argValues(a, 'label-filter'), ['env in (prod, staging)']);
    assert.deepEqual(argValues(a, 'domain-filter'), ['example.com', 'example.org']);
    assert.deepEqual(argValues(a, 'txt-prefix'), ['%{record_type}-']);
    assert.deepEqual(argProblems(a), []);
  });

  it('adds extra args, env, volumes and mounts after its own, and stays valid', () => {
    const objects = render({
      extraArgs: ['--aws-zone-type=public'],
      env: [{ name: 'AWS_REGION', value: 'eu-west-1' }],
      extraVolumes: [{ name: 'ca', configMap: { name: 'corp-ca' } }],
      extraVolumeMounts: [{ name: 'ca', mountPath: '/etc/corp-ca', readOnly: true }],
    });
    for (const obj of objects) validateObject(obj);
    const pod = podSpec(findObject(objects, 'Deployment', 'zonekeeper'));
    const c = pod.containers[0]!;
    assert.equal(c.args?.at(-1), '--aws-zone-type=public');
    assert.deepEqual(c.env?.map((e) => e.name), ['ZONEKEEPER_LEADER_ELECTION_NAMESPACE', 'AWS_REGION']);
    assert.deepEqual(pod.volumes?.map((v) => v.name), ['tmp', 'ca']);
    assert.deepEqual(c.volumeMounts?.at(-1), { name: 'ca', mountPath: '/etc/corp-ca', readOnly: true });
  });

  it('grants patch on services and ingresses only with statusAnnotation, as the base component does', () => {
    assert.deepEqual(clusterVerbs(render(), '', 'services'), ['get', 'list', 'watch']);
    const objects = render({ statusAnnotation: { enabled: true } });
    assert.deepEqual(rbacProblems(objects), []);
    assert.deepEqual(clusterVerbs(objects, '', 'services'), ['get', 'list', 'patch', 'watch']);
    assert.deepEqual(clusterVerbs(objects, 'networking.k8s.io', 'ingresses'), ['get', 'list', 'patch', 'watch']);
    assert.deepEqual(argValues(args(objects), 'status-annotation'), ['true']);
    const component = byKey(renderKustomize(join(ROOT, 'deploy/components/status-annotation')));
    const rendered = byKey(objects);
    for (const [key, obj] of component) assert.deepEqual(rendered.get(key), obj, key);
  });
});
