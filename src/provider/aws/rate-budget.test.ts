import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createRateBudget } from './rate-budget.ts';
import { createSimulatedClock } from './sim-clock.ts';

void describe('rate budget', () => {
  void it('lets a burst through at once, then paces calls at the configured rate', async () => {
    const clock = createSimulatedClock();
    const budget = createRateBudget({ rate: 10, burst: 50, clock });
    for (let i = 0; i < 50; i++) await budget.take();
    assert.equal(clock.now(), 0);
    for (let i = 0; i < 20; i++) await budget.take();
    // 20 more tokens at 10/s take 2 s of simulated time.
    assert.ok(clock.now() >= 1990 && clock.now() <= 2010, `now=${clock.now()}`);
    const s = budget.stats();
    assert.equal(s.calls, 70);
    assert.equal(s.waits, 20);
  });

  void it('queues concurrent callers in arrival order without exceeding the rate', async () => {
    const clock = createSimulatedClock();
    const budget = createRateBudget({ rate: 5, burst: 5, clock });
    const times: number[] = [];
    await Promise.all(Array.from({ length: 15 }, () => budget.take().then(() => times.push(clock.now()))));
    // 5 at t=0, then one every 200 ms: the 15th at 2 s.
    assert.equal(times.filter((t) => t === 0).length, 5);
    assert.ok(Math.max(...times) >= 1990 && Math.max(...times) <= 2010, `max=${Math.max(...times)}`);
  });

  void it('halves the effective rate on throttling and grows it back on success (AIMD)', () => {
    const clock = createSimulatedClock();
    const budget = createRateBudget({ rate: 10, burst: 50, clock });
    budget.throttled();
    assert.equal(budget.stats().effectiveRate, 5);
    assert.ok(budget.stats().tokens <= 0, 'a throttle empties the bucket');
    budget.throttled();
    budget.throttled();
    budget.throttled();
    budget.throttled();
    assert.equal(budget.stats().effectiveRate, 1, 'never below 10 % of the configured rate');
    for (let i = 0; i < 100; i++) budget.succeeded();
    assert.equal(budget.stats().effectiveRate, 10);
    assert.equal(budget.stats().throttles, 5);
  });

  void it('refuses a non-positive rate with a clear message', () => {
    assert.throws(() => createRateBudget({ rate: 0, burst: 5 }), /rate=0 must be > 0/);
  });
});

void describe('rate budget and abort', () => {
  void it('spends no token for a caller whose signal is already aborted', async () => {
    const budget = createRateBudget({ rate: 1, burst: 2, clock: createSimulatedClock() });
    await assert.rejects(budget.take(AbortSignal.abort(new Error('stop'))), /stop/);
    assert.equal(budget.stats().calls, 0);
    assert.equal(budget.stats().tokens, 2);
  });

  void it('gives back the reservation of a caller aborted while it waits', async () => {
    const clock = createSimulatedClock();
    const budget = createRateBudget({ rate: 1, burst: 1, clock });
    await budget.take();
    const abort = new AbortController();
    const waiting = budget.take(abort.signal);
    abort.abort(new Error('leadership lost'));
    await assert.rejects(waiting, /leadership lost/);
    // The next caller waits for one token (1 s), not behind the abandoned reservation (2 s).
    const start = clock.now();
    await budget.take();
    assert.ok(clock.now() - start <= 1010, `waited ${clock.now() - start} ms`);
  });
});

void describe('record cache resync spreading', () => {
  void it('shortens each zone resync period by a fixed 0-20 % so zones do not all come due together', async () => {
    const { resyncPeriod } = await import('./record-cache.ts');
    const periods = ['Z1', 'Z2', 'Z3', 'Z4', 'Z5', 'ZABCDEF'].map((id) => resyncPeriod(id, 600_000));
    for (const p of periods) assert.ok(p >= 480_000 && p <= 600_000, `${p}`);
    assert.ok(new Set(periods).size > 3, 'zones differ');
    assert.equal(resyncPeriod('Z1', 600_000), periods[0], 'stable per zone');
  });
});
