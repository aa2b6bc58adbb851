// What the provider shows about itself, against the Route53 emulator with the real SDK: the number
// of changes held back after Route53 refused them, and one info line per account after a pass in
// which the rate budget made callers wait or saw throttling (never one per call, none when quiet).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { PROP } from '../../endpoint/index.ts';
import { createZone } from '../../../emulators/route53/sdk-fixture.ts';
import type { Logger } from './account.ts';
import { ep, type Harness, owned, reconcile, startHarness } from './test-harness.ts';


type Line = { level: 'debug' | 'info' | 'warn' | 'error'; obj: Record<string, unknown>; msg: string };
function recordingLogger(): { logger: Logger; lines: Line[] } {
  const lines: Line[] = [];
  const at =
    (level: Line['level']) =>
    (obj: object, msg: string): void => {
      lines.push({ level, obj: obj as Record<string, unknown>, msg });
    };
  return { logger: { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') }, lines };
}
const budgetLines = (lines: readonly Line[]): Line[] => lines.filter((l) => l.level === 'info' && l.msg.startsWith('route53 rate budget in use'));

void describe('aws provider: quarantined changes', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({ zonesCacheDurationMs: 3_600_000 });
    await createZone(h.client, 'example.com');
  });
  after(() => h.close());

  void it('counts the changes held back after Route53 refused them, and none once the hold ends or the record is fixed', async () => {
    const bad = ep({ dnsName: 'broken.example.com', recordType: 'A', targets: ['missing.example.com'], providerSpecific: { [PROP.alias]: 'true' } });
    const good = owned('fine.example.com', '192.0.2.1');
    assert.equal(h.provider.quarantinedChanges(), 0);
    const first = await reconcile(h.provider, [...good, bad]);
    assert.equal(first.result.rejected.length, 1);
    assert.equal(h.provider.quarantinedChanges(), 1, 'the refused alias, not the good group that landed');
    h.clock.advance(31_000);
    assert.equal(h.provider.quarantinedChanges(), 0, 'the 30 s hold is over: it may be tried again');
    await reconcile(h.provider, [...good, bad]); // refused again: held for 60 s now
    assert.equal(h.provider.quarantinedChanges(), 1);
    const fixed = ep({ dnsName: 'broken.example.com', recordType: 'A', targets: ['192.0.2.99'] });
    assert.deepEqual((await reconcile(h.provider, [...good, fixed])).result.rejected, []);
    h.clock.advance(61_000);
    assert.equal(h.provider.quarantinedChanges(), 0);
  });
});

void describe('aws provider: budget summary in the log', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({ zonesCacheDurationMs: 3_600_000, batchChangeSize: 2, apiRate: 2, apiBurst: 2 });
    await createZone(h.client, 'example.com');
  });
  after(() => h.close());

  void it('logs one line per account with tokens, effective rate, waits, waited ms and throttles after a pass that waited', async () => {
    const { logger, lines } = recordingLogger();
    const p = h.makeProvider({}, { logger });
    // 1 ListHostedZones + 1 ListResourceRecordSets + 5 writes against a burst of 2 at 2/s: 5 calls wait.
    const desired = Array.from({ length: 5 }, (_, i) => owned(`w${i}.example.com`, `192.0.2.${i + 1}`)).flat();
    const { result } = await reconcile(p, desired);
    assert.deepEqual(result.rejected, []);
    const summary = budgetLines(lines);
    assert.equal(summary.length, 1, 'one line for the pass, not one per call');
    const fields = summary[0]?.obj ?? {};
    assert.equal(fields.account, 'main');
    assert.equal(fields.calls, 7);
    assert.equal(fields.waits, 5);
    assert.ok(typeof fields.waitedMs === 'number' && fields.waitedMs >= 2000, `waitedMs=${String(fields.waitedMs)}`);
    assert.equal(fields.throttles, 0);
    assert.equal(fields.effectiveRate, 2);
    assert.equal(typeof fields.tokens, 'number');
    // A quiet pass (cached copy, nothing to change, bucket refilled) logs nothing.
    h.clock.advance(10_000);
    lines.length = 0;
    await reconcile(p, desired);
    p.beginPass();
    assert.deepEqual(budgetLines(lines), []);
  });

  void it('reports throttling with the lowered effective rate, counted for that pass only', async () => {
    const { logger, lines } = recordingLogger();
    const p = h.makeProvider({ apiRate: 10, apiBurst: 10 }, { logger });
    await p.records();
    h.clock.advance(10_000);
    lines.length = 0;
    h.emulator.faults.set({ throttleNext: 2, operations: ['ChangeResourceRecordSets'] });
    try {
      const { result } = await reconcile(p, owned('t.example.com', '192.0.2.50'));
      assert.deepEqual(result.rejected, []);
    } finally {
      h.emulator.faults.clear();
    }
    const summary = budgetLines(lines);
    assert.equal(summary.length, 1);
    const fields = summary[0]?.obj ?? {};
    assert.equal(fields.throttles, 2);
    assert.ok(typeof fields.effectiveRate === 'number' && fields.effectiveRate < 10, `effectiveRate=${String(fields.effectiveRate)}`);
    assert.equal(fields.configuredRate, 10);
  });

  void it('summarises a pass that only read at the start of the next pass', async () => {
    const { logger, lines } = recordingLogger();
    const p = h.makeProvider({ apiRate: 1, apiBurst: 1, recordsResyncMs: 0 }, { logger });
    p.beginPass();
    await p.zones(); // takes the only token
    await p.records(); // waits 1 s for the next one
    assert.deepEqual(budgetLines(lines), [], 'no apply yet: the pass may still write');
    p.beginPass();
    const summary = budgetLines(lines);
    assert.equal(summary.length, 1);
    assert.equal(summary[0]?.obj.waits, 1);
  });
});
