/**
 * The flag reference (docs/configuration.md), rendered from the flag table so it cannot drift.
 * @module
 */
import { envSuffix, type FlagDef } from './flag.ts';
import { FLAGS } from './flags.ts';

function defaultText(def: FlagDef<unknown>): string {
  const v = def.defaultValue;
  if (v === '' || (Array.isArray(v) && v.length === 0)) return '';
  if (typeof v === 'object' && v !== null && 'port' in v) {
    const hp = v as { host: string; port: number };
    return `\`${hp.host}:${hp.port}\``;
  }
  if (def.name.endsWith('interval') || def.name.includes('duration') || def.name.includes('resync')) {
    if (typeof v === 'number') return `\`${formatMs(v)}\``;
  }
  return `\`${Array.isArray(v) ? v.join(',') : String(v)}\``;
}

function formatMs(ms: number): string {
  if (ms % 3_600_000 === 0 && ms > 0) return `${ms / 3_600_000}h`;
  if (ms % 60_000 === 0 && ms > 0) return `${ms / 60_000}m`;
  if (ms % 1_000 === 0) return `${ms / 1_000}s`;
  return `${ms}ms`;
}

export function renderFlagReference(): string {
  const groups = new Map<string, FlagDef<unknown>[]>();
  for (const def of Object.values(FLAGS) as FlagDef<unknown>[]) {
    groups.set(def.group, [...(groups.get(def.group) ?? []), def]);
  }
  const out = [
    '# Configuration',
    '',
    'Every flag can be given on the command line, in the environment as `ZONEKEEPER_<NAME>` (ExternalDNS\'s',
    '`EXTERNAL_DNS_<NAME>` is accepted too), or in a YAML file passed with `--config` whose keys are flag names.',
    'A flag beats the environment, which beats the file, which beats the default. Repeatable flags take a',
    'list in the file and comma-separated values in the environment. Boolean flags take `--name`, `--name=false`',
    'or `--no-name`. An empty environment variable or an empty value in the file counts as unset. Everything is',
    'validated at start-up, and each error names its flag.',
    '',
    'This page is generated from `src/config/flags.ts` by `node scripts/flags-doc.ts`.',
  ];
  for (const [group, defs] of groups) {
    out.push('', `## ${group}`, '', '| flag | environment | default | description |', '|---|---|---|---|');
    for (const def of defs) {
      const repeat = def.kind === 'list' ? ' (repeatable)' : '';
      out.push(`| \`--${def.name}\`${repeat} | \`ZONEKEEPER_${envSuffix(def.name)}\` | ${defaultText(def)} | ${def.description.replace(/\|/g, '\\|')} |`);
    }
  }
  return `${out.join('\n')}\n`;
}
