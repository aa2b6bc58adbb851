// Discovery documents (/api, /apis, /apis/<group>, /api/v1, /apis/<group>/<version>) built from the
// registry, enough for client-node's KubernetesObjectApi and kubectl-style resource lookups.

import { apiVersionOf } from './registry.ts';
import type { ResourceRegistry, ResourceType } from './registry.ts';

const VERBS = ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'];

export function coreVersions(): unknown {
  return {
    kind: 'APIVersions',
    versions: ['v1'],
    serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: '127.0.0.1' }],
  };
}

function groupEntry(group: string, types: readonly ResourceType[]): unknown {
  const versions = [...new Set(types.flatMap((type) => type.versions))].map((version) => ({
    groupVersion: apiVersionOf(group, version),
    version,
  }));
  const preferred = types[0]?.versions[0] ?? '';
  return { name: group, versions, preferredVersion: { groupVersion: apiVersionOf(group, preferred), version: preferred } };
}

function byGroup(registry: ResourceRegistry): Map<string, ResourceType[]> {
  const groups = new Map<string, ResourceType[]>();
  for (const type of registry.all()) {
    if (type.group === '') continue;
    groups.set(type.group, [...(groups.get(type.group) ?? []), type]);
  }
  return groups;
}

export function groupList(registry: ResourceRegistry): unknown {
  const groups = [...byGroup(registry).entries()].map(([group, types]) => groupEntry(group, types));
  return { kind: 'APIGroupList', apiVersion: 'v1', groups };
}

export function group(registry: ResourceRegistry, name: string): unknown {
  const types = byGroup(registry).get(name);
  if (types === undefined) return undefined;
  return { kind: 'APIGroup', apiVersion: 'v1', ...(groupEntry(name, types) as object) };
}

export function resourceList(registry: ResourceRegistry, groupName: string, version: string): unknown {
  const types = registry.all().filter((type) => type.group === groupName && type.versions.includes(version));
  if (types.length === 0) return undefined;
  const resources = types.flatMap((type) => {
    const main = {
      name: type.plural,
      singularName: type.kind.toLowerCase(),
      namespaced: type.namespaced,
      kind: type.kind,
      verbs: VERBS,
    };
    if (!type.statusSubresource) return [main];
    const status = { ...main, name: `${type.plural}/status`, singularName: '', verbs: ['get', 'patch', 'update'] };
    return [main, status];
  });
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: apiVersionOf(groupName, version), resources };
}
