/**
 * Fault injection for tests, settable at runtime: a share (or the next N) of requests answered
 * with HTTP 500 InternalFailure, dropped connections, slow answers, and throttling storms.
 * Random shares use a seeded generator so a failing test can be replayed.
 * @module
 */

export interface FaultSettings {
  /** Share 0..1 of requests answered with HTTP 500 `InternalFailure`. */
  readonly internalErrorRate?: number;
  /** The next N requests are answered with HTTP 500 `InternalFailure`. */
  readonly internalErrorNext?: number;
  /** Share 0..1 of requests whose socket is destroyed without an answer. */
  readonly dropRate?: number;
  /** The next N requests are dropped. */
  readonly dropNext?: number;
  /** Every answer is delayed by this many milliseconds. */
  readonly delayMs?: number;
  /** Every request is throttled for this many milliseconds from when the setting is applied. */
  readonly throttleForMs?: number;
  /** The next N requests are throttled. */
  readonly throttleNext?: number;
  /** Only requests for these operations are affected (all when absent). */
  readonly operations?: readonly string[];
}

const NUMERIC = ['internalErrorRate', 'internalErrorNext', 'dropRate', 'dropNext', 'delayMs', 'throttleForMs', 'throttleNext'];

export type FaultDecision = 'none' | 'internal-error' | 'drop' | 'throttle';

/** mulberry32: small, fast, good enough for picking a share of requests. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class Faults {
  private settings: FaultSettings = {};
  private throttleUntil = 0;
  private internalLeft = 0;
  private dropLeft = 0;
  private throttleLeft = 0;
  private random: () => number;
  private readonly now: () => number;
  constructor(now: () => number, seed = 1) {
    this.now = now;
    this.random = seeded(seed);
  }

  /** Replaces the current settings (and restarts the "next N" counters and storm window). */
  set(settings: FaultSettings, seed?: number): void {
    for (const [field, value] of Object.entries(settings)) {
      if (!NUMERIC.includes(field) && field !== 'operations') throw new Error(`route53 emulator: unknown fault setting "${field}"; known: ${[...NUMERIC, 'operations'].join(', ')}`);
      if (NUMERIC.includes(field) && !(typeof value === 'number' && value >= 0)) throw new Error(`route53 emulator: fault ${field}=${String(value)} must be a number ≥ 0`);
    }
    if (settings.operations !== undefined && !(Array.isArray(settings.operations) && settings.operations.every((o) => typeof o === 'string'))) {
      throw new Error('route53 emulator: fault "operations" must be a list of operation names');
    }
    for (const [field, value] of Object.entries({ internalErrorRate: settings.internalErrorRate, dropRate: settings.dropRate })) {
      if (value !== undefined && !(value >= 0 && value <= 1)) throw new Error(`route53 emulator: fault ${field}=${value} must be between 0 and 1`);
    }
    this.settings = settings;
    this.internalLeft = settings.internalErrorNext ?? 0;
    this.dropLeft = settings.dropNext ?? 0;
    this.throttleLeft = settings.throttleNext ?? 0;
    this.throttleUntil = settings.throttleForMs !== undefined ? this.now() + settings.throttleForMs : 0;
    if (seed !== undefined) this.random = seeded(seed);
  }

  clear(): void {
    this.set({});
  }

  get current(): FaultSettings {
    return this.settings;
  }

  delayFor(operation: string): number {
    return this.applies(operation) ? (this.settings.delayMs ?? 0) : 0;
  }

  private applies(operation: string): boolean {
    return this.settings.operations === undefined || this.settings.operations.includes(operation);
  }

  /** What to do with one request for `operation`. */
  decide(operation: string): FaultDecision {
    if (!this.applies(operation)) return 'none';
    if (this.dropLeft > 0) {
      this.dropLeft--;
      return 'drop';
    }
    if (this.internalLeft > 0) {
      this.internalLeft--;
      return 'internal-error';
    }
    if (this.throttleLeft > 0) {
      this.throttleLeft--;
      return 'throttle';
    }
    if (this.now() < this.throttleUntil) return 'throttle';
    const s = this.settings;
    if (s.dropRate !== undefined && this.random() < s.dropRate) return 'drop';
    if (s.internalErrorRate !== undefined && this.random() < s.internalErrorRate) return 'internal-error';
    return 'none';
  }
}
