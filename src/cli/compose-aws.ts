/**
 * Builds the Route53 provider from the configuration: the provider settings, the credentials
 * (`--aws-credentials-source`, `--aws-assume-role`, Roles Anywhere), and one AWS account per set of
 * credentials (`--aws-profile`, `--aws-zone-role`), each with its own Route53Client and budget.
 * @module
 */
import {
  buildAwsAccounts,
  credentialProblems,
  credentialSettingsOf,
  CredentialConfigError,
  parseZoneRoles,
  type AccountEntry,
  type AwsAccounts,
  type CredentialDescription,
  type SourceDeps,
} from '../aws/credentials/index.ts';
import type { Config, ExtraCheck } from '../config/index.ts';
import type { DomainFilter } from '../endpoint/index.ts';
import type { Logger } from '../log/logger.ts';
import { createAwsProvider, DEFAULT_AWS_PROVIDER_CONFIG, type AwsProvider, type AwsProviderConfig } from '../provider/aws/index.ts';

export function awsProviderConfigOf(c: Config, domainFilter: DomainFilter): AwsProviderConfig {
  return {
    ...DEFAULT_AWS_PROVIDER_CONFIG,
    zoneType: c.awsZoneType,
    zoneIdFilters: c.zoneIdFilter,
    zoneTags: c.awsZoneTags,
    domainFilter,
    zonesCacheDurationMs: c.awsZonesCacheDuration,
    recordsResyncMs: c.awsRecordsResync,
    preferCname: c.awsPreferCname,
    evaluateTargetHealth: c.awsEvaluateTargetHealth,
    apiRate: c.awsApiRate,
    apiBurst: c.awsApiBurst,
    apiRetries: c.awsApiRetries,
    waitForSync: c.awsWaitForSync,
    batchChangeSizeValues: c.awsBatchChangeSizeValues,
    batchChangeSizeBytes: c.awsBatchChangeSizeBytes,
    batchChangeSize: c.awsBatchChangeSize,
    dryRun: c.dryRun,
    ...(c.awsEndpointUrl === '' ? {} : { endpointUrl: c.awsEndpointUrl }),
    region: c.awsRegion,
  };
}

/** Every credential and --aws-zone-role problem, each naming its flag. */
export function awsCredentialProblems(c: Config): readonly string[] {
  return [...credentialProblems(c), ...parseZoneRoles(c.awsZoneRole).problems];
}

/** Start-up check for compose.ts's configChecks: only with --provider aws. */
export const awsCredentialCheck: ExtraCheck = (c) => {
  if (c.provider !== 'aws') return undefined;
  const problems = awsCredentialProblems(c);
  return problems.length === 0 ? undefined : problems.join('; ');
};

/** Builds every account the flags ask for; throws CredentialConfigError naming the flags on bad input. */
export function buildAwsAccountsFromConfig(c: Config, config: AwsProviderConfig, deps: SourceDeps = {}): AwsAccounts {
  const problems = awsCredentialProblems(c);
  if (problems.length > 0) throw new CredentialConfigError(problems);
  const settings = credentialSettingsOf(c);
  const zoneRoles = parseZoneRoles(c.awsZoneRole);
  return buildAwsAccounts({
    settings,
    zoneRoles: zoneRoles.mappings,
    route53: { region: config.region, ...(config.endpointUrl === undefined ? {} : { endpointUrl: config.endpointUrl }) },
    budget: config,
    deps,
  });
}

/** Log fields describing credentials: never secrets. */
export function describeForLog(d: CredentialDescription): Record<string, unknown> {
  return {
    source: d.source,
    ...(d.requested === d.source ? {} : { requested: d.requested }),
    ...(d.roleArn === undefined ? {} : { roleArn: d.roleArn }),
    ...(d.sourceRoleArn === undefined ? {} : { sourceRoleArn: d.sourceRoleArn }),
    ...d.detail,
    ...(d.certificate === undefined
      ? {}
      : { certificateSubject: d.certificate.subject, certificateSerial: d.certificate.serial, certificateNotAfter: d.certificate.notAfter.toISOString() }),
  };
}

/**
 * Fetches each account's credentials once at start-up (the shared cache keeps them for the first
 * Route53 call) to log where they really came from: a silent fall-back to the node role shows here.
 */
function warmUp(e: AccountEntry, logger: Logger): void {
  e.credentials.provider().then(
    () => {
      const d = e.credentials.describe();
      const fields = { account: e.account.name, ...describeForLog(d), ...(d.resolvedBy === undefined ? {} : { resolvedBy: d.resolvedBy }), ...(d.expiration === undefined ? {} : { expiration: d.expiration.toISOString() }) };
      if (d.requested === 'auto' && d.resolvedBy?.startsWith('EC2 instance metadata') === true) {
        logger.warn(fields, 'AWS credentials come from the node\'s instance role (IMDS); if IRSA or Pod Identity was intended, its setup is missing');
      } else {
        logger.info(fields, 'AWS credentials obtained');
      }
    },
    (error: unknown) => {
      logger.warn({ account: e.account.name, source: e.credentials.describe().source, err: error instanceof Error ? error.message : String(error) }, 'AWS credentials not available yet; Route53 calls will fail until they are');
    },
  );
}

export type ComposedAwsProvider = AwsProvider & {
  readonly awsAccounts: AwsAccounts;
  /** notAfter of the Roles Anywhere certificate in use, for an expiry gauge (undefined without Roles Anywhere). */
  certificateNotAfter(): Date | undefined;
  close(): void;
};

export function buildAwsProvider(c: Config, domainFilter: DomainFilter, logger: Logger, deps: SourceDeps = {}): ComposedAwsProvider {
  const config = awsProviderConfigOf(c, domainFilter);
  const accounts = buildAwsAccountsFromConfig(c, config, { logger, ...deps });
  let provider: AwsProvider;
  try {
    provider = createAwsProvider(config, { accounts: accounts.accounts, logger });
  } catch (error) {
    accounts.close();
    throw error;
  }
  for (const e of accounts.entries) {
    logger.info(
      { account: e.account.name, serves: e.serves, ...describeForLog(e.credentials.describe()) },
      'AWS credentials configured (run `zonekeeper whoami` to check the identity)',
    );
    warmUp(e, logger);
  }
  return Object.assign(provider, {
    awsAccounts: accounts,
    certificateNotAfter: () => accounts.certificateNotAfter(),
    close: () => {
      accounts.close();
    },
  });
}
