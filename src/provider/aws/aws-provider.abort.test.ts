// An aborted apply (leadership lost, shutdown) against the Route53 emulator with the real SDK: it
// sends nothing after the abort, throws ApplyAbortedError, and leaves the record cache exact:
// batches Route53 accepted are recorded, the rest are not, and a request cut off on the wire makes
// the zone be read again.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { NO_CHANGES } from '../../plan/changes.ts';
import { createZone } from '../../../emulators/route53/sdk-fixture.ts';
import type { Logger } from './account.ts';
import { ApplyAbortedError } from './apply-abort.ts';
import { type Harness, managed, owned, readBackWire as readBack, reconcile, startHarness, wireOf as wire } from './test-harness.ts';

const names = (es: readonly unknown[]): string[] => (es as { dnsName: string }[]).map((e) => e.dnsName).sort();

// Three ownership groups (A + TXT) at two changes per request: three batches.
const desired = Array.from({ length: 3 }, (_, i) => owned(`b${i}.example.com`, `192.0.2.${i + 1}`)).flat();

void describe('aws provider: an apply aborted between change batches', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({ zonesCacheDurationMs: 3_600_000, batchChangeSize: 2 });
    await createZone(h.client, 'example.com');
  });
  after(() => h.close());

  void it('sends exactly the first batch, throws AbortError, and the zone holds exactly that batch', async () => {
    const p = h.makeProvider();
    p.beginPass();
    await p.zones();
    await p.records();
    const abort = new AbortController();
    const firstBatch: string[] = [];
    // Aborts while the first answer is still on its way back: the worst moment for the cache.
    const stop = h.emulator.onChangeBatch((entry) => {
      if (firstBatch.length === 0) firstBatch.push(...entry.changes.map((c) => c.name.replace(/\.$/, '')));
      abort.abort(new Error('leadership lost during the pass'));
    });
    h.emulator.counts.reset();
    try {
      await assert.rejects(p.applyChanges({ ...NO_CHANGES, create: desired }, abort.signal), (error: unknown) => {
        assert.ok(error instanceof ApplyAbortedError);
        assert.equal(error.name, 'AbortError');
        assert.equal(error.sentBatches, 1);
        assert.equal(error.unsentChanges, 4);
        assert.match(error.message, /leadership lost during the pass.*1 change batch\(es\) were sent.*4 change\(s\) were not sent \[example\.com \(/);
        return true;
      });
    } finally {
      stop();
    }
    assert.equal(h.emulator.counts.of('ChangeResourceRecordSets'), 1);
    assert.equal(firstBatch.length, 2);
    const held = await readBack(h);
    assert.deepEqual(names(held), firstBatch.sort());
    // The accepted batch is in the write-through cache: reading costs no call and shows the same.
    h.emulator.counts.reset();
    p.beginPass();
    assert.deepEqual(wire(managed(await p.records(), await p.zones())), held);
    assert.equal(h.emulator.counts.of('ListResourceRecordSets'), 0);
    // The next pass (a new signal) sends only what was not sent.
    const next = await reconcile(p, desired);
    assert.equal(next.changes.create.length, 4);
    assert.deepEqual(next.result.rejected, []);
    assert.equal(h.emulator.counts.of('ChangeResourceRecordSets'), 2);
    assert.deepEqual(await readBack(h), wire(desired));
  });

  void it('sends nothing when the signal is already aborted', async () => {
    const p = h.makeProvider();
    await p.records();
    h.emulator.counts.reset();
    await assert.rejects(
      p.applyChanges({ ...NO_CHANGES, create: owned('never.example.com', '192.0.2.9') }, AbortSignal.abort(new Error('controller stopping'))),
      (error: unknown) => error instanceof ApplyAbortedError && error.sentBatches === 0 && /controller stopping/.test(error.message),
    );
    assert.equal(h.emulator.counts.of('ChangeResourceRecordSets'), 0);
  });

  void it('stops before the backoff sleep of a throttled write and sends no retry', async () => {
    const lines: string[] = [];
    const abort = new AbortController();
    // The provider logs the retry just before it sleeps: abort there.
    const logger: Logger = {
      debug(_obj, msg) {
        lines.push(msg);
        if (msg.includes('retrying')) abort.abort(new Error('leadership lost'));
      },
      info() {},
      warn() {},
      error() {},
    };
    const p = h.makeProvider({}, { logger });
    await p.records();
    h.emulator.faults.set({ throttleNext: 1, operations: ['ChangeResourceRecordSets'] });
    h.emulator.counts.reset();
    try {
      await assert.rejects(p.applyChanges({ ...NO_CHANGES, create: owned('retry.example.com', '192.0.2.10') }, abort.signal), (error: unknown) => {
        assert.ok(error instanceof ApplyAbortedError);
        assert.equal(error.sentBatches, 0);
        assert.equal(error.unsentChanges, 2);
        return true;
      });
    } finally {
      h.emulator.faults.clear();
    }
    assert.ok(lines.some((l) => l.includes('retrying')), 'the write was throttled and about to be retried');
    assert.equal(h.emulator.counts.of('ChangeResourceRecordSets'), 1, 'the throttled attempt only');
    assert.equal(names(await readBack(h)).includes('retry.example.com'), false);
    // Throttled means not applied: the cache stays valid, no re-list.
    h.emulator.counts.reset();
    await p.records();
    assert.equal(h.emulator.counts.of('ListResourceRecordSets'), 0);
  });

  void it('drops a write whose answer does not come within the grace period and reads the zone again', async () => {
    const p = h.makeProvider({}, { inFlightGraceMs: 20 });
    await p.records();
    const abort = new AbortController();
    h.emulator.faults.set({ delayMs: 400, operations: ['ChangeResourceRecordSets'] });
    h.emulator.counts.reset();
    const applying = p.applyChanges({ ...NO_CHANGES, create: owned('slow.example.com', '192.0.2.11') }, abort.signal);
    setTimeout(() => {
      abort.abort(new Error('controller stopping'));
    }, 50);
    const started = Date.now();
    try {
      await assert.rejects(applying, (error: unknown) => error instanceof ApplyAbortedError && error.sentBatches === 0);
    } finally {
      h.emulator.faults.clear();
    }
    assert.ok(Date.now() - started < 350, `gave up after ${Date.now() - started} ms instead of waiting for the slow answer`);
    await new Promise((resolve) => setTimeout(resolve, 450)); // let the emulator finish the dropped request
    // Whether Route53 applied it is unknown to the provider: its next read lists the zone and agrees with Route53.
    h.emulator.counts.reset();
    const seen = wire(managed(await p.records(), await p.zones()));
    assert.equal(h.emulator.counts.of('ListResourceRecordSets'), 1);
    assert.deepEqual(seen, await readBack(h));
  });
});
