/**
 * Gateway API matching rules that decide whether a Route attaches to a Gateway listener, following
 * the Gateway API spec as ExternalDNS's gateway source applies it: protocol compatibility,
 * `allowedRoutes` (namespaces Same/All/Selector and kinds) and hostname intersection with wildcards.
 * @module
 */
import { asArray, asString, asStrings, at, isRecord, readMeta, type KubeObject } from './kube.ts';
import type { ClusterView } from './options.ts';

export const GATEWAY_GROUP = 'gateway.networking.k8s.io';

/**
 * The hostname both sides accept, or undefined when they do not intersect. '' on one side means
 * "any" and yields the other; with wildcards (`*.example.com` covers one or more labels) the more
 * specific name wins.
 */
export function intersectHost(listenerHost: string, routeHost: string): string | undefined {
  if (listenerHost === '') return routeHost;
  if (routeHost === '') return listenerHost;
  const a = listenerHost.toLowerCase();
  const b = routeHost.toLowerCase();
  if (a === b) return a;
  const aWild = a.startsWith('*.');
  const bWild = b.startsWith('*.');
  if (aWild && bWild) {
    const [longer, shorter] = a.length >= b.length ? [a, b] : [b, a];
    return longer.slice(1).endsWith(shorter.slice(1)) ? longer : undefined;
  }
  if (aWild) return b.endsWith(a.slice(1)) ? b : undefined;
  if (bWild) return a.endsWith(b.slice(1)) ? a : undefined;
  return undefined;
}

/** Outcome of a Kubernetes LabelSelector (`matchLabels` + `matchExpressions`): true, false, or why it cannot be read. */
export function labelSelectorMatches(selector: unknown, labels: Readonly<Record<string, string>>): boolean | string {
  if (selector === undefined || selector === null) return true;
  if (!isRecord(selector)) return 'the selector must be an object with matchLabels and/or matchExpressions';
  const matchLabels = selector.matchLabels;
  if (matchLabels !== undefined && !isRecord(matchLabels)) return 'matchLabels must be a map of strings';
  for (const [k, v] of Object.entries(matchLabels ?? {})) if (labels[k] !== v) return false;
  for (const expr of asArray(selector.matchExpressions)) {
    const key = asString(at(expr, 'key'));
    const op = asString(at(expr, 'operator'));
    const values = asStrings(at(expr, 'values'));
    if (key === undefined) return 'every matchExpressions entry needs a key';
    const present = Object.hasOwn(labels, key);
    switch (op) {
      case 'In':
        if (!present || !values.includes(labels[key] ?? '')) return false;
        break;
      case 'NotIn':
        if (present && values.includes(labels[key] ?? '')) return false;
        break;
      case 'Exists':
        if (!present) return false;
        break;
      case 'DoesNotExist':
        if (present) return false;
        break;
      default:
        return `operator "${op ?? ''}" of key "${key}" must be In, NotIn, Exists or DoesNotExist`;
    }
  }
  return true;
}

export type RouteKind = Readonly<{
  kind: string;
  /** Listener protocols the route can attach to (TCPRoute also rides on TLS passthrough listeners). */
  protocols: readonly string[];
}>;

export type Admission = Readonly<{ allowed: boolean; problem?: string }>;

/** Whether `listener` of `gateway` admits a route of `route` kind living in `routeNamespace`. */
export function listenerAdmits(
  gateway: KubeObject,
  listener: unknown,
  route: RouteKind,
  routeNamespace: string,
  view: ClusterView,
): Admission {
  const protocol = asString(at(listener, 'protocol')) ?? '';
  if (!route.protocols.includes(protocol)) return { allowed: false };
  const allowed = at(listener, 'allowedRoutes');
  const from = asString(at(allowed, 'namespaces', 'from')) ?? 'Same';
  const gatewayNamespace = readMeta(gateway)?.namespace ?? 'default';
  switch (from) {
    case 'All':
      break;
    case 'Same':
      if (gatewayNamespace !== routeNamespace) return { allowed: false };
      break;
    case 'Selector': {
      const ns = namespacesOf(view).get(routeNamespace);
      if (ns === undefined) return { allowed: false };
      const m = labelSelectorMatches(at(allowed, 'namespaces', 'selector'), readMeta(ns)?.labels ?? {});
      if (typeof m === 'string') return { allowed: false, problem: `allowedRoutes.namespaces.selector: ${m}` };
      if (!m) return { allowed: false };
      break;
    }
    default:
      return { allowed: false, problem: `allowedRoutes.namespaces.from "${from}" must be All, Same or Selector` };
  }
  const kinds = asArray(at(allowed, 'kinds'));
  if (kinds.length === 0) return { allowed: true };
  const ok = kinds.some((k) => (asString(at(k, 'group')) ?? GATEWAY_GROUP) === GATEWAY_GROUP && asString(at(k, 'kind')) === route.kind);
  return { allowed: ok };
}

const namespaceIndex = new WeakMap<ClusterView, ReadonlyMap<string, KubeObject>>();

/** Namespaces of the view by name, built once per view. */
function namespacesOf(view: ClusterView): ReadonlyMap<string, KubeObject> {
  const cached = namespaceIndex.get(view);
  if (cached !== undefined) return cached;
  const map = new Map<string, KubeObject>();
  for (const ns of view.namespaces) {
    const name = asString(at(ns, 'metadata', 'name'));
    if (name !== undefined) map.set(name, ns);
  }
  namespaceIndex.set(view, map);
  return map;
}
