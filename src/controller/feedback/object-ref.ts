/**
 * From a `resource` label (`service/ns/name`, `crd/ns/name`, `node/name`, ...) to the Kubernetes
 * object it names, so Events and status can be written on it.
 * @module
 */

export type ObjectRef = Readonly<{
  apiVersion: string;
  kind: string;
  /** '' for cluster-scoped objects. */
  namespace: string;
  name: string;
  uid?: string;
}>;

type KindInfo = Readonly<{ apiVersion: string; kind: string; namespaced: boolean }>;

const GATEWAY = 'gateway.networking.k8s.io';

/** The `resourceKind` prefixes the sources write, and the object each names. */
export const RESOURCE_KINDS: Readonly<Record<string, KindInfo>> = {
  service: { apiVersion: 'v1', kind: 'Service', namespaced: true },
  ingress: { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', namespaced: true },
  crd: { apiVersion: 'externaldns.k8s.io/v1alpha1', kind: 'DNSEndpoint', namespaced: true },
  node: { apiVersion: 'v1', kind: 'Node', namespaced: false },
  pod: { apiVersion: 'v1', kind: 'Pod', namespaced: true },
  virtualserver: { apiVersion: 'k8s.nginx.org/v1', kind: 'VirtualServer', namespaced: true },
  gateway: { apiVersion: `${GATEWAY}/v1`, kind: 'Gateway', namespaced: true },
  httproute: { apiVersion: `${GATEWAY}/v1`, kind: 'HTTPRoute', namespaced: true },
  grpcroute: { apiVersion: `${GATEWAY}/v1`, kind: 'GRPCRoute', namespaced: true },
  tlsroute: { apiVersion: `${GATEWAY}/v1alpha2`, kind: 'TLSRoute', namespaced: true },
  tcproute: { apiVersion: `${GATEWAY}/v1alpha2`, kind: 'TCPRoute', namespaced: true },
  udproute: { apiVersion: `${GATEWAY}/v1alpha2`, kind: 'UDPRoute', namespaced: true },
};

/** The object a resource label names, or undefined for labels that name no known object (file paths, foreign owners). */
export function objectRefOf(resource: string): ObjectRef | undefined {
  const parts = resource.split('/');
  const info = RESOURCE_KINDS[parts[0] ?? ''];
  if (info === undefined) return undefined;
  if (info.namespaced) {
    const [, namespace = '', name = ''] = parts;
    if (parts.length !== 3 || namespace === '' || name === '') return undefined;
    return { apiVersion: info.apiVersion, kind: info.kind, namespace, name };
  }
  const [, name = ''] = parts;
  if (parts.length !== 2 || name === '') return undefined;
  return { apiVersion: info.apiVersion, kind: info.kind, namespace: '', name };
}

export function refKey(ref: ObjectRef): string {
  return `${ref.apiVersion}/${ref.kind}/${ref.namespace}/${ref.name}`;
}

export function isDnsEndpoint(ref: ObjectRef): boolean {
  return ref.kind === 'DNSEndpoint' && ref.apiVersion.startsWith('externaldns.k8s.io/');
}
