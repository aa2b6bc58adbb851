/**
 * A simulated clock for tests and benchmarks: sleep() does not wait in real time; pending sleepers
 * are woken in deadline order, the clock jumping to each deadline, on the next macrotask turn.
 * @module
 */
import type { Clock } from './rate-budget.ts';

export type SimulatedClock = Clock & { advance(ms: number): void; readonly slept: number };

export function createSimulatedClock(start = 0): SimulatedClock {
  let now = start;
  let slept = 0;
  const timers: { at: number; seq: number; resolve: () => void }[] = [];
  let seq = 0;
  let scheduled = false;
  const tick = (): void => {
    scheduled = false;
    timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
    const next = timers.shift();
    if (next === undefined) return;
    now = Math.max(now, next.at);
    next.resolve();
    if (timers.length > 0) schedule();
  };
  const schedule = (): void => {
    if (scheduled) return;
    scheduled = true;
    setImmediate(tick);
  };
  return {
    now: () => now,
    sleep(ms, signal) {
      slept += Math.max(0, ms);
      return new Promise<void>((resolve, reject) => {
        if (signal?.aborted) {
          reject(signal.reason as Error);
          return;
        }
        const onAbort = (): void => {
          const i = timers.indexOf(timer);
          if (i >= 0) timers.splice(i, 1);
          reject(signal?.reason as Error);
        };
        const timer = {
          at: now + Math.max(0, ms),
          seq: seq++,
          resolve: () => {
            signal?.removeEventListener('abort', onAbort);
            resolve();
          },
        };
        signal?.addEventListener('abort', onAbort, { once: true });
        timers.push(timer);
        schedule();
      });
    },
    advance(ms) {
      now += ms;
    },
    get slept() {
      return slept;
    },
  };
}
