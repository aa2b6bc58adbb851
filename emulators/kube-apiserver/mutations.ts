// Pure rules for turning a request body into the next stored object: metadata defaults, name checks,
// optimistic concurrency, the status subresource split and when `generation` moves.

import { randomUUID } from 'node:crypto';
import { ApiError, badRequest, conflict, invalid } from './errors.ts';
import { clone, deepEqual, kubeTimestamp, specPart } from './object.ts';
import type { KubeObject } from './object.ts';
import type { ResourceType } from './registry.ts';

/** Which part of an object a write may change: the main resource, or only `.status`. */
export type Subresource = 'main' | 'status';

const NAME = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;
const NAME_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

function randomSuffix(): string {
  let suffix = '';
  for (let i = 0; i < 5; i += 1) suffix += NAME_ALPHABET[Math.floor(Math.random() * NAME_ALPHABET.length)] ?? 'x';
  return suffix;
}

/**
 * Resolves the namespace of a write: the path namespace wins, a conflicting body namespace is refused
 * (as the API server does), cluster-scoped objects never carry one.
 */
export function resolveNamespace(type: ResourceType, pathNamespace: string | undefined, obj: KubeObject): string | undefined {
  if (!type.namespaced) return undefined;
  const bodyNamespace = obj.metadata.namespace;
  if (pathNamespace !== undefined && bodyNamespace !== undefined && bodyNamespace !== pathNamespace) {
    throw badRequest(
      `the namespace of the provided object ("${bodyNamespace}") does not match the namespace sent on the request ("${pathNamespace}")`,
    );
  }
  const namespace = pathNamespace ?? bodyNamespace;
  if (namespace === undefined || namespace === '') {
    throw badRequest(`${type.kind} "${obj.metadata.name ?? ''}": a namespaced resource needs metadata.namespace`);
  }
  return namespace;
}

/** The object as first stored: identity, timestamps, generation 1. `rv` is the commit's resourceVersion. */
export function prepareCreate(type: ResourceType, namespace: string | undefined, body: KubeObject, rv: number): KubeObject {
  const metadata = { ...body.metadata };
  if ((metadata.name === undefined || metadata.name === '') && metadata.generateName) {
    metadata.name = `${metadata.generateName}${randomSuffix()}`;
  }
  const name = metadata.name ?? '';
  if (name === '') {
    throw invalid(type.kind, type.group, '', ['metadata.name: Required value: name or generateName is required']);
  }
  if (name.length > 253 || !NAME.test(name)) {
    throw invalid(type.kind, type.group, name, [
      `metadata.name: Invalid value: "${name}": a lowercase RFC 1123 subdomain must consist of lower case ` +
        "alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character",
    ]);
  }
  delete metadata.namespace;
  const stored: KubeObject = {
    ...clone(body),
    metadata: {
      ...metadata,
      ...(namespace === undefined ? {} : { namespace }),
      uid: randomUUID(),
      resourceVersion: String(rv),
      generation: 1,
      creationTimestamp: kubeTimestamp(new Date()),
    },
  };
  return stored;
}

/** Refuses a write whose metadata.resourceVersion is set and stale. Empty means "unconditional". */
export function checkResourceVersion(type: ResourceType, current: KubeObject, requested: string | undefined): void {
  if (requested === undefined || requested === '') return;
  if (!/^\d+$/.test(requested)) {
    throw invalid(type.kind, type.group, current.metadata.name ?? '', [
      `metadata.resourceVersion: Invalid value: "${requested}": must be a decimal resourceVersion`,
    ]);
  }
  if (requested !== current.metadata.resourceVersion) {
    throw conflict(type.plural, type.group, current.metadata.name ?? '');
  }
}

/**
 * The next version of `current` after a PUT (or an already-applied PATCH) with `body`.
 * Returns undefined when nothing changed, so no resourceVersion is spent and no event is sent.
 */
export function prepareUpdate(
  type: ResourceType,
  current: KubeObject,
  body: KubeObject,
  subresource: Subresource,
  rv: number,
): KubeObject | undefined {
  const name = current.metadata.name ?? '';
  if (body.metadata.name !== undefined && body.metadata.name !== name) {
    throw badRequest(`the name of the object ("${body.metadata.name}") does not match the name on the URL ("${name}")`);
  }
  if (subresource === 'status' && !type.statusSubresource) {
    throw new ApiError(404, 'NotFound', `${type.plural} "${name}": the resource has no status subresource`);
  }
  checkResourceVersion(type, current, body.metadata.resourceVersion);
  let next: KubeObject;
  if (subresource === 'status') {
    // The status endpoint changes .status and nothing else.
    next = { ...clone(current), status: clone(body['status']) };
    if (body['status'] === undefined) delete next['status'];
  } else {
    next = clone(body);
    // Identity fields are owned by the server; .status is owned by the status endpoint when there is one.
    next.metadata = {
      ...body.metadata,
      name,
      uid: current.metadata.uid,
      creationTimestamp: current.metadata.creationTimestamp,
      generation: current.metadata.generation,
      ...(current.metadata.namespace === undefined ? {} : { namespace: current.metadata.namespace }),
    };
    if (type.statusSubresource) {
      if (current['status'] === undefined) delete next['status'];
      else next['status'] = clone(current['status']);
    }
  }
  next.apiVersion = current.apiVersion;
  next.kind = current.kind;
  next.metadata.resourceVersion = current.metadata.resourceVersion;
  if (deepEqual(next, current)) return undefined;
  if (!deepEqual(specPart(next), specPart(current))) {
    next.metadata.generation = (current.metadata.generation ?? 0) + 1;
  }
  next.metadata.resourceVersion = String(rv);
  return next;
}
