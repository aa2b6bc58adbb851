/**
 * When to reconcile: after a change, wait `debounceMs` for more changes, but never let a steady
 * stream of changes push a pass past `maxDelayMs` after the first of them (ExternalDNS starves
 * here, #2186). Also run at least every `intervalMs`. Passes never overlap: a change during a
 * pass schedules another one after it. Time is injected so the policy can be tested.
 * @module
 */

export type Timers = Readonly<{
  now: () => number;
  setTimeout: (fn: () => void, ms: number) => unknown;
  clearTimeout: (handle: unknown) => void;
}>;

export const REAL_TIMERS: Timers = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => {
    clearTimeout(handle as ReturnType<typeof setTimeout>);
  },
};

export type TriggerOptions = Readonly<{
  /** One pass. A rejection is reported through onError and retried after `retryMs`. */
  pass: () => Promise<void>;
  onError: (error: unknown) => void;
  intervalMs: number;
  debounceMs: number;
  maxDelayMs: number;
  retryMs?: number;
  timers?: Timers;
}>;

export type Trigger = Readonly<{
  /** Something changed: schedule a pass within the debounce window and the max delay. */
  changed: () => void;
  /** Resolves when the current pass (if any) has finished; no further passes start. */
  stop: () => Promise<void>;
}>;

export function startTrigger(options: TriggerOptions): Trigger {
  const t = options.timers ?? REAL_TIMERS;
  let firstChangeAt: number | undefined;
  let timer: unknown;
  let dueAt = Number.POSITIVE_INFINITY;
  let running: Promise<void> | undefined;
  let dirtyDuringPass = false;
  let stopped = false;

  const schedule = (at: number): void => {
    if (stopped || at >= dueAt) return;
    if (timer !== undefined) t.clearTimeout(timer);
    dueAt = at;
    timer = t.setTimeout(fire, Math.max(0, at - t.now()));
  };

  const fire = (): void => {
    timer = undefined;
    dueAt = Number.POSITIVE_INFINITY;
    if (running !== undefined) {
      dirtyDuringPass = true;
      return;
    }
    firstChangeAt = undefined;
    let failed = false;
    running = options
      .pass()
      .catch((error: unknown) => {
        failed = true;
        options.onError(error);
      })
      .finally(() => {
        running = undefined;
        const now = t.now();
        if (dirtyDuringPass) {
          dirtyDuringPass = false;
          schedule(now);
        } else {
          schedule(now + (failed ? Math.min(options.retryMs ?? 5_000, options.intervalMs) : options.intervalMs));
        }
      });
  };

  const changed = (): void => {
    if (stopped) return;
    const now = t.now();
    if (running !== undefined) {
      dirtyDuringPass = true;
      return;
    }
    firstChangeAt ??= now;
    const at = Math.min(now + options.debounceMs, firstChangeAt + options.maxDelayMs);
    // A later debounce deadline replaces an earlier one only while the ceiling allows it.
    if (timer !== undefined && dueAt < at) {
      t.clearTimeout(timer);
      timer = undefined;
      dueAt = Number.POSITIVE_INFINITY;
    }
    schedule(at);
  };

  schedule(t.now());
  return {
    changed,
    stop: async () => {
      stopped = true;
      if (timer !== undefined) t.clearTimeout(timer);
      timer = undefined;
      await running;
    },
  };
}
