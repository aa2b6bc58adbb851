/**
 * Route53-style throttling: token buckets for the account's request rate, optional per-operation
 * buckets (a request takes a token from both), and an optional change-throughput bucket counting
 * record changes. Off unless configured. The clock is injected so tests can drive it.
 * @module
 */

export interface BucketSpec {
  /** Tokens added per second. */
  readonly rate: number;
  /** Bucket capacity (and the starting fill). */
  readonly burst: number;
}

export interface ThrottleOptions extends BucketSpec {
  /** Extra per-operation buckets, e.g. `{ CreateHealthCheck: { rate: 0.5, burst: 50 } }`. */
  readonly perOperation?: Readonly<Record<string, BucketSpec>>;
  /** Change-throughput bucket: one token per record change (UPSERT, CREATE, DELETE). */
  readonly changes?: BucketSpec;
}

/** A token bucket refilled continuously at `rate` per second up to `burst`. */
export class TokenBucket {
  private tokens: number;
  private last: number;
  private readonly specRate: number;
  private readonly specBurst: number;
  constructor(rate: number, burst: number, now: number) {
    this.specRate = rate;
    this.specBurst = burst;
    this.tokens = burst;
    this.last = now;
  }
  private refill(now: number): void {
    this.tokens = Math.min(this.specBurst, this.tokens + ((now - this.last) / 1000) * this.specRate);
    this.last = now;
  }
  /** Whether `n` tokens are available now (without taking them). */
  has(n: number, now: number): boolean {
    this.refill(now);
    return this.tokens >= n;
  }
  take(n: number): void {
    this.tokens -= n;
  }
}

/** Decides, per request, whether it is throttled. */
export class Throttler {
  private readonly account: TokenBucket;
  private readonly operations = new Map<string, TokenBucket>();
  private readonly changes: TokenBucket | undefined;
  private readonly options: ThrottleOptions;
  constructor(options: ThrottleOptions, now: number) {
    this.options = options;
    if (!(options.rate >= 0 && options.burst >= 1)) {
      throw new Error(`route53 emulator: throttle rate ${options.rate} / burst ${options.burst} invalid; need rate ≥ 0 and burst ≥ 1`);
    }
    this.account = new TokenBucket(options.rate, options.burst, now);
    this.changes = options.changes === undefined ? undefined : new TokenBucket(options.changes.rate, options.changes.burst, now);
  }

  /** Takes a request token for `operation`; false means answer `Throttling`. */
  admit(operation: string, now: number): boolean {
    const spec = this.options.perOperation?.[operation];
    let op = this.operations.get(operation);
    if (spec !== undefined && op === undefined) this.operations.set(operation, (op = new TokenBucket(spec.rate, spec.burst, now)));
    if (!this.account.has(1, now) || (op !== undefined && !op.has(1, now))) return false;
    this.account.take(1);
    op?.take(1);
    return true;
  }

  /** Takes `count` change tokens; false means answer `Throttling`. */
  admitChanges(count: number, now: number): boolean {
    if (this.changes === undefined) return true;
    if (!this.changes.has(count, now)) return false;
    this.changes.take(count);
    return true;
  }
}

/**
 * Route53's request-rate limits as documented in 2026 (account 50 burst / 10 per s, plus the
 * per-operation exceptions). The change-throughput bucket is left out: its numbers were not available.
 */
export const AWS_2026_THROTTLE: ThrottleOptions = {
  rate: 10,
  burst: 50,
  perOperation: {
    CreateHealthCheck: { rate: 0.5, burst: 50 },
    DeleteHealthCheck: { rate: 3, burst: 15 },
    CreateHostedZone: { rate: 2, burst: 40 },
    DeleteHostedZone: { rate: 5, burst: 40 },
  },
};

/** The historic "5 requests per second per account" that ExternalDNS documents. */
export const LEGACY_THROTTLE: ThrottleOptions = { rate: 5, burst: 5 };
