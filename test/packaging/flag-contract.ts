/**
 * The flags the packaging may pass to `zonekeeper run`: the agreed flag contract for the
 * in-cluster deployment, plus whatever src/config/flags.ts already defines.
 * @module
 */
import { FLAGS } from '../../src/config/flags.ts';

const CONTRACT = [
  'source', 'provider', 'policy', 'registry', 'txt-owner-id', 'txt-prefix', 'txt-suffix', 'domain-filter',
  'exclude-domains', 'namespace', 'label-filter', 'annotation-filter', 'interval', 'log-level', 'log-format',
  'metrics-address', 'leader-elect', 'leader-election-namespace', 'leader-election-id', 'status-annotation',
  'aws-zone-type', 'aws-region', 'aws-api-rate', 'aws-api-burst', 'aws-roles-anywhere-certificate',
  'aws-roles-anywhere-private-key', 'aws-roles-anywhere-chain', 'aws-roles-anywhere-trust-anchor-arn',
  'aws-roles-anywhere-profile-arn', 'aws-roles-anywhere-role-arn', 'aws-roles-anywhere-session-duration',
  'aws-assume-role',
];

export const KNOWN_FLAGS: ReadonlySet<string> = new Set([...CONTRACT, ...Object.values(FLAGS).map((f) => f.name)]);

/** `ZONEKEEPER_LEADER_ELECTION_NAMESPACE` → `leader-election-namespace`. */
export function flagOfEnv(name: string): string | undefined {
  return name.startsWith('ZONEKEEPER_') ? name.slice('ZONEKEEPER_'.length).toLowerCase().replace(/_/g, '-') : undefined;
}

/** Problems with a container's args: `run` first, then only `--known-flag=value` entries. */
export function argProblems(args: readonly string[]): string[] {
  const problems: string[] = [];
  if (args[0] !== 'run') problems.push(`args start with ${JSON.stringify(args[0])}, expected "run"`);
  for (const arg of args.slice(1)) {
    const name = /^--([a-z0-9-]+)=/.exec(arg)?.[1];
    if (name === undefined) problems.push(`${JSON.stringify(arg)} is not --flag=value`);
    else if (!KNOWN_FLAGS.has(name)) problems.push(`--${name} is not a zonekeeper flag`);
  }
  return problems;
}

/** Every value given to `--name`, in order. */
export function argValues(args: readonly string[], name: string): string[] {
  const prefix = `--${name}=`;
  return args.filter((a) => a.startsWith(prefix)).map((a) => a.slice(prefix.length));
}
