import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { startTrigger, type Timers } from './trigger.ts';

/** A manual clock: timers fire only when the test advances time. */
function manualTimers(): Timers & { advance: (ms: number) => Promise<void> } {
  let now = 0;
  let seq = 0;
  const pending = new Map<number, { at: number; fn: () => void }>();
  return {
    now: () => now,
    setTimeout: (fn, ms) => {
      seq += 1;
      pending.set(seq, { at: now + ms, fn });
      return seq;
    },
    clearTimeout: (handle) => {
      pending.delete(handle as number);
    },
    advance: async (ms) => {
      const end = now + ms;
      for (;;) {
        const next = [...pending.entries()].sort((a, b) => a[1].at - b[1].at)[0];
        if (next === undefined || next[1].at > end) break;
        pending.delete(next[0]);
        now = next[1].at;
        next[1].fn();
        await new Promise((r) => setImmediate(r));
      }
      now = end;
      await new Promise((r) => setImmediate(r));
    },
  };
}

function harness(opts: { debounceMs?: number; maxDelayMs?: number; intervalMs?: number; passMs?: number } = {}) {
  const timers = manualTimers();
  const runs: number[] = [];
  const trigger = startTrigger({
    pass: async () => {
      runs.push(timers.now());
      if (opts.passMs) await new Promise<void>((r) => timers.setTimeout(r, opts.passMs ?? 0));
    },
    onError: () => undefined,
    intervalMs: opts.intervalMs ?? 60_000,
    debounceMs: opts.debounceMs ?? 200,
    maxDelayMs: opts.maxDelayMs ?? 2_000,
    timers,
  });
  return { timers, runs, trigger };
}

describe('startTrigger', () => {
  it('runs a first pass immediately and then every interval', async () => {
    const { timers, runs, trigger } = harness({ intervalMs: 1_000 });
    await timers.advance(3_500);
    assert.deepEqual(runs, [0, 1_000, 2_000, 3_000]);
    await trigger.stop();
  });

  it('runs one pass a debounce after a burst of changes', async () => {
    const { timers, runs, trigger } = harness();
    await timers.advance(10);
    runs.length = 0;
    for (let i = 0; i < 5; i++) {
      trigger.changed();
      await timers.advance(50);
    }
    await timers.advance(1_000);
    assert.deepEqual(runs, [10 + 4 * 50 + 200]);
    await trigger.stop();
  });

  it('never lets a steady stream of changes postpone a pass past the max delay', async () => {
    const { timers, runs, trigger } = harness({ debounceMs: 200, maxDelayMs: 2_000 });
    await timers.advance(10);
    runs.length = 0;
    for (let i = 0; i < 100; i++) {
      trigger.changed();
      await timers.advance(100);
    }
    assert.ok(runs.length >= 4, `expected a pass at least every 2 s, got ${runs.length} passes`);
    let previousChange = 10;
    for (const at of runs) {
      assert.ok(at - previousChange <= 2_000 + 100, `pass at ${at} came more than 2 s after a pending change`);
      previousChange = at;
    }
    await trigger.stop();
  });

  it('never overlaps passes and re-runs once after changes during a pass', async () => {
    const { timers, runs, trigger } = harness({ passMs: 500, debounceMs: 10 });
    await timers.advance(100);
    trigger.changed();
    trigger.changed();
    await timers.advance(2_000);
    assert.deepEqual(runs, [0, 500]);
    await trigger.stop();
  });

  it('starts no pass after stop', async () => {
    const { timers, runs, trigger } = harness({ intervalMs: 100 });
    await timers.advance(0);
    await trigger.stop();
    trigger.changed();
    await timers.advance(1_000);
    assert.deepEqual(runs, [0]);
  });
});
