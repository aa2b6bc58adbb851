/**
 * The API budget of one AWS account: a client-side token bucket shared by every zone and every
 * call made with that account's credentials. Route53 (2026) grants each account a bucket of 50
 * requests refilled at 10/s; accounts on the older quota get 5/s and should be configured so
 * (`--aws-api-rate=5 --aws-api-burst=5`). A `Throttling` answer means someone else (another
 * cluster, Terraform, cert-manager) shares the account: the effective rate is halved and then
 * grows back linearly (AIMD), so the shared budget settles instead of oscillating.
 * Time is injected so tests and benchmarks can run on simulated time.
 * @module
 */

/** Milliseconds clock and sleep; `realClock` in production, a simulated one in tests. */
export type Clock = Readonly<{
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}>;

export const realClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(signal.reason as Error);
        return;
      }
      const onAbort = (): void => {
        clearTimeout(timer);
        reject(signal?.reason as Error);
      };
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, Math.max(0, ms));
      signal?.addEventListener('abort', onAbort, { once: true });
    }),
};

export type RateBudgetStats = Readonly<{
  /** Tokens available now (negative: callers are queued behind reservations). */
  tokens: number;
  /** Current refill rate in requests per second (lowered after throttling). */
  effectiveRate: number;
  configuredRate: number;
  burst: number;
  /** Calls that took a token. */
  calls: number;
  /** Calls that had to wait for a token, and the total time they waited. */
  waits: number;
  waitedMs: number;
  /** Throttling answers reported by callers. */
  throttles: number;
}>;

export interface RateBudget {
  /** Waits until `cost` tokens (default 1) may be spent, then spends them; rejects at once when `signal` is aborted. */
  take(signal?: AbortSignal, cost?: number): Promise<void>;
  /** Route53 answered Throttling: slow down (multiplicative decrease). */
  throttled(): void;
  /** A call succeeded: let the rate grow back (additive increase). */
  succeeded(): void;
  stats(): RateBudgetStats;
}

export type RateBudgetOptions = Readonly<{
  /** Requests per second. */
  rate: number;
  burst: number;
  clock?: Clock;
  /** Lowest rate AIMD may fall to, as a fraction of `rate` (default 0.1). */
  minFraction?: number;
  /** Rate regained per successful call, as a fraction of `rate` (default 0.05). */
  increaseFraction?: number;
}>;

export function createRateBudget(options: RateBudgetOptions): RateBudget {
  if (!(options.rate > 0) || !(options.burst >= 1)) {
    throw new Error(`rate budget: rate=${options.rate} must be > 0 and burst=${options.burst} must be ≥ 1`);
  }
  const clock = options.clock ?? realClock;
  const minRate = options.rate * (options.minFraction ?? 0.1);
  const step = options.rate * (options.increaseFraction ?? 0.05);
  let rate = options.rate;
  let tokens = options.burst;
  let last = clock.now();
  let calls = 0;
  let waits = 0;
  let waitedMs = 0;
  let throttles = 0;

  function refill(): void {
    const now = clock.now();
    if (now > last) tokens = Math.min(options.burst, tokens + ((now - last) / 1000) * rate);
    last = now;
  }

  return {
    async take(signal, cost = 1) {
      // An aborted caller sends nothing, so it must not spend (or queue for) a token.
      signal?.throwIfAborted();
      refill();
      // Reserve now (tokens may go negative) so concurrent callers queue in arrival order.
      tokens -= cost;
      calls++;
      if (tokens >= 0) return;
      const waitMs = Math.ceil((-tokens / rate) * 1000);
      waits++;
      waitedMs += waitMs;
      try {
        await clock.sleep(waitMs, signal);
      } catch (error) {
        // Aborted while queued: give the reservation back to the callers behind.
        tokens += cost;
        throw error;
      }
    },
    throttled() {
      throttles++;
      refill();
      rate = Math.max(minRate, rate / 2);
      // Route53's bucket is empty: stop bursting until ours has refilled too.
      tokens = Math.min(tokens, 0);
    },
    succeeded() {
      if (rate < options.rate) {
        refill();
        rate = Math.min(options.rate, rate + step);
      }
    },
    stats() {
      refill();
      return { tokens, effectiveRate: rate, configuredRate: options.rate, burst: options.burst, calls, waits, waitedMs, throttles };
    },
  };
}
