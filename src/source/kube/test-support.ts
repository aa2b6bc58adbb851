/**
 * Shared helpers of the kube tests: polling with a deadline, fast informer tuning, object builders.
 * @module
 */
import type { KubeStoreHandle } from '../../../emulators/kube-apiserver/index.ts';
import type { InformerTuning } from './informer.ts';

export async function waitFor(what: string, predicate: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Fast restarts and a short watchdog, so fault tests finish in well under a second each. */
export const FAST_TUNING: InformerTuning = {
  backoffInitialMs: 20,
  backoffMaxMs: 200,
  watchdogMs: 3000,
  watchInactivityMs: 10_000,
  watchTimeoutSeconds: 60,
  pageSize: 2,
  random: () => 0.5,
};

export function lbService(namespace: string, name: string, hostname: string, ip: string, extra: { labels?: Record<string, string>; annotations?: Record<string, string> } = {}) {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {
      name,
      namespace,
      labels: extra.labels ?? {},
      annotations: { 'external-dns.kubernetes.io/hostname': hostname, ...extra.annotations },
    },
    spec: { type: 'LoadBalancer', clusterIP: '10.0.0.1', ports: [{ port: 80, protocol: 'TCP' }] },
    status: { loadBalancer: { ingress: [{ ip }] } },
  };
}

/** Writes a Service's load balancer status through the status subresource (main writes keep .status). */
export function setLoadBalancer(store: KubeStoreHandle, namespace: string, name: string, ingress: readonly Readonly<Record<string, string>>[]): void {
  const current = store.get({ apiVersion: 'v1', kind: 'Service', namespace, name });
  if (current === undefined) throw new Error(`service ${namespace}/${name} does not exist`);
  store.updateStatus({ ...current, apiVersion: 'v1', kind: 'Service', metadata: current.metadata, status: { loadBalancer: { ingress } } });
}
