// Verb dispatch for resource paths: list/watch/get/create/update/patch/delete(collection) against the
// store, with API-server-shaped responses. Pure with respect to HTTP: returns an outcome to write.

import { ApiError, badRequest } from './errors.ts';
import type { KubeObject } from './object.ts';
import { apiVersionOf } from './registry.ts';
import type { ResourceRegistry, ResourceType } from './registry.ts';
import type { ResourcePath } from './routes.ts';
import { both, parseFieldSelector, parseLabelSelector } from './selectors.ts';
import type { ObjectStore } from './store.ts';
import type { WatchRequest } from './watch.ts';

export type Verb = 'get' | 'list' | 'watch' | 'create' | 'update' | 'patch' | 'delete' | 'deletecollection';

export type Outcome = { readonly code: number; readonly body: unknown } | { readonly watch: WatchRequest };

export interface ResourceRequest {
  readonly method: string;
  readonly path: ResourcePath;
  readonly query: URLSearchParams;
  readonly contentType: string;
  readonly body: unknown;
}

export function verbOf(request: Pick<ResourceRequest, 'method' | 'path' | 'query'>): Verb | undefined {
  const { method, path, query } = request;
  const item = path.name !== undefined;
  switch (method) {
    case 'GET':
      if (path.legacyWatch || query.get('watch') === 'true' || query.get('watch') === '1') return 'watch';
      return item ? 'get' : 'list';
    case 'POST':
      return item ? undefined : 'create';
    case 'PUT':
      return item ? 'update' : undefined;
    case 'PATCH':
      return item ? 'patch' : undefined;
    case 'DELETE':
      return item ? 'delete' : 'deletecollection';
    default:
      return undefined;
  }
}

function optionalInt(query: URLSearchParams, name: string): number | undefined {
  const text = query.get(name);
  if (text === null || text === '') return undefined;
  if (!/^\d+$/.test(text)) throw badRequest(`query parameter ${name}="${text}" must be a non-negative integer`);
  return Number(text);
}

function subresourceOf(path: ResourcePath, type: ResourceType): 'main' | 'status' {
  if (path.subresource === undefined) return 'main';
  if (path.subresource === 'status' && type.statusSubresource) return 'status';
  throw new ApiError(404, 'NotFound', `${type.plural} has no subresource "${path.subresource}"`);
}

export function handleResource(registry: ResourceRegistry, store: ObjectStore, request: ResourceRequest): Outcome {
  const { path, query } = request;
  const type = registry.lookup(path.group, path.version, path.plural);
  if (type === undefined) {
    const what = `${apiVersionOf(path.group, path.version)} ${path.plural}`;
    throw new ApiError(404, 'NotFound', `the server could not find the requested resource (${what})`);
  }
  const verb = verbOf(request);
  if (verb === undefined) {
    const target = path.name === undefined ? path.plural : `${path.plural} items`;
    throw new ApiError(405, 'MethodNotAllowed', `${request.method} is not supported on ${target}`);
  }
  const namespace = type.namespaced ? path.namespace : undefined;
  const apiVersion = apiVersionOf(type.group, path.version);
  const present = (obj: KubeObject): KubeObject => ({ ...obj, apiVersion });
  const name = path.name ?? '';
  const fieldSelector = parseFieldSelector(query.get('fieldSelector'));
  const selector = both(parseLabelSelector(query.get('labelSelector')), fieldSelector);

  switch (verb) {
    case 'watch': {
      const byName = path.name === undefined ? selector : both(selector, (obj) => obj.metadata.name === path.name);
      return {
        watch: {
          type,
          version: path.version,
          namespace,
          selector: byName,
          resourceVersion: query.get('resourceVersion') ?? undefined,
          allowBookmarks: query.get('allowWatchBookmarks') === 'true',
          timeoutSeconds: optionalInt(query, 'timeoutSeconds'),
        },
      };
    }
    case 'list': {
      const result = store.list(type, {
        namespace,
        selector,
        limit: optionalInt(query, 'limit'),
        continueToken: query.get('continue') ?? undefined,
      });
      return {
        code: 200,
        body: {
          kind: `${type.kind}List`,
          apiVersion,
          metadata: {
            resourceVersion: result.resourceVersion,
            ...(result.continueToken === undefined ? {} : { continue: result.continueToken }),
            ...(result.remainingItemCount === undefined ? {} : { remainingItemCount: result.remainingItemCount }),
          },
          items: result.items.map(present),
        },
      };
    }
    case 'get':
      return { code: 200, body: present(store.get(type, namespace, name)) };
    case 'create':
      return { code: 201, body: present(store.create(type, namespace, request.body)) };
    case 'update':
      return { code: 200, body: present(store.update(type, namespace, name, request.body, subresourceOf(path, type))) };
    case 'patch':
      return {
        code: 200,
        body: present(store.patch(type, namespace, name, request.contentType, request.body, subresourceOf(path, type))),
      };
    case 'delete':
      return { code: 200, body: present(store.delete(type, namespace, name)) };
    case 'deletecollection': {
      const doomed = store.list(type, { namespace, selector }).items;
      const deleted = doomed.map((obj) => present(store.delete(type, obj.metadata.namespace, obj.metadata.name ?? '')));
      return {
        code: 200,
        body: { kind: `${type.kind}List`, apiVersion, metadata: { resourceVersion: store.currentResourceVersion() }, items: deleted },
      };
    }
  }
}
