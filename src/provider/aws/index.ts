/**
 * Route53 provider entry point. Typical construction with the real SDK:
 *
 *   const client = createRoute53Client({ region: config.region, endpointUrl: config.endpointUrl });
 *   const provider = createAwsProvider(config, { accounts: [createAwsAccount('default', client, config)] });
 *
 * @module
 */
import type { Route53Client } from '@aws-sdk/client-route-53';
import type { AwsAccount } from './account.ts';
import type { AwsProviderConfig } from './config.ts';
import { createRateBudget, type Clock } from './rate-budget.ts';
import { createSdkRoute53Port } from './route53-sdk.ts';

export { createAwsProvider, type AwsProvider, type AwsProviderDeps } from './aws-provider.ts';
export { DEFAULT_AWS_PROVIDER_CONFIG, validateAwsProviderConfig, type AwsProviderConfig, type AwsZoneType } from './config.ts';
export { createRoute53Client, createSdkRoute53Port, type Route53ClientOptions } from './route53-sdk.ts';
export { createRateBudget, realClock, type Clock, type RateBudget, type RateBudgetStats } from './rate-budget.ts';
export { createApiCallCounter, type ApiCallCounter, type ApiCallCount } from './metrics.ts';
export { silentLogger, type AwsAccount, type Logger } from './account.ts';
export type { DryRunBatch } from './apply.ts';
export { ApplyAbortedError, type AbortedZone } from './apply-abort.ts';
export type { Route53Port } from './route53-port.ts';
export { canonicalHostedZone, CANONICAL_HOSTED_ZONES } from './canonical-zones.ts';

/** One account backed by a Route53Client, with a budget from --aws-api-rate / --aws-api-burst. */
export function createAwsAccount(
  name: string,
  client: Route53Client,
  config: Pick<AwsProviderConfig, 'apiRate' | 'apiBurst'> & Partial<Pick<AwsProviderConfig, 'apiChangeRate' | 'apiChangeBurst'>>,
  clock?: Clock,
): AwsAccount {
  const withClock = clock === undefined ? {} : { clock };
  const changeRate = config.apiChangeRate ?? 0;
  return {
    name,
    route53: createSdkRoute53Port(client),
    budget: createRateBudget({ rate: config.apiRate, burst: config.apiBurst, ...withClock }),
    ...(changeRate > 0 ? { changeBudget: createRateBudget({ rate: changeRate, burst: config.apiChangeBurst ?? 1, ...withClock }) } : {}),
  };
}
