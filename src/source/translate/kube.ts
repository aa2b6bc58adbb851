/**
 * Minimal, defensive views of plain JSON-like Kubernetes objects. Input may come from hand-written
 * manifests, so every read checks the shape and falls back to "absent" instead of throwing.
 * @module
 */

/** A Kubernetes object as decoded from JSON/YAML: only `kind` and `metadata` are required to be objects. */
export type KubeObject = Readonly<Record<string, unknown>>;

/** The parts of `metadata` (plus type identity) that translation reads. */
export type ObjectMeta = Readonly<{
  apiVersion: string;
  kind: string;
  name: string;
  /** `default` when the object does not set one (manifests often omit it). */
  namespace: string;
  labels: Readonly<Record<string, string>>;
  annotations: Readonly<Record<string, string>>;
}>;

export function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The value at `path` below `value`, or undefined when any step is not an object. */
export function at(value: unknown, ...path: readonly string[]): unknown {
  let current = value;
  for (const key of path) {
    if (!isRecord(current)) return undefined;
    current = current[key];
  }
  return current;
}

export function asString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

export function asNumber(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

export function asArray(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? (value as readonly unknown[]) : [];
}

/** Strings of an array, skipping anything else. */
export function asStrings(value: unknown): readonly string[] {
  return asArray(value).filter((v): v is string => typeof v === 'string');
}

/**
 * A string map such as labels or annotations. Numbers and booleans are kept as text, because an
 * unquoted `ttl: 60` in a hand-written manifest means the string "60" to the user.
 */
export function asStringMap(value: unknown): Readonly<Record<string, string>> {
  const out: Record<string, string> = {};
  if (!isRecord(value)) return out;
  for (const [k, v] of Object.entries(value)) {
    if (typeof v === 'string') out[k] = v;
    else if (typeof v === 'number' || typeof v === 'boolean') out[k] = String(v);
  }
  return out;
}

/** Reads type identity and metadata, or undefined when kind or metadata.name is missing. */
export function readMeta(obj: unknown): ObjectMeta | undefined {
  const kind = asString(at(obj, 'kind'));
  const name = asString(at(obj, 'metadata', 'name'));
  if (kind === undefined || kind === '' || name === undefined || name === '') return undefined;
  const namespace = asString(at(obj, 'metadata', 'namespace'));
  return {
    apiVersion: asString(at(obj, 'apiVersion')) ?? '',
    kind,
    name,
    namespace: namespace === undefined || namespace === '' ? 'default' : namespace,
    labels: asStringMap(at(obj, 'metadata', 'labels')),
    annotations: asStringMap(at(obj, 'metadata', 'annotations')),
  };
}

/** True when every key/value of `selector` is in `labels` (a Service's equality selector). */
export function selectorMatches(selector: Readonly<Record<string, string>>, labels: Readonly<Record<string, string>>): boolean {
  return Object.entries(selector).every(([k, v]) => labels[k] === v);
}
