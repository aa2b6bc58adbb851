import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_TRANSLATE_OPTIONS, type TranslateOptions } from '../translate/index.ts';
import { planInformers, type PlanInput } from './informer-plan.ts';

const input = (sources: readonly string[], namespace = '', t: Partial<TranslateOptions> = {}, extra: Partial<PlanInput> = {}): PlanInput => ({
  sources,
  namespace,
  translate: { ...DEFAULT_TRANSLATE_OPTIONS, ...t },
  ...extra,
});

const rows = (i: PlanInput) => planInformers(i).map((p) => `${p.name} ${p.path}${p.labelSelector === '' ? '' : ` ?${p.labelSelector}`}${p.fieldSelector === '' ? '' : ` ?${p.fieldSelector}`}${p.primary ? ' primary' : ''}${p.lookup === undefined ? '' : ` lookup:${p.lookup}`}${p.onDemand ? ' on-demand' : ''}`);

void describe('planInformers', () => {
  void it('watches services plus the nodes, pods and EndpointSlices NodePort and headless services read', () => {
    assert.deepEqual(rows(input(['service'], 'apps', { labelFilter: 'dns=on' })), [
      'services /api/v1/namespaces/apps/services ?dns=on primary',
      'nodes /api/v1/nodes lookup:nodes on-demand',
      'pods /api/v1/namespaces/apps/pods lookup:pods on-demand',
      'endpointslices /apis/discovery.k8s.io/v1/namespaces/apps/endpointslices lookup:endpointslices on-demand',
    ]);
  });

  void it('drops the node, pod and EndpointSlice caches when --service-type-filter excludes NodePort and ClusterIP', () => {
    assert.deepEqual(rows(input(['service'], '', { serviceTypeFilter: ['LoadBalancer', 'ExternalName'] })), ['services /api/v1/services primary']);
    assert.deepEqual(rows(input(['service'], '', { serviceTypeFilter: ['NodePort'] })), ['services /api/v1/services primary', 'nodes /api/v1/nodes lookup:nodes on-demand', 'pods /api/v1/pods lookup:pods on-demand']);
  });

  void it('label-filters nodes on the server only when no service needs every node', () => {
    assert.deepEqual(rows(input(['node'], 'apps', { labelFilter: 'pool=edge' })), ['nodes /api/v1/nodes ?pool=edge primary']);
    assert.deepEqual(rows(input(['node', 'service'], '', { labelFilter: 'pool=edge', serviceTypeFilter: ['NodePort'] }))[1], 'nodes /api/v1/nodes primary lookup:nodes');
  });

  void it('watches routes in --namespace and Gateways in --gateway-namespace with --gateway-label-filter and --gateway-name', () => {
    assert.deepEqual(rows(input(['gateway-httproute', 'gateway-udproute'], 'apps', { gatewayNamespace: 'infra', gatewayLabelFilter: 'public=yes', gatewayName: 'edge' })), [
      'httproutes /apis/gateway.networking.k8s.io/v1/namespaces/apps/httproutes primary',
      'udproutes /apis/gateway.networking.k8s.io/v1alpha2/namespaces/apps/udproutes primary',
      'gateways /apis/gateway.networking.k8s.io/v1/namespaces/infra/gateways ?public=yes ?metadata.name=edge lookup:gateways',
      'namespaces /api/v1/namespaces lookup:namespaces',
    ]);
  });

  void it('uses the discovered TLSRoute version', () => {
    assert.equal(planInformers(input(['gateway-tlsroute'], '', {}, { tlsRouteVersion: 'v1alpha2' }))[0]?.path, '/apis/gateway.networking.k8s.io/v1alpha2/tlsroutes');
    assert.equal(planInformers(input(['gateway-tlsroute']))[0]?.apiVersion, 'gateway.networking.k8s.io/v1');
  });

  void it('covers ingress, crd and nginx-virtualserver, and ignores sources that are not collections', () => {
    assert.deepEqual(rows(input(['manifests', 'ingress', 'crd', 'nginx-virtualserver'])), [
      'ingresses /apis/networking.k8s.io/v1/ingresses primary',
      'dnsendpoints /apis/externaldns.k8s.io/v1alpha1/dnsendpoints primary',
      'virtualservers /apis/k8s.nginx.org/v1/virtualservers primary',
    ]);
  });
});
