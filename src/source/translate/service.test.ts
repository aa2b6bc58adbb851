import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ALPHA_ANNOTATION_PREFIX, ANNOTATION_PREFIX } from './annotation-keys.ts';
import { DEFAULT_TRANSLATE_OPTIONS, type TranslateOptions } from './options.ts';
import { brief, loadBalancerService, node } from './test-objects.ts';
import { translateObjects } from './translate.ts';

const P = ANNOTATION_PREFIX;
const opts = (o: Partial<TranslateOptions>): TranslateOptions => ({ ...DEFAULT_TRANSLATE_OPTIONS, ...o });

function nodePortService(annotations: Record<string, string>, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'nginx', namespace: 'default', annotations },
    spec: { type: 'NodePort', clusterIP: '10.0.0.20', selector: { app: 'nginx' }, ports: [{ port: 80, protocol: 'TCP', nodePort: 30080 }], ...extra },
  };
}

const NODES = [
  node('n1', { '192.0.2.1': 'ExternalIP', '10.1.0.1': 'InternalIP' }),
  node('n2', { '192.0.2.2': 'ExternalIP', '10.1.0.2': 'InternalIP' }),
  node('cordoned', { '192.0.2.3': 'ExternalIP', '10.1.0.3': 'InternalIP' }, true),
];

void describe('service translation', () => {
  void it('reproduces reference vector 4: weighted services sharing a name', () => {
    const svc = (name: string, id: string, weight: string, ip: string) =>
      loadBalancerService(name, { [`${P}hostname`]: 'app.example.com', [`${P}set-identifier`]: id, [`${P}aws-weight`]: weight }, [{ ip }]);
    const r = translateObjects([svc('my-service-v1', 'app-v1', '80', '198.51.100.1'), svc('my-service-v2', 'app-v2', '20', '198.51.100.2')]);
    assert.deepEqual(r.problems, []);
    assert.deepEqual(r.endpoints.map(brief), [
      { dnsName: 'app.example.com', recordType: 'A', targets: ['198.51.100.1'], setIdentifier: 'app-v1', ttl: 0, labels: { resource: 'service/default/my-service-v1' }, providerSpecific: { 'aws/weight': '80' } },
      { dnsName: 'app.example.com', recordType: 'A', targets: ['198.51.100.2'], setIdentifier: 'app-v2', ttl: 0, labels: { resource: 'service/default/my-service-v2' }, providerSpecific: { 'aws/weight': '20' } },
    ]);
  });

  void it('reproduces reference vector 8: NodePort A records plus one SRV per port', () => {
    const r = translateObjects([nodePortService({ [`${P}hostname`]: 'nginx.example.com' }), ...NODES]);
    assert.deepEqual(r.endpoints.map((e) => [e.dnsName, e.recordType, e.targets, e.labels.resource]), [
      ['_nginx._tcp.nginx.example.com', 'SRV', ['0 50 30080 nginx.example.com.'], 'service/default/nginx'],
      ['nginx.example.com', 'A', ['192.0.2.1', '192.0.2.2'], 'service/default/nginx'],
    ]);
  });

  for (const prefix of [ANNOTATION_PREFIX, ALPHA_ANNOTATION_PREFIX]) {
    void it(`NodePort access private (${prefix}) uses InternalIPs of schedulable nodes`, () => {
      const r = translateObjects([nodePortService({ [`${prefix}hostname`]: 'n.example.com', [`${prefix}access`]: 'private' }), ...NODES]);
      assert.deepEqual(r.endpoints.find((e) => e.recordType === 'A')?.targets, ['10.1.0.1', '10.1.0.2']);
    });
    void it(`NodePort access public (${prefix}) uses ExternalIPs`, () => {
      const r = translateObjects([nodePortService({ [`${prefix}hostname`]: 'n.example.com', [`${prefix}access`]: 'public' }), ...NODES]);
      assert.deepEqual(r.endpoints.find((e) => e.recordType === 'A')?.targets, ['192.0.2.1', '192.0.2.2']);
    });
    void it(`NodePort access sideways (${prefix}) warns and picks automatically`, () => {
      const r = translateObjects([nodePortService({ [`${prefix}hostname`]: 'n.example.com', [`${prefix}access`]: 'sideways' }), ...NODES]);
      assert.deepEqual(r.endpoints.find((e) => e.recordType === 'A')?.targets, ['192.0.2.1', '192.0.2.2']);
      assert.deepEqual(r.problems.map((p) => [p.field, p.severity]), [[`${prefix}access`, 'warning']]);
    });
  }

  void it('NodePort without ExternalIPs falls back to InternalIPs', () => {
    const r = translateObjects([nodePortService({ [`${P}hostname`]: 'n.example.com' }), node('n1', { '10.1.0.1': 'InternalIP' })]);
    assert.deepEqual(r.endpoints.find((e) => e.recordType === 'A')?.targets, ['10.1.0.1']);
  });

  void it('NodePort with externalTrafficPolicy Local uses only nodes running ready pods', () => {
    const pod = (name: string, nodeName: string, ready: boolean) => ({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name, namespace: 'default', labels: { app: 'nginx' } },
      spec: { nodeName },
      status: { phase: 'Running', conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }] },
    });
    const r = translateObjects([
      nodePortService({ [`${P}hostname`]: 'n.example.com' }, { externalTrafficPolicy: 'Local' }),
      ...NODES,
      pod('a', 'n2', true),
      pod('b', 'n1', false),
    ]);
    assert.deepEqual(r.endpoints.find((e) => e.recordType === 'A')?.targets, ['192.0.2.2']);
  });

  void it('LoadBalancer hostname becomes a CNAME and IPv6 an AAAA', () => {
    const r = translateObjects([loadBalancerService('web', { [`${P}hostname`]: 'web.example.com' }, [{ hostname: 'lb.elb.amazonaws.com' }, { ip: '2001:db8::1' }])]);
    assert.deepEqual(r.endpoints.map((e) => [e.recordType, e.targets]), [['AAAA', ['2001:db8::1']], ['CNAME', ['lb.elb.amazonaws.com']]]);
  });

  void it('LoadBalancer prefers spec.externalIPs over the status', () => {
    const svc = loadBalancerService('web', { [`${P}hostname`]: 'web.example.com' });
    (svc.spec as Record<string, unknown>).externalIPs = ['192.0.2.50'];
    const r = translateObjects([svc]);
    assert.deepEqual(r.endpoints.map((e) => e.targets), [['192.0.2.50']]);
  });

  void it('a malformed load balancer hostname in status is an error naming the status field', () => {
    const r = translateObjects([loadBalancerService('web', { [`${P}hostname`]: 'web.example.com' }, [{ hostname: 'bad host' }])]);
    assert.deepEqual(r.endpoints, []);
    assert.equal(r.problems[0]?.field, 'status.loadBalancer.ingress[0].hostname');
    assert.ok(r.frozenResources.has('service/default/web'));
  });

  void it('ClusterIP publishes its cluster IP only with --publish-internal-services', () => {
    const svc = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'c', annotations: { [`${P}hostname`]: 'c.example.com' } }, spec: { clusterIP: '10.0.0.5' } };
    assert.deepEqual(translateObjects([svc]).endpoints, []);
    assert.deepEqual(translateObjects([svc], opts({ publishInternalServices: true })).endpoints.map((e) => e.targets), [['10.0.0.5']]);
  });

  void it('ExternalName becomes a CNAME to spec.externalName', () => {
    const svc = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'x', namespace: 'ns', annotations: { [`${P}hostname`]: 'x.example.com' } }, spec: { type: 'ExternalName', externalName: 'db.example.org.' } };
    const r = translateObjects([svc]);
    assert.deepEqual(r.endpoints.map(brief), [
      { dnsName: 'x.example.com', recordType: 'CNAME', targets: ['db.example.org'], setIdentifier: '', ttl: 0, labels: { resource: 'service/ns/x' }, providerSpecific: {} },
    ]);
  });

  void it('headless service publishes ready pod addresses and per-pod hostnames', () => {
    const svc = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'db', namespace: 'data', annotations: { [`${P}hostname`]: 'db.example.com' } }, spec: { clusterIP: 'None', selector: { app: 'db' } } };
    const pod = (name: string, hostname?: string) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'data', labels: { app: 'db' } }, spec: hostname === undefined ? {} : { hostname } });
    const slice = {
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: { name: 'db-abc', namespace: 'data', labels: { 'kubernetes.io/service-name': 'db' } },
      endpoints: [
        { addresses: ['10.2.0.1'], conditions: { ready: true }, targetRef: { kind: 'Pod', name: 'db-0', namespace: 'data' } },
        { addresses: ['10.2.0.2'], targetRef: { kind: 'Pod', name: 'db-1', namespace: 'data' } },
        { addresses: ['10.2.0.3'], conditions: { ready: false }, targetRef: { kind: 'Pod', name: 'db-2', namespace: 'data' } },
      ],
    };
    const r = translateObjects([svc, pod('db-0', 'db-0'), pod('db-1'), pod('db-2', 'db-2'), slice]);
    assert.deepEqual(r.endpoints.map((e) => [e.dnsName, e.targets]), [
      ['db-0.db.example.com', ['10.2.0.1']],
      ['db.example.com', ['10.2.0.1', '10.2.0.2']],
    ]);
  });

  for (const [endpointsType, expected] of [['NodeExternalIP', ['192.0.2.1']], ['HostIP', ['10.1.0.1']], [undefined, ['10.2.0.1']]] as const) {
    void it(`headless endpoints-type ${endpointsType ?? '(none)'} picks the pod target from ${expected[0]}`, () => {
      const annotations: Record<string, string> = { [`${P}hostname`]: 'db.example.com' };
      if (endpointsType !== undefined) annotations[`${ALPHA_ANNOTATION_PREFIX}endpoints-type`] = endpointsType;
      const svc = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'db', annotations }, spec: { clusterIP: 'None', selector: { app: 'db' } } };
      const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'db-0', labels: { app: 'db' } }, spec: { nodeName: 'n1' }, status: { hostIP: '10.1.0.1' } };
      const slice = {
        apiVersion: 'discovery.k8s.io/v1',
        kind: 'EndpointSlice',
        metadata: { name: 'db-x', labels: { 'kubernetes.io/service-name': 'db' } },
        endpoints: [{ addresses: ['10.2.0.1'], targetRef: { kind: 'Pod', name: 'db-0' } }],
      };
      const r = translateObjects([svc, pod, slice, ...NODES]);
      assert.deepEqual(r.endpoints.map((e) => e.targets), [expected]);
    });
  }

  void it('headless pod target annotation wins over its address', () => {
    const svc = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'db', annotations: { [`${P}hostname`]: 'db.example.com' } }, spec: { clusterIP: 'None', selector: { app: 'db' } } };
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'db-0', labels: { app: 'db' }, annotations: { [`${P}target`]: '198.51.100.7' } }, spec: {} };
    const other = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'db-1', labels: { app: 'other' } }, spec: {} };
    const slice = {
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: { name: 'db-x', labels: { 'kubernetes.io/service-name': 'db' } },
      endpoints: [
        { addresses: ['10.2.0.1'], targetRef: { kind: 'Pod', name: 'db-0' } },
        { addresses: ['10.2.0.2'], targetRef: { kind: 'Pod', name: 'db-1' } },
      ],
    };
    const r = translateObjects([svc, pod, other, slice]);
    assert.deepEqual(r.endpoints.map((e) => e.targets), [['198.51.100.7']], 'the pod not matching the selector is left out');
  });

  void it('--service-type-filter leaves other service types out', () => {
    const r = translateObjects([loadBalancerService('web', { [`${P}hostname`]: 'web.example.com' })], opts({ serviceTypeFilter: ['NodePort'] }));
    assert.deepEqual(r.endpoints, []);
  });

  void it('uses --fqdn-template only when the service names no host', () => {
    const o = opts({ fqdnTemplate: '{{.Name}}.{{.Namespace}}.example.com' });
    const named = translateObjects([loadBalancerService('web', { [`${P}hostname`]: 'own.example.com' })], o);
    assert.deepEqual(named.endpoints.map((e) => e.dnsName), ['own.example.com']);
    const unnamed = translateObjects([loadBalancerService('web', {})], o);
    assert.deepEqual(unnamed.endpoints.map((e) => e.dnsName), ['web.default.example.com']);
    const combined = translateObjects([loadBalancerService('web', { [`${P}hostname`]: 'own.example.com' })], { ...o, combineFqdnAnnotation: true });
    assert.deepEqual(combined.endpoints.map((e) => e.dnsName), ['own.example.com', 'web.default.example.com']);
  });

  void it('freezes a service the template cannot be executed for (missing label), naming the flag', () => {
    const r = translateObjects([loadBalancerService('web', {})], opts({ fqdnTemplate: '{{.Labels.team}}.example.com' }));
    assert.deepEqual(r.endpoints, []);
    assert.deepEqual(r.problems.map((p) => [p.object, p.field, p.severity]), [['service/default/web', '--fqdn-template', 'error']]);
    assert.ok(r.frozenResources.has('service/default/web'));
  });

  void it('--ignore-hostname-annotation ignores hostname and internal-hostname', () => {
    const r = translateObjects([loadBalancerService('web', { [`${P}hostname`]: 'own.example.com', [`${P}internal-hostname`]: 'i.example.com' })], opts({ ignoreHostnameAnnotation: true }));
    assert.deepEqual(r.endpoints, []);
  });
});
