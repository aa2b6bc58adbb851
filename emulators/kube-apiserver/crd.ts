// CustomResourceDefinitions: admission rules a real API server enforces, and the hook that makes a
// stored CRD register (or unregister) its resource so it is served at once.

import { invalid } from './errors.ts';
import { isPlainObject } from './object.ts';
import type { KubeObject } from './object.ts';
import type { ResourceRegistry, ResourceSpec, ResourceType } from './registry.ts';
import type { StoreHooks } from './store.ts';

const CRD_GROUP = 'apiextensions.k8s.io';
const CRD_KIND = 'CustomResourceDefinition';
export const APPROVAL_ANNOTATION = 'api-approved.kubernetes.io';

function isCrd(type: ResourceType): boolean {
  return type.group === CRD_GROUP && type.plural === 'customresourcedefinitions';
}

/** Groups reserved for Kubernetes projects: `k8s.io`, `kubernetes.io` and their subdomains. */
export function isProtectedGroup(group: string): boolean {
  return ['k8s.io', 'kubernetes.io'].some((suffix) => group === suffix || group.endsWith(`.${suffix}`));
}

function str(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** Validates a CRD and derives the resource it defines; throws 422 Invalid naming each bad field. */
export function crdResource(crd: KubeObject): ResourceSpec {
  const name = crd.metadata.name ?? '';
  const spec = isPlainObject(crd['spec']) ? crd['spec'] : {};
  const names = isPlainObject(spec['names']) ? spec['names'] : {};
  const group = str(spec['group']);
  const plural = str(names['plural']);
  const kind = str(names['kind']);
  const scope = str(spec['scope']);
  const versions = Array.isArray(spec['versions']) ? spec['versions'].filter(isPlainObject) : [];
  const served = versions.filter((version) => version['served'] !== false);
  const causes: string[] = [];
  if (group === '') causes.push('spec.group: Required value');
  if (plural === '') causes.push('spec.names.plural: Required value');
  if (kind === '') causes.push('spec.names.kind: Required value');
  if (scope !== 'Namespaced' && scope !== 'Cluster') {
    causes.push(`spec.scope: Unsupported value: "${scope}": supported values: "Cluster", "Namespaced"`);
  }
  if (served.length === 0) causes.push('spec.versions: Invalid value: must have at least one served version');
  if (plural !== '' && group !== '' && name !== `${plural}.${group}`) {
    causes.push(`metadata.name: Invalid value: "${name}": must be spec.names.plural+"."+spec.group`);
  }
  const approval = crd.metadata.annotations?.[APPROVAL_ANNOTATION];
  if (isProtectedGroup(group) && (approval === undefined || approval === '')) {
    causes.push(
      `metadata.annotations[${APPROVAL_ANNOTATION}]: Required value: protected groups must have approval annotation ` +
        `"${APPROVAL_ANNOTATION}", see https://github.com/kubernetes/enhancements/pull/1111`,
    );
  }
  if (causes.length > 0) throw invalid(CRD_KIND, CRD_GROUP, name, causes);
  const storage = served.find((version) => version['storage'] === true) ?? served[0];
  const ordered = [storage, ...served.filter((version) => version !== storage)];
  return {
    group,
    plural,
    kind,
    namespaced: scope === 'Namespaced',
    versions: ordered.map((version) => str(version?.['name'])).filter((version) => version !== ''),
    statusSubresource: served.some(
      (version) => isPlainObject(version['subresources']) && version['subresources']['status'] !== undefined,
    ),
  };
}

/** Store hooks wiring CRDs to the registry. */
export function crdHooks(registry: ResourceRegistry): StoreHooks {
  return {
    validate(type, next) {
      if (isCrd(type)) crdResource(next);
    },
    committed(type, event, store) {
      if (!isCrd(type)) return;
      const spec = crdResource(event.object);
      if (event.type === 'DELETED') {
        const served = registry.lookup(spec.group, spec.versions[0] ?? '', spec.plural);
        if (served !== undefined) {
          store.purge(served);
          registry.unregister(spec.group, spec.plural);
        }
        return;
      }
      registry.register(spec);
    },
  };
}
