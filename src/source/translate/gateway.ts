/**
 * Gateway API routes (HTTPRoute, GRPCRoute, TLSRoute, TCPRoute, UDPRoute) → endpoints, as
 * ExternalDNS's gateway-* sources: route hostnames (spec, `hostname` annotation, template) are
 * resolved through every parent Gateway that accepted the route, per matching listener; targets come
 * from the Gateway (`target` annotation, else `status.addresses`). Other annotations are the Route's.
 * @module
 */
import type { Endpoint, Problem } from '../../endpoint/index.ts';
import { collectDnsAnnotations, makeProblem } from './annotation-keys.ts';
import { splitList, targetProblem } from './annotations.ts';
import { commonOf, endpointsForHostname, specName, templateNames, type ObjectInput, type ObjectOutput, type TranslateContext, type Translator } from './build.ts';
import { GATEWAY_GROUP, intersectHost, listenerAdmits, type RouteKind } from './gateway-match.ts';
import { asArray, asNumber, asString, at, readMeta, type KubeObject } from './kube.ts';
import { GATEWAY_API_VERSIONS, type ClusterView, type TranslateOptions } from './options.ts';
import { parseSelector } from './selectors.ts';

const V1 = `${GATEWAY_GROUP}/v1`;
const V1BETA1 = `${GATEWAY_GROUP}/v1beta1`;
const V1ALPHA2 = `${GATEWAY_GROUP}/v1alpha2`;

function routeTranslator(kind: string, apiVersions: readonly string[], protocols: readonly string[]): Translator {
  const route: RouteKind = { kind, protocols };
  return { apiVersions, kind, resourceKind: kind.toLowerCase(), translate: (input, ctx) => translateRoute(route, input, ctx) };
}

export const httpRouteTranslator = routeTranslator('HTTPRoute', [V1, V1BETA1], ['HTTP', 'HTTPS']);
export const grpcRouteTranslator = routeTranslator('GRPCRoute', [V1, V1ALPHA2], ['HTTP', 'HTTPS']);
export const tlsRouteTranslator = routeTranslator('TLSRoute', [V1, V1ALPHA2], ['TLS']);
export const tcpRouteTranslator = routeTranslator('TCPRoute', [V1ALPHA2], ['TCP', 'TLS']);
export const udpRouteTranslator = routeTranslator('UDPRoute', [V1ALPHA2], ['UDP']);

export const GATEWAY_ROUTE_TRANSLATORS: readonly Translator[] = [
  httpRouteTranslator,
  grpcRouteTranslator,
  tlsRouteTranslator,
  tcpRouteTranslator,
  udpRouteTranslator,
];

type ParentRef = Readonly<{ group: string; kind: string; namespace: string; name: string; sectionName: string; port: number }>;

function readRef(ref: unknown, routeNamespace: string): ParentRef {
  return {
    group: asString(at(ref, 'group')) ?? GATEWAY_GROUP,
    kind: asString(at(ref, 'kind')) ?? 'Gateway',
    namespace: asString(at(ref, 'namespace')) ?? routeNamespace,
    name: asString(at(ref, 'name')) ?? '',
    sectionName: asString(at(ref, 'sectionName')) ?? '',
    port: asNumber(at(ref, 'port')) ?? 0,
  };
}

function translateRoute(route: RouteKind, input: ObjectInput, ctx: TranslateContext): ObjectOutput {
  const problems: Problem[] = [];
  const { object, meta, resource } = input;
  const hosts = routeHostnames(input, ctx, problems);
  const gateways = gatewaysOf(ctx.view, ctx.options);
  const specRefs = asArray(at(object, 'spec', 'parentRefs')).map((r) => readRef(r, meta.namespace));
  const hostTargets = new Map<string, Set<string>>();
  for (const status of asArray(at(object, 'status', 'parents'))) {
    const ref = readRef(at(status, 'parentRef'), meta.namespace);
    // Only parents the route asked for: a controller's stale status entry must not publish anything.
    if (!specRefs.some((r) => r.group === ref.group && r.kind === ref.kind && r.namespace === ref.namespace && r.name === ref.name)) continue;
    if (ref.group !== GATEWAY_GROUP || ref.kind !== 'Gateway') continue;
    const gateway = gateways.get(`${ref.namespace}/${ref.name}`);
    if (gateway === undefined || !accepted(status)) continue;
    const gatewayResource = `gateway/${ref.namespace}/${ref.name}`;
    const targets = gatewayTargets(gateway, gatewayResource, resource, problems);
    asArray(at(gateway, 'spec', 'listeners')).forEach((listener, i) => {
      const name = asString(at(listener, 'name')) ?? '';
      if (ref.sectionName !== '' && ref.sectionName !== name) return;
      if (ref.port !== 0 && ref.port !== asNumber(at(listener, 'port'))) return;
      const admission = listenerAdmits(gateway, listener, route, meta.namespace, ctx.view);
      if (admission.problem !== undefined) {
        problems.push(makeProblem(resource, `${gatewayResource} spec.listeners[${i}].allowedRoutes`, name, `the parent Gateway's listener "${name}" cannot be read: ${admission.problem}; fix the Gateway`, 'warning'));
      }
      if (!admission.allowed) return;
      const listenerHost = asString(at(listener, 'hostname')) ?? '';
      for (const routeHost of hosts) {
        if (listenerHost === '' && routeHost === '') continue;
        const host = intersectHost(listenerHost, routeHost);
        if (host === undefined) continue;
        const set = hostTargets.get(host) ?? new Set<string>();
        for (const t of targets) set.add(t);
        hostTargets.set(host, set);
      }
    });
  }
  const common = commonOf(input);
  const endpoints: Endpoint[] = [];
  for (const [host, targets] of hostTargets) {
    const name = specName(host, resource, 'spec.hostnames (resolved through the Gateway listener)', problems);
    if (name !== undefined) endpoints.push(...endpointsForHostname(name, [...targets], common));
  }
  return { endpoints, problems };
}

/** Hostnames of the route; '' stands for "the listener's hostname" when the route names none. */
function routeHostnames(input: ObjectInput, ctx: TranslateContext, problems: Problem[]): string[] {
  const { object, meta, resource, annotations } = input;
  const source = collectDnsAnnotations(meta.annotations, resource, []).get('gateway-hostname-source');
  if (source !== undefined && source.value !== 'defined-hosts-only' && source.value !== 'annotation-only') {
    problems.push(makeProblem(resource, source.key, source.value, 'must be "defined-hosts-only" or "annotation-only"; names from both the spec and the annotation are used', 'warning'));
  }
  const names: string[] = [];
  if (source?.value !== 'annotation-only') {
    const raw = at(object, 'spec', 'hostnames');
    if (raw !== undefined && !Array.isArray(raw)) {
      problems.push(makeProblem(resource, 'spec.hostnames', JSON.stringify(raw) ?? '', 'spec.hostnames must be a list of host names', 'error'));
    }
    asArray(raw).forEach((h, i) => {
      if (typeof h !== 'string' || h === '') {
        problems.push(makeProblem(resource, `spec.hostnames[${i}]`, JSON.stringify(h) ?? '', 'each hostname must be a non-empty string', 'error'));
        return;
      }
      const n = specName(h, resource, `spec.hostnames[${i}]`, problems);
      if (n !== undefined) names.push(n);
    });
  }
  if (source?.value !== 'defined-hosts-only' && !ctx.options.ignoreHostnameAnnotation) names.push(...annotations.hostnames);
  if (ctx.template !== undefined && (names.length === 0 || ctx.options.combineFqdnAnnotation)) names.push(...templateNames(input, ctx, problems));
  if (names.length === 0) names.push('');
  return [...new Set(names)];
}

function accepted(parentStatus: unknown): boolean {
  return asArray(at(parentStatus, 'conditions')).some((c) => asString(at(c, 'type')) === 'Accepted' && asString(at(c, 'status')) === 'True');
}

/** The Gateway's `target` annotation, else its `status.addresses[].value`. */
function gatewayTargets(gateway: KubeObject, gatewayResource: string, routeResource: string, problems: Problem[]): string[] {
  const annotation = collectDnsAnnotations(readMeta(gateway)?.annotations ?? {}, gatewayResource, []).get('target');
  const bad = (field: string, value: string, reason: string): void => {
    problems.push(makeProblem(routeResource, `${gatewayResource} ${field}`, value, `the parent Gateway's target ${reason}; fix the Gateway`, 'error'));
  };
  if (annotation !== undefined) {
    const targets = splitList(annotation.value);
    for (const t of targets) {
      const reason = targetProblem(t);
      if (reason !== undefined) bad(annotation.key, t, reason);
    }
    if (targets.length > 0) return targets.filter((t) => targetProblem(t) === undefined);
  }
  const out: string[] = [];
  asArray(at(gateway, 'status', 'addresses')).forEach((a, i) => {
    const value = (asString(at(a, 'value')) ?? '').replace(/\.+$/, '');
    if (value === '') return;
    const reason = targetProblem(value);
    if (reason === undefined) out.push(value);
    else bad(`status.addresses[${i}].value`, value, reason);
  });
  return out;
}

type GatewayIndex = Readonly<{ key: string; gateways: ReadonlyMap<string, KubeObject> }>;
const gatewayIndex = new WeakMap<ClusterView, GatewayIndex>();

/** Gateways of the view that pass --gateway-name/--gateway-namespace/--gateway-label-filter, by `ns/name`. */
function gatewaysOf(view: ClusterView, options: TranslateOptions): ReadonlyMap<string, KubeObject> {
  const key = `${options.gatewayName}\n${options.gatewayNamespace}\n${options.gatewayLabelFilter}`;
  const cached = gatewayIndex.get(view);
  if (cached?.key === key) return cached.gateways;
  const selector = parseSelector(options.gatewayLabelFilter);
  if (!selector.ok) throw new Error(`--gateway-label-filter: ${selector.error}`);
  const gateways = new Map<string, KubeObject>();
  for (const gw of view.gateways) {
    const meta = readMeta(gw);
    if (meta === undefined || !GATEWAY_API_VERSIONS.includes(meta.apiVersion)) continue;
    if (options.gatewayName !== '' && meta.name !== options.gatewayName) continue;
    if (options.gatewayNamespace !== '' && meta.namespace !== options.gatewayNamespace) continue;
    if (!selector.selector.matches(meta.labels)) continue;
    gateways.set(`${meta.namespace}/${meta.name}`, gw);
  }
  gatewayIndex.set(view, { key, gateways });
  return gateways;
}
