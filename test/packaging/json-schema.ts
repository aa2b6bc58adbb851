/**
 * A JSON Schema (draft-07) checker for the keywords charts/zonekeeper/values.schema.json uses:
 * type, enum, properties, required, additionalProperties, items, minimum, maximum, minItems,
 * minLength, maxLength, pattern, plus the annotations $schema, title, description. Any other keyword throws, so the
 * chart's schema cannot silently rely on something these tests do not check.
 * @module
 */

export type Schema = Readonly<Record<string, unknown>>;

const ANNOTATIONS = new Set(['$schema', 'title', 'description']);
const KEYWORDS = new Set([
  'type',
  'enum',
  'properties',
  'required',
  'additionalProperties',
  'items',
  'minimum',
  'maximum',
  'minItems',
  'minLength',
  'maxLength',
  'pattern',
]);

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function matchesType(value: unknown, type: string): boolean {
  const actual = typeOf(value);
  return actual === type || (type === 'number' && actual === 'integer');
}

function isSchema(value: unknown): value is Schema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Every problem with `value`, each as `path: what is wrong`; empty when it conforms. */
export function checkSchema(schema: Schema, value: unknown, path = '$'): string[] {
  for (const key of Object.keys(schema)) {
    if (!KEYWORDS.has(key) && !ANNOTATIONS.has(key)) {
      throw new Error(`schema at ${path} uses "${key}", which is outside the supported draft-07 subset`);
    }
  }
  const problems: string[] = [];
  const types = schema.type === undefined ? [] : ([] as string[]).concat(schema.type as string | string[]);
  if (types.length > 0 && !types.some((t) => matchesType(value, t))) {
    return [`${path}: is ${typeOf(value)} ${JSON.stringify(value)}, expected ${types.join(' or ')}`];
  }
  if (Array.isArray(schema.enum) && !schema.enum.some((e) => e === value)) {
    problems.push(`${path}: ${JSON.stringify(value)} is not one of ${JSON.stringify(schema.enum)}`);
  }
  if (typeof value === 'number') {
    if (typeof schema.minimum === 'number' && value < schema.minimum) problems.push(`${path}: ${value} is below ${schema.minimum}`);
    if (typeof schema.maximum === 'number' && value > schema.maximum) problems.push(`${path}: ${value} is above ${schema.maximum}`);
  }
  if (typeof value === 'string') {
    const length = Array.from(value).length; // code points, as JSON Schema counts
    if (typeof schema.minLength === 'number' && length < schema.minLength) problems.push(`${path}: shorter than ${schema.minLength}`);
    if (typeof schema.maxLength === 'number' && length > schema.maxLength) problems.push(`${path}: longer than ${schema.maxLength}`);
  }
  if (typeof value === 'string' && typeof schema.pattern === 'string' && !new RegExp(schema.pattern, 'u').test(value)) {
    problems.push(`${path}: ${JSON.stringify(value)} does not match ${schema.pattern}`);
  }
  if (Array.isArray(value)) {
    if (typeof schema.minItems === 'number' && value.length < schema.minItems) {
      problems.push(`${path}: has ${value.length} items, needs at least ${schema.minItems}`);
    }
    if (isSchema(schema.items)) {
      const items = schema.items;
      value.forEach((item, i) => problems.push(...checkSchema(items, item, `${path}[${i}]`)));
    }
  }
  if (isSchema(value) && !Array.isArray(value)) {
    const properties = isSchema(schema.properties) ? schema.properties : {};
    for (const name of (schema.required as string[] | undefined) ?? []) {
      if (!(name in value)) problems.push(`${path}: misses required "${name}"`);
    }
    for (const [name, child] of Object.entries(value)) {
      const sub = properties[name];
      if (isSchema(sub)) {
        problems.push(...checkSchema(sub, child, `${path}.${name}`));
      } else if (schema.additionalProperties === false) {
        problems.push(`${path}: "${name}" is not an allowed key`);
      } else if (isSchema(schema.additionalProperties)) {
        problems.push(...checkSchema(schema.additionalProperties, child, `${path}.${name}`));
      }
    }
  }
  return problems;
}

/**
 * Paths in `value` that no schema node types: a key reached only through a schema without
 * `type`, or not described at all. Free-form maps (additionalProperties schemas) count as typed.
 */
export function untypedPaths(schema: Schema, value: unknown, path = '$'): string[] {
  if (schema.type === undefined) return [path];
  if (Array.isArray(value) && isSchema(schema.items)) {
    const items = schema.items;
    return value.flatMap((item, i) => untypedPaths(items, item, `${path}[${i}]`));
  }
  if (!isSchema(value) || Array.isArray(value)) return [];
  const properties = isSchema(schema.properties) ? schema.properties : {};
  return Object.entries(value).flatMap(([name, child]) => {
    const sub = properties[name] ?? schema.additionalProperties;
    return isSchema(sub) ? untypedPaths(sub, child, `${path}.${name}`) : [`${path}.${name}`];
  });
}
