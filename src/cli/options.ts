/**
 * Registers every flag of the table on a commander command: `--name <value>` for values,
 * repeatable `--name <value>` for lists, `--name [bool]` plus `--no-name` for booleans.
 * @module
 */
import type { Command } from 'commander';
import { FLAGS, type FlagDef } from '../config/index.ts';

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

export function addFlags(command: Command): Command {
  for (const def of Object.values(FLAGS) as FlagDef<unknown>[]) {
    const help = `${def.description}${describeDefault(def)}`;
    if (def.kind === 'bool') {
      command.option(`--${def.name} [bool]`, help);
      command.option(`--no-${def.name}`, `Turn --${def.name} off.`);
    } else if (def.kind === 'list') {
      command.option(`--${def.name} <value>`, help, collect);
    } else {
      command.option(`--${def.name} <value>`, help);
    }
  }
  return command;
}

function describeDefault(def: FlagDef<unknown>): string {
  const value = def.defaultValue;
  if (value === '' || value === false || (Array.isArray(value) && value.length === 0)) return '';
  if (typeof value === 'object' && value !== null && 'port' in value) {
    const hp = value as { host: string; port: number };
    return ` (default ${hp.host}:${hp.port})`;
  }
  return ` (default ${Array.isArray(value) ? value.join(',') : JSON.stringify(value)})`;
}
