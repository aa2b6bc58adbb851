/**
 * One flag's definition: its name (ExternalDNS's spelling where one exists), help text, default
 * and parser. The same definition serves the command line, `ZONEKEEPER_*` / `EXTERNAL_DNS_*`
 * environment variables and the YAML config file.
 * @module
 */
import type { Parsed } from './values.ts';

export type FlagKind = 'value' | 'list' | 'bool';

export type FlagDef<T> = Readonly<{
  name: string;
  description: string;
  kind: FlagKind;
  defaultValue: T;
  parse: (raw: readonly string[]) => Parsed<T>;
  /** Shown as `******` wherever configuration is printed; never logged. */
  secret?: boolean;
  /** Help group, for the docs and `--help`. */
  group: string;
}>;

export function flag<T>(def: FlagDef<T>): FlagDef<T> {
  return def;
}

/** `txt-owner-id` → `txtOwnerId`, the key commander and the Config object use. */
export function camelCase(name: string): string {
  return name.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/** `txt-owner-id` → `TXT_OWNER_ID`; the env vars are `ZONEKEEPER_` and `EXTERNAL_DNS_` plus this. */
export function envSuffix(name: string): string {
  return name.toUpperCase().replace(/-/g, '_');
}
