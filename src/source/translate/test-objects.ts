/**
 * Builders of Kubernetes objects for the translation tests (plain JSON, as the API or a manifest gives them).
 * @module
 */
import type { Endpoint } from '../../endpoint/index.ts';

type Map = Record<string, string>;

export function loadBalancerService(
  name: string,
  annotations: Map,
  ingress: readonly Readonly<{ ip?: string; hostname?: string }>[] = [{ ip: '198.51.100.1' }],
  namespace = 'default',
): Record<string, unknown> {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace, annotations },
    spec: { type: 'LoadBalancer', clusterIP: '10.0.0.10', ports: [{ port: 80, protocol: 'TCP' }] },
    status: { loadBalancer: { ingress } },
  };
}

export function ingress(
  name: string,
  namespace: string,
  spec: Record<string, unknown>,
  annotations: Map = {},
  lb: readonly Readonly<{ ip?: string; hostname?: string }>[] = [{ ip: '203.0.113.10' }],
): Record<string, unknown> {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: { name, namespace, annotations },
    spec,
    status: { loadBalancer: { ingress: lb } },
  };
}

export function dnsEndpoint(name: string, namespace: string, endpoints: unknown): Record<string, unknown> {
  return { apiVersion: 'externaldns.k8s.io/v1alpha1', kind: 'DNSEndpoint', metadata: { name, namespace }, spec: { endpoints } };
}

export function node(name: string, addresses: Readonly<Record<string, string>>, unschedulable = false): Record<string, unknown> {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name },
    spec: { unschedulable },
    status: { addresses: Object.entries(addresses).map(([address, type]) => ({ type, address })) },
  };
}

/** The fields tests compare, in a compact form. */
export function brief(e: Endpoint): Record<string, unknown> {
  return {
    dnsName: e.dnsName,
    recordType: e.recordType,
    targets: e.targets,
    setIdentifier: e.setIdentifier,
    ttl: e.ttl,
    labels: e.labels,
    providerSpecific: e.providerSpecific,
  };
}
