/**
 * `zonekeeper whoami`: for every AWS account zonekeeper would use (the default account and each
 * `--aws-zone-role` target), which credential source was chosen, who AWS says the caller is (STS
 * GetCallerIdentity), when the credentials expire and, with Roles Anywhere, which certificate
 * (subject, serial, notAfter) is in use. Catches "fell back to the node role" before a sync does.
 * Only the credential flags matter; --provider, --source and --policy are not required.
 * @module
 */
import { readFileSync } from 'node:fs';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import {
  buildAwsAccounts,
  credentialSettingsOf,
  CredentialConfigError,
  parseZoneRoles,
  type AccountEntry,
  type CredentialDescription,
  type SourceDeps,
} from '../aws/credentials/index.ts';
import { loadConfig, type CliValues, type Config } from '../config/index.ts';
import { awsCredentialProblems } from './compose-aws.ts';
import { createLogger } from '../log/logger.ts';

export interface WhoamiRow {
  readonly account: string;
  readonly serves: 'default' | readonly string[];
  readonly credentials: CredentialDescription;
  readonly identity?: { readonly arn: string; readonly account: string; readonly userId: string };
  readonly error?: string;
}

async function identify(entry: AccountEntry, region: string, deps: SourceDeps): Promise<WhoamiRow> {
  const sts = new STSClient({
    region,
    credentials: entry.credentials.provider,
    maxAttempts: 2,
    ...(deps.stsEndpoint === undefined ? {} : { endpoint: deps.stsEndpoint }),
  });
  const base = { account: entry.account.name, serves: entry.serves };
  try {
    const out = await sts.send(new GetCallerIdentityCommand({}));
    return {
      ...base,
      credentials: entry.credentials.describe(),
      identity: { arn: out.Arn ?? '', account: out.Account ?? '', userId: out.UserId ?? '' },
    };
  } catch (error) {
    return { ...base, credentials: entry.credentials.describe(), error: error instanceof Error ? error.message : String(error) };
  } finally {
    sts.destroy();
  }
}

/** Resolves every account's credentials and asks STS who each one is. Throws CredentialConfigError on bad flags. */
export async function whoami(c: Config, deps: SourceDeps = {}): Promise<readonly WhoamiRow[]> {
  const problems = awsCredentialProblems(c);
  if (problems.length > 0) throw new CredentialConfigError(problems);
  const settings = credentialSettingsOf(c);
  const zoneRoles = parseZoneRoles(c.awsZoneRole);
  const accounts = buildAwsAccounts({
    settings,
    zoneRoles: zoneRoles.mappings,
    route53: { region: c.awsRegion },
    budget: { apiRate: c.awsApiRate, apiBurst: c.awsApiBurst },
    deps: { watchFiles: false, ...deps },
  });
  try {
    return await Promise.all(accounts.entries.map((e) => identify(e, settings.region, deps)));
  } finally {
    accounts.close();
  }
}

/** What to check when a source yields no credentials at all. */
const HINTS: Readonly<Partial<Record<CredentialDescription['source'], string>>> = {
  env: 'set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN for temporary keys)',
  'shared-file': 'check AWS_SHARED_CREDENTIALS_FILE / AWS_CONFIG_FILE and that --aws-profile names a section in them',
  process: "check the profile's credential_process command: it must print {\"Version\":1,\"AccessKeyId\":…}",
  'web-identity': 'check the ServiceAccount annotation eks.amazonaws.com/role-arn and the role trust policy for the cluster OIDC provider',
  'pod-identity': 'check the EKS Pod Identity association for this ServiceAccount and that the eks-pod-identity-agent runs on the node',
  container: 'check AWS_CONTAINER_CREDENTIALS_RELATIVE_URI / _FULL_URI and that the endpoint answers',
  instance: 'IMDS did not answer: on EKS with IMDSv2 set the hop limit to 2, or use IRSA / Pod Identity instead of the node role',
  'sdk-chain': 'no source in the SDK chain (env, shared files, credential_process, web identity, container, IMDS) had credentials',
  'roles-anywhere': 'see docs/roles-anywhere.md#troubleshooting',
};

function relative(to: Date, now: Date): string {
  const s = Math.round((to.getTime() - now.getTime()) / 1000);
  const abs = Math.abs(s);
  const text = abs >= 172_800 ? `${Math.floor(abs / 86_400)}d` : abs >= 7200 ? `${Math.floor(abs / 3600)}h` : abs >= 120 ? `${Math.floor(abs / 60)}m` : `${abs}s`;
  return s >= 0 ? `in ${text}` : `${text} ago`;
}

export function whoamiToText(rows: readonly WhoamiRow[], now = new Date()): string {
  const out: string[] = [];
  for (const row of rows) {
    const d = row.credentials;
    const lines: [string, string][] = [];
    lines.push(['Credential source', `${d.source}${d.requested === d.source ? '' : ` (requested: ${d.requested})`}${d.resolvedBy === undefined ? '' : ` via ${d.resolvedBy}`}`]);
    for (const [k, v] of Object.entries(d.detail)) lines.push([`  ${k}`, v]);
    if (row.identity !== undefined) {
      lines.push(['Caller identity', row.identity.arn]);
      lines.push(['AWS account', row.identity.account]);
    }
    if (d.roleArn !== undefined) lines.push(['Role', d.roleArn]);
    if (d.sourceRoleArn !== undefined) lines.push(['Source role', d.sourceRoleArn]);
    if (d.assumeRole?.externalId === true) lines.push(['External id', 'sent']);
    lines.push(['Credentials expire', d.expiration === undefined ? 'never (static keys) or unknown' : `${d.expiration.toISOString()} (${relative(d.expiration, now)})`]);
    if (d.certificate !== undefined) {
      lines.push(['Certificate', d.certificate.subject]);
      lines.push(['  serial', d.certificate.serial]);
      lines.push(['  not after', `${d.certificate.notAfter.toISOString()} (${relative(d.certificate.notAfter, now)})`]);
      lines.push(['  file', d.certificate.path]);
    }
    if (row.error !== undefined) {
      lines.push(['ERROR', row.error]);
      const hint = HINTS[d.source];
      if (d.expiration === undefined && hint !== undefined) lines.push(['Hint', hint]);
    }
    const serves = row.serves === 'default' ? 'zones no --aws-zone-role claims' : row.serves.join(', ');
    out.push(`Account ${row.account} (${serves})`);
    const width = Math.max(...lines.map(([k]) => k.length)) + 2;
    for (const [k, v] of lines) out.push(`  ${`${k}:`.padEnd(width)}${v}`);
    out.push('');
  }
  return out.join('\n');
}

export function whoamiToJson(rows: readonly WhoamiRow[]): unknown {
  // Dates become ISO strings through JSON.stringify.
  return { accounts: rows };
}

/** The `whoami` command: exit 0 when every account has an identity, 1 otherwise. */
export async function runWhoami(cli: CliValues, output: string, deps: SourceDeps = {}): Promise<void> {
  const loaded = loadConfig({ cli, env: process.env, readFile: (p) => readFileSync(p, 'utf8') });
  if (!loaded.ok) {
    for (const e of loaded.errors) process.stderr.write(`zonekeeper whoami: ${e}\n`);
    process.exitCode = 1;
    return;
  }
  const logger = createLogger({ level: 'warn', format: 'json', isTty: false, stream: 'stderr' });
  let rows: readonly WhoamiRow[];
  try {
    rows = await whoami(loaded.config, { logger, ...deps });
  } catch (error) {
    const problems = error instanceof CredentialConfigError ? error.problems : [error instanceof Error ? error.message : String(error)];
    for (const p of problems) process.stderr.write(`zonekeeper whoami: ${p}\n`);
    process.exitCode = 1;
    return;
  }
  process.stdout.write(output === 'json' ? `${JSON.stringify(whoamiToJson(rows), null, 2)}\n` : whoamiToText(rows));
  process.exitCode = rows.every((r) => r.error === undefined) ? 0 : 1;
}
