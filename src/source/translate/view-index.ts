/**
 * Lookup tables over a ClusterView, built once per view (cached by identity), so that translating
 * many services against a large cluster stays linear instead of scanning every pod per endpoint.
 * @module
 */
import { asString, at, readMeta, type KubeObject } from './kube.ts';
import type { ClusterView } from './options.ts';

const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';

export type ViewIndex = Readonly<{
  /** Pod by `namespace/name`. */
  pods: ReadonlyMap<string, KubeObject>;
  /** Pods by namespace. */
  podsByNamespace: ReadonlyMap<string, readonly KubeObject[]>;
  /** EndpointSlices by `namespace/serviceName`. */
  slicesByService: ReadonlyMap<string, readonly KubeObject[]>;
  nodes: ReadonlyMap<string, KubeObject>;
}>;

const cache = new WeakMap<ClusterView, ViewIndex>();

export function indexOf(view: ClusterView): ViewIndex {
  const cached = cache.get(view);
  if (cached !== undefined) return cached;
  const pods = new Map<string, KubeObject>();
  const podsByNamespace = new Map<string, KubeObject[]>();
  for (const pod of view.pods) {
    const m = readMeta(pod);
    if (m === undefined) continue;
    pods.set(`${m.namespace}/${m.name}`, pod);
    pushTo(podsByNamespace, m.namespace, pod);
  }
  const slicesByService = new Map<string, KubeObject[]>();
  for (const slice of view.endpointSlices) {
    const m = readMeta(slice);
    const service = m?.labels[SERVICE_NAME_LABEL];
    if (m === undefined || service === undefined) continue;
    const key = `${m.namespace}/${service}`;
    pushTo(slicesByService, key, slice);
  }
  const nodes = new Map<string, KubeObject>();
  for (const node of view.nodes) {
    const name = asString(at(node, 'metadata', 'name'));
    if (name !== undefined) nodes.set(name, node);
  }
  const index = { pods, podsByNamespace, slicesByService, nodes };
  cache.set(view, index);
  return index;
}

function pushTo<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}
