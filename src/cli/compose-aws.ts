/**
 * Builds the Route53 provider from the configuration: the provider settings, one AWS account per
 * set of credentials, and the SDK client each account talks through.
 * @module
 */
import type { Config } from '../config/index.ts';
import type { DomainFilter } from '../endpoint/index.ts';
import type { Logger } from '../log/logger.ts';
import {
  createAwsAccount,
  createAwsProvider,
  createRoute53Client,
  DEFAULT_AWS_PROVIDER_CONFIG,
  type AwsProvider,
  type AwsProviderConfig,
} from '../provider/aws/index.ts';

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

export function buildAwsProvider(c: Config, domainFilter: DomainFilter, logger: Logger): AwsProvider {
  const config = awsProviderConfigOf(c, domainFilter);
  const client = createRoute53Client({ region: config.region, ...(config.endpointUrl === undefined ? {} : { endpointUrl: config.endpointUrl }) });
  return createAwsProvider(config, { accounts: [createAwsAccount('default', client, config)], logger });
}
