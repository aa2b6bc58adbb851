/**
 * Which collections to watch for the chosen `--source` values, and with which server-side
 * selectors. Pure, so the choice (and what it leaves out to save memory) is tested on its own.
 * Objects are either translated themselves ("primary") or only looked up by other translations.
 * @module
 */
import type { TranslateOptions } from '../translate/index.ts';

export const KUBE_SOURCES = [
  'service',
  'ingress',
  'crd',
  'node',
  'gateway-httproute',
  'gateway-grpcroute',
  'gateway-tlsroute',
  'gateway-tcproute',
  'gateway-udproute',
  'nginx-virtualserver',
] as const;
export type KubeSourceName = (typeof KUBE_SOURCES)[number];

/** Lookup collections: a change in one may change the records of many objects. */
export type LookupRole = 'nodes' | 'pods' | 'endpointslices' | 'gateways' | 'namespaces';

export type PlannedInformer = Readonly<{
  /** Unique name, e.g. `services`, `httproutes`. */
  name: string;
  apiVersion: string;
  kind: string;
  shape: string;
  path: string;
  labelSelector: string;
  /** Server-side field selector ('' = none). */
  fieldSelector: string;
  /** Translated into records (the resource label prefix is the translator's). */
  primary: boolean;
  /** Set for collections other translations look up. */
  lookup?: LookupRole;
  /**
   * Started only once an object needs it (nodes, pods and EndpointSlices for NodePort and headless
   * services): a cluster of LoadBalancer services never caches its pods.
   */
  onDemand: boolean;
}>;

type Collection = Readonly<{ group: string; version: string; plural: string; kind: string; shape: string; namespaced: boolean }>;

const C = {
  services: { group: '', version: 'v1', plural: 'services', kind: 'Service', shape: 'Service', namespaced: true },
  ingresses: { group: 'networking.k8s.io', version: 'v1', plural: 'ingresses', kind: 'Ingress', shape: 'Ingress', namespaced: true },
  dnsendpoints: { group: 'externaldns.k8s.io', version: 'v1alpha1', plural: 'dnsendpoints', kind: 'DNSEndpoint', shape: 'DNSEndpoint', namespaced: true },
  nodes: { group: '', version: 'v1', plural: 'nodes', kind: 'Node', shape: 'Node', namespaced: false },
  pods: { group: '', version: 'v1', plural: 'pods', kind: 'Pod', shape: 'Pod', namespaced: true },
  endpointslices: { group: 'discovery.k8s.io', version: 'v1', plural: 'endpointslices', kind: 'EndpointSlice', shape: 'EndpointSlice', namespaced: true },
  namespaces: { group: '', version: 'v1', plural: 'namespaces', kind: 'Namespace', shape: 'Namespace', namespaced: false },
  gateways: { group: 'gateway.networking.k8s.io', version: 'v1', plural: 'gateways', kind: 'Gateway', shape: 'Gateway', namespaced: true },
  virtualservers: { group: 'k8s.nginx.org', version: 'v1', plural: 'virtualservers', kind: 'VirtualServer', shape: 'VirtualServer', namespaced: true },
} satisfies Record<string, Collection>;

const ROUTES: Readonly<Record<string, Collection>> = {
  'gateway-httproute': { group: 'gateway.networking.k8s.io', version: 'v1', plural: 'httproutes', kind: 'HTTPRoute', shape: 'Route', namespaced: true },
  'gateway-grpcroute': { group: 'gateway.networking.k8s.io', version: 'v1', plural: 'grpcroutes', kind: 'GRPCRoute', shape: 'Route', namespaced: true },
  'gateway-tlsroute': { group: 'gateway.networking.k8s.io', version: 'v1', plural: 'tlsroutes', kind: 'TLSRoute', shape: 'Route', namespaced: true },
  'gateway-tcproute': { group: 'gateway.networking.k8s.io', version: 'v1alpha2', plural: 'tcproutes', kind: 'TCPRoute', shape: 'Route', namespaced: true },
  'gateway-udproute': { group: 'gateway.networking.k8s.io', version: 'v1alpha2', plural: 'udproutes', kind: 'UDPRoute', shape: 'Route', namespaced: true },
};

export function collectionPath(c: Collection, namespace: string): string {
  const base = c.group === '' ? `/api/${c.version}` : `/apis/${c.group}/${c.version}`;
  return c.namespaced && namespace !== '' ? `${base}/namespaces/${namespace}/${c.plural}` : `${base}/${c.plural}`;
}

export type PlanInput = Readonly<{
  sources: readonly string[];
  /** `--namespace` ('' = all). */
  namespace: string;
  translate: TranslateOptions;
  /** Served version of TLSRoute (discovered: `v1` where served, else `v1alpha2`). */
  tlsRouteVersion?: string;
}>;

/** The informers needed for `input.sources` (sources that are not Kubernetes collections are ignored). */
export function planInformers(input: PlanInput): PlannedInformer[] {
  const on = new Set(input.sources);
  const t = input.translate;
  const ns = input.namespace;
  const out: PlannedInformer[] = [];
  const add = (name: string, c: Collection, namespace: string, labelSelector: string, primary: boolean, lookup?: LookupRole, fieldSelector = ''): void => {
    const apiVersion = c.group === '' ? c.version : `${c.group}/${c.version}`;
    const onDemand = !primary && (lookup === 'nodes' || lookup === 'pods' || lookup === 'endpointslices');
    out.push({ name, apiVersion, kind: c.kind, shape: c.shape, path: collectionPath(c, namespace), labelSelector, fieldSelector, primary, lookup, onDemand });
  };
  const types = t.serviceTypeFilter;
  const serviceOn = on.has('service');
  // NodePort services read node addresses (and pods for externalTrafficPolicy Local); headless ones
  // read EndpointSlices and pods. Filtering those types out drops the big caches (ExternalDNS's advice).
  const serviceNeedsNodes = serviceOn && (types.length === 0 || types.includes('NodePort') || types.includes('ClusterIP'));
  const serviceNeedsSlices = serviceOn && (types.length === 0 || types.includes('ClusterIP'));
  if (serviceOn) add('services', C.services, ns, t.labelFilter, true);
  if (on.has('ingress')) add('ingresses', C.ingresses, ns, t.labelFilter, true);
  if (on.has('crd')) add('dnsendpoints', C.dnsendpoints, ns, t.labelFilter, true);
  if (on.has('node') || serviceNeedsNodes) {
    // Shared by both uses: the label filter may only narrow it when no service needs every node.
    add('nodes', C.nodes, '', serviceNeedsNodes ? '' : t.labelFilter, on.has('node'), serviceNeedsNodes ? 'nodes' : undefined);
  }
  if (serviceNeedsNodes) add('pods', C.pods, ns, '', false, 'pods');
  if (serviceNeedsSlices) add('endpointslices', C.endpointslices, ns, '', false, 'endpointslices');
  let gatewaysNeeded = false;
  for (const [source, route] of Object.entries(ROUTES)) {
    if (!on.has(source)) continue;
    const version = source === 'gateway-tlsroute' ? (input.tlsRouteVersion ?? route.version) : route.version;
    add(route.plural, { ...route, version }, ns, t.labelFilter, true);
    gatewaysNeeded = true;
  }
  if (gatewaysNeeded) {
    const byName = t.gatewayName === '' ? '' : `metadata.name=${t.gatewayName}`;
    add('gateways', C.gateways, t.gatewayNamespace, t.gatewayLabelFilter, false, 'gateways', byName);
    add('namespaces', C.namespaces, '', '', false, 'namespaces');
  }
  if (on.has('nginx-virtualserver')) add('virtualservers', C.virtualservers, ns, t.labelFilter, true);
  return out;
}
