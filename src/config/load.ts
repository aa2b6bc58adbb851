/**
 * Resolves the configuration from, in order of precedence: command-line flags, environment
 * variables (`ZONEKEEPER_<FLAG>`, then ExternalDNS's `EXTERNAL_DNS_<FLAG>`), the YAML file named by
 * `--config`, and the defaults. Returns every problem at once, each naming the flag and where its
 * value came from. This module is the only reader of the environment.
 * @module
 */
import { parse as parseYaml } from 'yaml';
import { camelCase, envSuffix, type FlagDef } from './flag.ts';
import { FLAGS, type Flags } from './flags.ts';

type ValueOf<F> = F extends FlagDef<infer T> ? T : never;
export type Config = { readonly [K in keyof Flags]: ValueOf<Flags[K]> };
export type FlagKey = keyof Flags;

/** Where one flag's value came from, for error messages and `--help`. */
export type ValueOrigin = 'flag' | 'env' | 'file' | 'default';

export type CliValues = Readonly<Record<string, string | boolean | readonly string[] | undefined>>;

export type LoadInput = Readonly<{
  cli: CliValues;
  env: Readonly<Record<string, string | undefined>>;
  readFile: (path: string) => string;
}>;

export type LoadResult =
  | { ok: true; config: Config; origins: Readonly<Record<FlagKey, ValueOrigin>> }
  | { ok: false; errors: readonly string[] };

const KEYS = Object.keys(FLAGS) as FlagKey[];
const BY_NAME = new Map(KEYS.map((k) => [FLAGS[k].name, k]));

export function loadConfig(input: LoadInput): LoadResult {
  const errors: string[] = [];
  const file = readConfigFile(input, errors);
  const values: Record<string, unknown> = {};
  const origins: Record<string, ValueOrigin> = {};
  for (const key of KEYS) {
    const def: FlagDef<unknown> = FLAGS[key];
    const found = rawValue(def, key, input, file);
    origins[key] = found.origin;
    if (found.raw === undefined) {
      values[key] = def.defaultValue;
      continue;
    }
    const parsed = def.parse(found.raw);
    if (parsed.ok) values[key] = parsed.value;
    else errors.push(`--${def.name}${describeOrigin(found.origin, def)}: ${parsed.message}`);
  }
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, config: values as Config, origins: origins as Record<FlagKey, ValueOrigin> };
}

function describeOrigin(origin: ValueOrigin, def: FlagDef<unknown>): string {
  if (origin === 'env') return ` (from $ZONEKEEPER_${envSuffix(def.name)} or $EXTERNAL_DNS_${envSuffix(def.name)})`;
  if (origin === 'file') return ' (from the --config file)';
  return '';
}

type Raw = { raw: readonly string[] | undefined; origin: ValueOrigin };

function rawValue(def: FlagDef<unknown>, key: string, input: LoadInput, file: ReadonlyMap<string, unknown>): Raw {
  const cli = input.cli[key];
  if (cli !== undefined) return { raw: toStrings(cli), origin: 'flag' };
  const suffix = envSuffix(def.name);
  // An empty variable or an empty YAML value counts as unset (as in ExternalDNS): read as a value it
  // would turn a boolean such as --force ON, and empty --managed-record-types.
  const env = [input.env[`ZONEKEEPER_${suffix}`], input.env[`EXTERNAL_DNS_${suffix}`]].find((v) => v !== undefined && v !== '');
  if (env !== undefined) return { raw: [env], origin: 'env' };
  const fromFile = file.get(key);
  if (fromFile !== undefined && fromFile !== null) return { raw: toStrings(fromFile), origin: 'file' };
  return { raw: undefined, origin: 'default' };
}

function toStrings(value: unknown): readonly string[] {
  if (Array.isArray(value)) return value.map((v) => scalarText(v));
  return [scalarText(value)];
}

function scalarText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value === null || value === undefined) return '';
  return JSON.stringify(value);
}

function readConfigFile(input: LoadInput, errors: string[]): ReadonlyMap<string, unknown> {
  const path = (input.cli.config as string | undefined) ?? input.env.ZONEKEEPER_CONFIG;
  const entries = new Map<string, unknown>();
  if (path === undefined || path === '') return entries;
  let doc: unknown;
  try {
    doc = parseYaml(input.readFile(path));
  } catch (error) {
    // Only the first line (what and where): the parser appends a snippet of the file, which may hold a secret.
    const reason = (error as Error).message.split('\n')[0] ?? '';
    errors.push(`--config ${path}: cannot read it as YAML: ${reason}`);
    return entries;
  }
  if (doc === null || doc === undefined) return entries;
  if (typeof doc !== 'object' || Array.isArray(doc)) {
    errors.push(`--config ${path}: expected a mapping of flag names to values`);
    return entries;
  }
  for (const [name, value] of Object.entries(doc)) {
    const key = BY_NAME.get(name) ?? (KEYS.includes(name as FlagKey) ? name : undefined) ?? BY_NAME.get(camelToKebab(name));
    if (key === undefined) errors.push(`--config ${path}: unknown setting "${name}"; use a flag name such as txt-owner-id`);
    else entries.set(camelCase(FLAGS[key as FlagKey].name), value);
  }
  return entries;
}

function camelToKebab(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

/** The configuration as printable text, secrets masked. */
export function describeConfig(config: Config): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of KEYS) {
    const def: FlagDef<unknown> = FLAGS[key];
    const value = config[key];
    out[def.name] = def.secret && value !== '' ? '******' : value;
  }
  return out;
}
