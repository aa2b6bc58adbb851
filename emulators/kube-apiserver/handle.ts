// The programmatic store handle tests use for setup and assertions: objects are addressed by
// apiVersion + kind (+ namespace, name) instead of URLs, and writes go through the same rules as HTTP.

import { ApiError } from './errors.ts';
import type { KubeObject } from './object.ts';
import { MERGE_PATCH } from './patch.ts';
import type { ResourceRegistry, ResourceSpec, ResourceType } from './registry.ts';
import { both, parseFieldSelector, parseLabelSelector } from './selectors.ts';
import type { ObjectStore } from './store.ts';

export interface ObjectRef {
  readonly apiVersion: string;
  readonly kind: string;
  readonly namespace?: string;
  readonly name: string;
}

export interface ListFilter {
  readonly namespace?: string;
  readonly labelSelector?: string;
  readonly fieldSelector?: string;
}

/** A partial object for writes: apiVersion, kind and metadata.name are what the handle needs. */
export type ObjectInput = Readonly<{ apiVersion: string; kind: string; metadata: KubeObject['metadata'] }> & Record<string, unknown>;

export interface KubeStoreHandle {
  /** Creates an object; unlike an HTTP create, a given .status is kept (test setup). */
  create(obj: ObjectInput): KubeObject;
  /** PUT semantics: stale metadata.resourceVersion → 409; .status is ignored for status-subresource kinds. */
  update(obj: ObjectInput): KubeObject;
  /** PUT to /status: only .status changes. */
  updateStatus(obj: ObjectInput): KubeObject;
  patch(ref: ObjectRef, patch: unknown, contentType?: string): KubeObject;
  delete(ref: ObjectRef): KubeObject;
  /** The object, or undefined when absent (tests usually assert absence). */
  get(ref: ObjectRef): KubeObject | undefined;
  list(apiVersion: string, kind: string, filter?: ListFilter): KubeObject[];
  /** The current global resourceVersion. */
  resourceVersion(): string;
  /** Serves an extra resource (without a CRD object). */
  register(spec: ResourceSpec): ResourceType;
}

export function createStoreHandle(registry: ResourceRegistry, store: ObjectStore): KubeStoreHandle {
  const typeOf = (apiVersion: string, kind: string): ResourceType => {
    const type = registry.byKind(apiVersion, kind);
    if (type === undefined) {
      throw new ApiError(404, 'NotFound', `no resource for kind "${kind}" at apiVersion "${apiVersion}": register it or create its CRD first`);
    }
    return type;
  };
  const present = (obj: KubeObject, apiVersion: string): KubeObject => ({ ...obj, apiVersion });
  const writeTarget = (obj: ObjectInput): { type: ResourceType; name: string } => ({
    type: typeOf(obj.apiVersion, obj.kind),
    name: obj.metadata.name ?? '',
  });
  return {
    create: (obj) => present(store.create(typeOf(obj.apiVersion, obj.kind), obj.metadata.namespace, obj, true), obj.apiVersion),
    update: (obj) => {
      const { type, name } = writeTarget(obj);
      return present(store.update(type, obj.metadata.namespace, name, obj), obj.apiVersion);
    },
    updateStatus: (obj) => {
      const { type, name } = writeTarget(obj);
      return present(store.update(type, obj.metadata.namespace, name, obj, 'status'), obj.apiVersion);
    },
    patch: (ref, patch, contentType = MERGE_PATCH) =>
      present(store.patch(typeOf(ref.apiVersion, ref.kind), ref.namespace, ref.name, contentType, patch), ref.apiVersion),
    delete: (ref) => present(store.delete(typeOf(ref.apiVersion, ref.kind), ref.namespace, ref.name), ref.apiVersion),
    get: (ref) => {
      const type = typeOf(ref.apiVersion, ref.kind);
      try {
        return present(store.get(type, ref.namespace, ref.name), ref.apiVersion);
      } catch (error) {
        if (error instanceof ApiError && error.code === 404) return undefined;
        throw error;
      }
    },
    list: (apiVersion, kind, filter = {}) => {
      const selector = both(parseLabelSelector(filter.labelSelector), parseFieldSelector(filter.fieldSelector));
      const type = typeOf(apiVersion, kind);
      return store.list(type, { namespace: filter.namespace, selector }).items.map((obj) => present(obj, apiVersion));
    },
    resourceVersion: () => store.currentResourceVersion(),
    register: (spec) => registry.register(spec),
  };
}
