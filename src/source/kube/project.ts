/**
 * Cached objects are cut down to the fields translation reads before they are stored, because the
 * informer caches dominate memory at scale (ExternalDNS's pod cache is the usual OOM). Each kind has
 * a shape: `true` keeps a value whole, an object keeps those keys, `[shape]` maps a list.
 * @module
 */
import { ALPHA_ANNOTATION_PREFIX, ANNOTATION_PREFIX } from '../translate/index.ts';

export type Shape = true | { readonly [key: string]: Shape } | readonly [Shape];

export type PlainObject = Record<string, unknown>;

const LB_STATUS: Shape = { loadBalancer: { ingress: [{ ip: true, hostname: true }] } };

/** Shapes of `spec` and `status` per kind (metadata is handled separately). */
export const SHAPES: Readonly<Record<string, Readonly<{ spec?: Shape; status?: Shape; top?: Shape }>>> = {
  Service: {
    spec: {
      type: true,
      clusterIP: true,
      externalIPs: true,
      externalName: true,
      ports: [{ name: true, port: true, nodePort: true, protocol: true }],
      selector: true,
      externalTrafficPolicy: true,
      publishNotReadyAddresses: true,
    },
    status: LB_STATUS,
  },
  Ingress: { spec: { ingressClassName: true, rules: [{ host: true }], tls: [{ hosts: true }] }, status: LB_STATUS },
  Node: { spec: { unschedulable: true }, status: { addresses: true } },
  Pod: {
    spec: { nodeName: true, hostname: true, hostNetwork: true },
    status: { phase: true, hostIP: true, podIP: true, podIPs: true, conditions: [{ type: true, status: true }] },
  },
  // EndpointSlices keep their data at the top level, not under spec.
  EndpointSlice: { top: { addressType: true, endpoints: [{ addresses: true, conditions: { ready: true }, targetRef: { kind: true, name: true, namespace: true } }] } },
  DNSEndpoint: { spec: { endpoints: true } },
  Namespace: {},
  Gateway: {
    spec: { listeners: [{ name: true, hostname: true, port: true, protocol: true, allowedRoutes: true }] },
    status: { addresses: [{ type: true, value: true }] },
  },
  Route: {
    spec: { hostnames: true, parentRefs: true },
    status: { parents: [{ parentRef: true, conditions: [{ type: true, status: true }] }] },
  },
  VirtualServer: { spec: { host: true }, status: { externalEndpoints: [{ ip: true, hostname: true }] } },
};

function isPlain(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The parts of `value` that `shape` names; undefined when nothing is left. */
export function pick(value: unknown, shape: Shape): unknown {
  if (shape === true) return value;
  if (Array.isArray(shape)) {
    if (!Array.isArray(value)) return undefined;
    const item = (shape as readonly [Shape])[0];
    return (value as readonly unknown[]).map((v) => pick(v, item));
  }
  if (!isPlain(value)) return undefined;
  const out: PlainObject = {};
  for (const [key, sub] of Object.entries(shape as Readonly<Record<string, Shape>>)) {
    if (!Object.hasOwn(value, key)) continue;
    const picked = pick(value[key], sub);
    if (picked !== undefined) out[key] = picked;
  }
  return out;
}

/**
 * Which annotations to keep: ours and the legacy ingress class; all but bulky ones when
 * `--annotation-filter` is set or `--fqdn-template` reads `.Annotations` (both may name any key).
 */
export function annotationKeeper(annotationFilter: string, fqdnTemplate = ''): (key: string) => boolean {
  if (annotationFilter.trim() !== '' || fqdnTemplate.includes('Annotations')) return (key) => key !== 'kubectl.kubernetes.io/last-applied-configuration';
  return (key) => key.startsWith(ANNOTATION_PREFIX) || key.startsWith(ALPHA_ANNOTATION_PREFIX) || key === 'kubernetes.io/ingress.class';
}

/**
 * A minimal plain copy of `raw` for the cache: identity (with the given apiVersion/kind, because
 * list items carry none), name, namespace, uid, resourceVersion, labels, kept annotations and the
 * kind's shape. Returns undefined for something without metadata.name.
 */
export function project(raw: unknown, apiVersion: string, kind: string, shapeName: string, keepAnnotation: (key: string) => boolean): PlainObject | undefined {
  if (!isPlain(raw) || !isPlain(raw.metadata)) return undefined;
  const meta = raw.metadata;
  if (typeof meta.name !== 'string') return undefined;
  const metadata: PlainObject = { name: meta.name, resourceVersion: meta.resourceVersion, uid: meta.uid };
  if (typeof meta.namespace === 'string') metadata.namespace = meta.namespace;
  if (isPlain(meta.labels)) metadata.labels = meta.labels;
  if (isPlain(meta.annotations)) {
    const kept: PlainObject = {};
    for (const [k, v] of Object.entries(meta.annotations)) if (keepAnnotation(k)) kept[k] = v;
    metadata.annotations = kept;
  }
  // Translation only asks whether a pod is terminating; the time itself is not needed.
  if (meta.deletionTimestamp !== undefined && meta.deletionTimestamp !== null) {
    metadata.deletionTimestamp = typeof meta.deletionTimestamp === 'string' ? meta.deletionTimestamp : 'set';
  }
  const out: PlainObject = { apiVersion, kind, metadata };
  const shape = SHAPES[shapeName] ?? {};
  if (shape.spec !== undefined && raw.spec !== undefined) out.spec = pick(raw.spec, shape.spec);
  if (shape.status !== undefined && raw.status !== undefined) out.status = pick(raw.status, shape.status);
  if (shape.top !== undefined) Object.assign(out, pick(raw, shape.top));
  return out;
}
