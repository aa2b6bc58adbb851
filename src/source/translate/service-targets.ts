/**
 * Service targets that come from other objects: node addresses for NodePort services and
 * EndpointSlice/pod addresses for headless services, following ExternalDNS's service source.
 * @module
 */
import { collectDnsAnnotations } from './annotation-keys.ts';
import { splitList, targetProblem } from './annotations.ts';
import { asArray, asString, asStringMap, asStrings, at, readMeta, selectorMatches, type KubeObject } from './kube.ts';
import type { ClusterView, TranslateOptions } from './options.ts';
import { indexOf } from './view-index.ts';

/** Addresses of one type (`ExternalIP`, `InternalIP`) in a node's status. */
export function nodeAddresses(node: unknown, type: string): string[] {
  return asArray(at(node, 'status', 'addresses'))
    .filter((a) => asString(at(a, 'type')) === type)
    .map((a) => asString(at(a, 'address')) ?? '')
    .filter((a) => a !== '' && targetProblem(a) === undefined);
}

/**
 * NodePort targets: the addresses of all schedulable nodes, or of the nodes running the service's
 * pods when `externalTrafficPolicy: Local`. `access` picks External or Internal IPs; without it,
 * ExternalIPs are used when any node has one.
 */
export function nodePortTargets(
  service: KubeObject,
  namespace: string,
  access: 'public' | 'private' | undefined,
  view: ClusterView,
  options: TranslateOptions,
): string[] {
  let nodes = view.nodes;
  if (asString(at(service, 'spec', 'externalTrafficPolicy')) === 'Local') {
    const names = nodesRunningPods(service, namespace, view);
    nodes = nodes.filter((n) => names.has(asString(at(n, 'metadata', 'name')) ?? ''));
  }
  if (options.excludeUnschedulable) nodes = nodes.filter((n) => at(n, 'spec', 'unschedulable') !== true);
  const external = nodes.flatMap((n) => nodeAddresses(n, 'ExternalIP'));
  const internal = nodes.flatMap((n) => nodeAddresses(n, 'InternalIP'));
  if (access === 'public') return external;
  if (access === 'private') return internal;
  return external.length > 0 ? external : internal;
}

/** Node names of the service's pods, best tier only: ready > ready but terminating > running. */
function nodesRunningPods(service: KubeObject, namespace: string, view: ClusterView): Set<string> {
  const selector = asStringMap(at(service, 'spec', 'selector'));
  const tiers: [Set<string>, Set<string>, Set<string>] = [new Set(), new Set(), new Set()];
  for (const pod of indexOf(view).podsByNamespace.get(namespace) ?? []) {
    const meta = readMeta(pod);
    const node = asString(at(pod, 'spec', 'nodeName'));
    if (meta === undefined || node === undefined || !selectorMatches(selector, meta.labels)) continue;
    const ready = asArray(at(pod, 'status', 'conditions')).some(
      (c) => asString(at(c, 'type')) === 'Ready' && asString(at(c, 'status')) === 'True',
    );
    const terminating = at(pod, 'metadata', 'deletionTimestamp') !== undefined;
    if (ready && !terminating) tiers[0].add(node);
    else if (ready) tiers[1].add(node);
    else if (asString(at(pod, 'status', 'phase')) === 'Running') tiers[2].add(node);
  }
  return tiers.find((t) => t.size > 0) ?? new Set();
}

export type HeadlessTargets = Readonly<{
  /** Targets of the service's own name. */
  all: readonly string[];
  /** Targets per `pod.spec.hostname` (records `<podHostname>.<serviceHostname>`). */
  byPodHostname: ReadonlyMap<string, readonly string[]>;
}>;

/** Headless service targets from its EndpointSlices and the pods they reference. */
export function headlessTargets(
  service: KubeObject,
  name: string,
  namespace: string,
  endpointsType: string | undefined,
  view: ClusterView,
  options: TranslateOptions,
): HeadlessTargets {
  const selector = asStringMap(at(service, 'spec', 'selector'));
  const publishNotReady = at(service, 'spec', 'publishNotReadyAddresses') === true || options.alwaysPublishNotReadyAddresses;
  const all: string[] = [];
  const byPodHostname = new Map<string, string[]>();
  const index = indexOf(view);
  for (const slice of index.slicesByService.get(`${namespace}/${name}`) ?? []) {
    for (const ep of asArray(at(slice, 'endpoints'))) {
      if (at(ep, 'conditions', 'ready') === false && !publishNotReady) continue;
      const ref = at(ep, 'targetRef');
      if (asString(at(ref, 'kind')) !== 'Pod') continue;
      const pod = index.pods.get(`${asString(at(ref, 'namespace')) ?? namespace}/${asString(at(ref, 'name')) ?? ''}`);
      if (pod === undefined) continue;
      const podMeta = readMeta(pod);
      if (podMeta === undefined || !selectorMatches(selector, podMeta.labels)) continue;
      const targets = podTargets(pod, podMeta.annotations, asStrings(at(ep, 'addresses')), endpointsType, view);
      all.push(...targets);
      const podHostname = asString(at(pod, 'spec', 'hostname'));
      if (podHostname !== undefined && podHostname !== '') {
        byPodHostname.set(podHostname, [...(byPodHostname.get(podHostname) ?? []), ...targets]);
      }
    }
  }
  return { all, byPodHostname };
}

/** Per pod: its `target` annotation > endpoints-type NodeExternalIP > HostIP > first EndpointSlice address. */
function podTargets(
  pod: KubeObject,
  annotations: Readonly<Record<string, string>>,
  addresses: readonly string[],
  endpointsType: string | undefined,
  view: ClusterView,
): string[] {
  const target = collectDnsAnnotations(annotations, '', []).get('target');
  if (target !== undefined) {
    const valid = splitList(target.value).filter((t) => targetProblem(t) === undefined);
    if (valid.length > 0) return valid;
  }
  if (endpointsType === 'NodeExternalIP') {
    const nodeName = asString(at(pod, 'spec', 'nodeName'));
    const node = nodeName === undefined ? undefined : indexOf(view).nodes.get(nodeName);
    return node === undefined ? [] : nodeAddresses(node, 'ExternalIP');
  }
  if (endpointsType === 'HostIP') {
    const hostIP = asString(at(pod, 'status', 'hostIP'));
    return hostIP === undefined || hostIP === '' ? [] : [hostIP];
  }
  const first = addresses[0];
  return first === undefined || targetProblem(first) !== undefined ? [] : [first];
}
