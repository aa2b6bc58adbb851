// The JSON shape of a stored Kubernetes object and the few structural operations the store needs
// (clone, deep equality, metadata access). Objects are plain JSON; nothing here does I/O.

export type Json = null | boolean | number | string | readonly Json[] | JsonObject;
export interface JsonObject {
  readonly [key: string]: Json;
}

export interface ObjectMeta {
  name?: string;
  generateName?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  [key: string]: unknown;
}

/** A Kubernetes object as stored: free-form JSON with a typed metadata block. */
export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata: ObjectMeta;
  [key: string]: unknown;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function clone<T>(value: T): T {
  return structuredClone(value);
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) {
    return Array.isArray(b) && a.length === b.length && a.every((item, i) => deepEqual(item, b[i]));
  }
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = Object.keys(a);
    if (keys.length !== Object.keys(b).length) return false;
    return keys.every((key) => Object.hasOwn(b, key) && deepEqual(a[key], b[key]));
  }
  return false;
}

/** Parses a request body into an object, naming what was wrong when it is not one. */
export function toKubeObject(value: unknown, what: string): KubeObject {
  if (!isPlainObject(value)) {
    throw new TypeError(`${what}: expected a JSON object, got ${Array.isArray(value) ? 'an array' : typeof value}`);
  }
  const metadata = value['metadata'] ?? {};
  if (!isPlainObject(metadata)) {
    throw new TypeError(`${what}: metadata must be an object, got ${JSON.stringify(metadata)}`);
  }
  return { ...value, metadata: { ...metadata } };
}

/** The fields that define desired state: everything except identity, metadata and status. */
export function specPart(obj: KubeObject): Record<string, unknown> {
  const rest: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(obj)) {
    if (key !== 'metadata' && key !== 'status' && key !== 'apiVersion' && key !== 'kind') rest[key] = value;
  }
  return rest;
}

export function objectKey(namespace: string | undefined, name: string): string {
  return `${namespace ?? ''}/${name}`;
}

/** Kubernetes timestamps have whole-second precision: 2026-01-02T03:04:05Z. */
export function kubeTimestamp(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
