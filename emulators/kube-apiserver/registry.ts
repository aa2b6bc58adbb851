// The resource registry: which group/version/plural exist, their kind, scope and whether they have a
// status subresource. One storage per group+plural; every served version reads and writes the same objects.

export interface ResourceType {
  readonly group: string;
  /** Served versions, preferred first. */
  readonly versions: readonly string[];
  readonly plural: string;
  readonly kind: string;
  readonly namespaced: boolean;
  readonly statusSubresource: boolean;
}

export type ResourceSpec = Omit<ResourceType, 'statusSubresource'> & { readonly statusSubresource?: boolean };

/** Storage key shared by all versions of a resource: `<group>/<plural>` (core group is ''). */
export function resourceKey(group: string, plural: string): string {
  return `${group}/${plural}`;
}

export function apiVersionOf(group: string, version: string): string {
  return group === '' ? version : `${group}/${version}`;
}

const ns = true;
const cluster = false;

export const BUILTIN_RESOURCES: readonly ResourceSpec[] = [
  { group: '', versions: ['v1'], plural: 'services', kind: 'Service', namespaced: ns, statusSubresource: true },
  { group: '', versions: ['v1'], plural: 'pods', kind: 'Pod', namespaced: ns, statusSubresource: true },
  { group: '', versions: ['v1'], plural: 'nodes', kind: 'Node', namespaced: cluster, statusSubresource: true },
  { group: '', versions: ['v1'], plural: 'namespaces', kind: 'Namespace', namespaced: cluster, statusSubresource: true },
  { group: '', versions: ['v1'], plural: 'events', kind: 'Event', namespaced: ns },
  { group: '', versions: ['v1'], plural: 'endpoints', kind: 'Endpoints', namespaced: ns },
  { group: 'discovery.k8s.io', versions: ['v1'], plural: 'endpointslices', kind: 'EndpointSlice', namespaced: ns },
  {
    group: 'networking.k8s.io',
    versions: ['v1'],
    plural: 'ingresses',
    kind: 'Ingress',
    namespaced: ns,
    statusSubresource: true,
  },
  { group: 'coordination.k8s.io', versions: ['v1'], plural: 'leases', kind: 'Lease', namespaced: ns },
  { group: 'events.k8s.io', versions: ['v1'], plural: 'events', kind: 'Event', namespaced: ns },
  {
    group: 'externaldns.k8s.io',
    versions: ['v1alpha1'],
    plural: 'dnsendpoints',
    kind: 'DNSEndpoint',
    namespaced: ns,
    statusSubresource: true,
  },
  ...['gateways:Gateway', 'httproutes:HTTPRoute', 'grpcroutes:GRPCRoute'].map((entry) => gatewayType(entry, ['v1'])),
  gatewayType('tlsroutes:TLSRoute', ['v1alpha2', 'v1']),
  gatewayType('tcproutes:TCPRoute', ['v1alpha2']),
  gatewayType('udproutes:UDPRoute', ['v1alpha2']),
  {
    group: 'k8s.nginx.org',
    versions: ['v1'],
    plural: 'virtualservers',
    kind: 'VirtualServer',
    namespaced: ns,
    statusSubresource: true,
  },
  {
    group: 'apiextensions.k8s.io',
    versions: ['v1'],
    plural: 'customresourcedefinitions',
    kind: 'CustomResourceDefinition',
    namespaced: cluster,
    statusSubresource: true,
  },
];

function gatewayType(entry: string, versions: readonly string[]): ResourceSpec {
  const [plural = '', kind = ''] = entry.split(':');
  return { group: 'gateway.networking.k8s.io', versions, plural, kind, namespaced: ns, statusSubresource: true };
}

export class ResourceRegistry {
  readonly #byKey = new Map<string, ResourceType>();

  constructor(specs: readonly ResourceSpec[] = BUILTIN_RESOURCES) {
    for (const spec of specs) this.register(spec);
  }

  /** Adds or replaces a resource; replacing keeps stored objects (they live in the store by key). */
  register(spec: ResourceSpec): ResourceType {
    if (spec.plural === '' || spec.kind === '' || spec.versions.length === 0) {
      throw new TypeError(`resource ${JSON.stringify(spec)}: plural, kind and at least one version are required`);
    }
    const type: ResourceType = { ...spec, statusSubresource: spec.statusSubresource ?? false };
    this.#byKey.set(resourceKey(type.group, type.plural), type);
    return type;
  }

  unregister(group: string, plural: string): void {
    this.#byKey.delete(resourceKey(group, plural));
  }

  /** The resource served at group/version/plural, or undefined when that version is not served. */
  lookup(group: string, version: string, plural: string): ResourceType | undefined {
    const type = this.#byKey.get(resourceKey(group, plural));
    return type?.versions.includes(version) ? type : undefined;
  }

  /** The resource whose kind is served at `apiVersion` (for programmatic access from tests). */
  byKind(apiVersion: string, kind: string): ResourceType | undefined {
    const slash = apiVersion.lastIndexOf('/');
    const group = slash < 0 ? '' : apiVersion.slice(0, slash);
    const version = apiVersion.slice(slash + 1);
    return this.all().find((type) => type.group === group && type.kind === kind && type.versions.includes(version));
  }

  byKey(key: string): ResourceType | undefined {
    return this.#byKey.get(key);
  }

  all(): readonly ResourceType[] {
    return [...this.#byKey.values()];
  }
}
