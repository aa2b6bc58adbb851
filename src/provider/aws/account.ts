/**
 * One AWS account as the provider sees it: a Route53 port, its rate budget, and the call wrapper
 * that every Route53 request goes through (take a token, count the outcome, back off with full
 * jitter and retry on throttling). Writes are retried only when Route53 guarantees nothing was
 * applied (Throttling, PriorRequestNotComplete); reads are also retried on transient errors.
 * @module
 */
import type { ApiCallCounter } from './metrics.ts';
import type { Clock, RateBudget } from './rate-budget.ts';
import { Route53CallError, type Route53Operation, type Route53Port } from './route53-port.ts';

export type AwsAccount = Readonly<{
  name: string;
  route53: Route53Port;
  /** Request-rate bucket: one token per API call. */
  budget: RateBudget;
  /** Optional change-throughput bucket (Route53 2026): one token per Change element written. */
  changeBudget?: RateBudget;
}>;

export type Logger = Readonly<{
  debug(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}>;

export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };

export type CallContext = Readonly<{
  metrics: ApiCallCounter;
  clock: Clock;
  /** Total attempts per call (≥ 1). */
  attempts: number;
  /** [0,1) random source for jitter; injectable for deterministic tests. */
  random: () => number;
  logger: Logger;
}>;

const BACKOFF_BASE_MS = 200;
const THROTTLE_BASE_MS = 1000;
const BACKOFF_CAP_MS = 20_000;

/** Runs one Route53 operation for `account` under its budget, with bounded retries. */
export async function callRoute53<T>(
  ctx: CallContext,
  account: AwsAccount,
  op: Route53Operation,
  run: (port: Route53Port) => Promise<T>,
  signal?: AbortSignal,
): Promise<T> {
  const isWrite = op === 'ChangeResourceRecordSets';
  for (let attempt = 1; ; attempt++) {
    await account.budget.take(signal);
    try {
      const result = await run(account.route53);
      account.budget.succeeded();
      ctx.metrics.record(account.name, op, 'ok');
      return result;
    } catch (error) {
      const e = error instanceof Route53CallError ? error : new Route53CallError(op, 'Unknown', 'fatal', String(error), { cause: error });
      ctx.metrics.record(account.name, op, e.kind);
      const throttled = e.kind === 'throttling' || e.kind === 'prior-request';
      if (throttled) account.budget.throttled();
      const retryable = throttled || (e.kind === 'transient' && !isWrite);
      if (!retryable || attempt >= ctx.attempts || signal?.aborted) throw e;
      const base = throttled ? THROTTLE_BASE_MS : BACKOFF_BASE_MS;
      const delay = Math.floor(ctx.random() * Math.min(BACKOFF_CAP_MS, base * 2 ** (attempt - 1)));
      ctx.logger.debug({ account: account.name, operation: op, code: e.code, attempt, delayMs: delay }, 'route53 call failed; retrying');
      await ctx.clock.sleep(delay, signal);
    }
  }
}
