// The object store: one bucket per resource (group+plural), a single global resourceVersion counter,
// a bounded per-resource event history for watch replay, and synchronous listeners for live watches.

import { alreadyExists, badRequest, notFound } from './errors.ts';
import { applyPatch } from './patch.ts';
import { clone, isPlainObject, objectKey, toKubeObject } from './object.ts';
import type { KubeObject } from './object.ts';
import { prepareCreate, prepareUpdate, resolveNamespace } from './mutations.ts';
import type { Subresource } from './mutations.ts';
import { apiVersionOf, resourceKey } from './registry.ts';
import type { ResourceType } from './registry.ts';
import { matchAll } from './selectors.ts';
import type { Selector } from './selectors.ts';

export type StoreEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface StoreEvent {
  readonly rv: number;
  readonly type: StoreEventType;
  /** The object after the change (for DELETED: the last state, carrying the deletion's resourceVersion). */
  readonly object: KubeObject;
  /** The object before the change; lets selector-filtered watches turn MODIFIED into ADDED/DELETED. */
  readonly previous: KubeObject | undefined;
}

export type StoreListener = (event: StoreEvent) => void;

/** Admission and side effects for particular resources (CRDs register their resource, for example). */
export interface StoreHooks {
  validate?(type: ResourceType, next: KubeObject, current: KubeObject | undefined): void;
  committed?(type: ResourceType, event: StoreEvent, store: ObjectStore): void;
}

export interface ListOptions {
  readonly namespace?: string | undefined;
  readonly selector?: Selector;
  readonly limit?: number | undefined;
  readonly continueToken?: string | undefined;
}

export interface ListResult {
  readonly items: readonly KubeObject[];
  readonly resourceVersion: string;
  readonly continueToken: string | undefined;
  readonly remainingItemCount: number | undefined;
}

interface Bucket {
  readonly objects: Map<string, KubeObject>;
  history: StoreEvent[];
  /** Events at or below this resourceVersion may be missing from `history`. */
  compactedThrough: number;
  readonly listeners: Set<StoreListener>;
}

export interface StoreOptions {
  /** Events kept per resource for watch replay (default 1000). */
  readonly historySize?: number;
  readonly hooks?: readonly StoreHooks[];
}

export class ObjectStore {
  readonly #buckets = new Map<string, Bucket>();
  readonly #historySize: number;
  readonly #hooks: readonly StoreHooks[];
  #rv = 1;

  constructor(options: StoreOptions = {}) {
    this.#historySize = Math.max(1, options.historySize ?? 1000);
    this.#hooks = options.hooks ?? [];
  }

  currentResourceVersion(): string {
    return String(this.#rv);
  }

  #bucket(type: ResourceType): Bucket {
    const key = resourceKey(type.group, type.plural);
    let bucket = this.#buckets.get(key);
    if (bucket === undefined) {
      bucket = { objects: new Map(), history: [], compactedThrough: 0, listeners: new Set() };
      this.#buckets.set(key, bucket);
    }
    return bucket;
  }

  #commit(type: ResourceType, bucket: Bucket, event: StoreEvent): void {
    this.#rv = event.rv;
    const key = objectKey(event.object.metadata.namespace, event.object.metadata.name ?? '');
    if (event.type === 'DELETED') bucket.objects.delete(key);
    else bucket.objects.set(key, event.object);
    bucket.history.push(event);
    if (bucket.history.length > this.#historySize) {
      const dropped = bucket.history.splice(0, bucket.history.length - this.#historySize);
      bucket.compactedThrough = dropped.at(-1)?.rv ?? bucket.compactedThrough;
    }
    for (const hook of this.#hooks) hook.committed?.(type, event, this);
    for (const listener of [...bucket.listeners]) listener(event);
  }

  #validate(type: ResourceType, next: KubeObject, current: KubeObject | undefined): void {
    for (const hook of this.#hooks) hook.validate?.(type, next, current);
  }

  #require(type: ResourceType, namespace: string | undefined, name: string): KubeObject {
    const found = this.#bucket(type).objects.get(objectKey(type.namespaced ? namespace : undefined, name));
    if (found === undefined) throw notFound(type.plural, type.group, name);
    return found;
  }

  get(type: ResourceType, namespace: string | undefined, name: string): KubeObject {
    return clone(this.#require(type, namespace, name));
  }

  /**
   * Creates an object. Like the API server, drops `.status` of kinds with a status subresource unless
   * `keepStatus` is set (test setup wants a Service born with its load balancer status).
   */
  create(type: ResourceType, pathNamespace: string | undefined, body: unknown, keepStatus = false): KubeObject {
    const input = toKubeObject(body, `create ${type.plural}`);
    if (type.statusSubresource && !keepStatus) delete input['status'];
    const namespace = resolveNamespace(type, pathNamespace, input);
    const bucket = this.#bucket(type);
    const rv = this.#rv + 1;
    const stored = prepareCreate(type, namespace, input, rv);
    stored.apiVersion = apiVersionOf(type.group, type.versions[0] ?? '');
    stored.kind = type.kind;
    const name = stored.metadata.name ?? '';
    if (bucket.objects.has(objectKey(namespace, name))) throw alreadyExists(type.plural, type.group, name);
    this.#validate(type, stored, undefined);
    this.#commit(type, bucket, { rv, type: 'ADDED', object: stored, previous: undefined });
    return clone(stored);
  }

  update(
    type: ResourceType,
    namespace: string | undefined,
    name: string,
    body: unknown,
    subresource: Subresource = 'main',
  ): KubeObject {
    const input = toKubeObject(body, `update ${type.plural} "${name}"`);
    if (type.namespaced && input.metadata.namespace !== undefined && input.metadata.namespace !== namespace) {
      throw badRequest(`${type.kind} "${name}": metadata.namespace "${input.metadata.namespace}" does not match the URL`);
    }
    const current = this.#require(type, namespace, name);
    const rv = this.#rv + 1;
    const next = prepareUpdate(type, current, input, subresource, rv);
    if (next === undefined) return clone(current);
    this.#validate(type, next, current);
    this.#commit(type, this.#bucket(type), { rv, type: 'MODIFIED', object: next, previous: current });
    return clone(next);
  }

  patch(
    type: ResourceType,
    namespace: string | undefined,
    name: string,
    contentType: string,
    patch: unknown,
    subresource: Subresource = 'main',
  ): KubeObject {
    const current = this.#require(type, namespace, name);
    // A patch that carries metadata.resourceVersion is a conditional write; otherwise it applies to the
    // latest object, so the patched body is given the current resourceVersion.
    const patched = toKubeObject(applyPatch(contentType, clone(current), patch), `patch ${type.plural} "${name}"`);
    return this.update(type, namespace, name, patched, subresource);
  }

  delete(type: ResourceType, namespace: string | undefined, name: string): KubeObject {
    const current = this.#require(type, namespace, name);
    const rv = this.#rv + 1;
    const last = clone(current);
    last.metadata.resourceVersion = String(rv);
    this.#commit(type, this.#bucket(type), { rv, type: 'DELETED', object: last, previous: current });
    return clone(last);
  }

  list(type: ResourceType, options: ListOptions = {}): ListResult {
    const selector = options.selector ?? matchAll;
    const start = options.continueToken === undefined ? undefined : decodeContinue(options.continueToken);
    const all = [...this.#bucket(type).objects.entries()]
      .filter(([key, obj]) => (start === undefined || key > start.after) && matches(obj, options.namespace, selector))
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    const resourceVersion = start?.rv ?? this.currentResourceVersion();
    const limit = options.limit !== undefined && options.limit > 0 ? options.limit : all.length;
    const page = all.slice(0, limit);
    const more = all.length > page.length;
    const lastKey = page.at(-1)?.[0] ?? '';
    return {
      items: page.map(([, obj]) => clone(obj)),
      resourceVersion,
      continueToken: more ? encodeContinue({ after: lastKey, rv: resourceVersion }) : undefined,
      remainingItemCount: more ? all.length - page.length : undefined,
    };
  }

  /** Events strictly after `rv`, or 'expired' when some of them were compacted away. */
  eventsSince(type: ResourceType, rv: number): readonly StoreEvent[] | 'expired' {
    const bucket = this.#bucket(type);
    if (rv < bucket.compactedThrough) return 'expired';
    return bucket.history.filter((event) => event.rv > rv);
  }

  subscribe(type: ResourceType, listener: StoreListener): () => void {
    const bucket = this.#bucket(type);
    bucket.listeners.add(listener);
    return () => bucket.listeners.delete(listener);
  }

  /** Forgets all history, as an etcd compaction does: watches from any older resourceVersion get 410. */
  compact(): void {
    for (const bucket of this.#buckets.values()) {
      bucket.history = [];
      bucket.compactedThrough = this.#rv;
    }
  }

  /** Drops every object of a resource (its CRD was deleted); watchers see DELETED for each. */
  purge(type: ResourceType): void {
    for (const obj of [...this.#bucket(type).objects.values()]) {
      this.delete(type, obj.metadata.namespace, obj.metadata.name ?? '');
    }
  }
}

function matches(obj: KubeObject, namespace: string | undefined, selector: Selector): boolean {
  return (namespace === undefined || obj.metadata.namespace === namespace) && selector(obj);
}

interface ContinueToken {
  readonly after: string;
  readonly rv: string;
}

function encodeContinue(token: ContinueToken): string {
  return Buffer.from(JSON.stringify(token)).toString('base64url');
}

function decodeContinue(text: string): ContinueToken {
  try {
    const token: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    if (isPlainObject(token) && typeof token['after'] === 'string' && typeof token['rv'] === 'string') {
      return { after: token['after'], rv: token['rv'] };
    }
  } catch {
    // fall through to the error below
  }
  throw badRequest(`invalid continue token "${text}": pass back the metadata.continue of a previous list`);
}
