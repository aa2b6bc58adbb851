import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CreateHealthCheckCommand, CreateHostedZoneCommand, ListHostedZonesCommand } from '@aws-sdk/client-route-53';
import { AWS_2026_THROTTLE } from './index.ts';
import { change, clientFor, createZone, rejects, rrset, startFixture } from './sdk-fixture.ts';

type SdkError = Error & { $fault?: string; $metadata?: { httpStatusCode?: number; attempts?: number } };
const list = new ListHostedZonesCommand({});

void describe('throttling', () => {
  void it('answers Throttling / Rate exceeded (HTTP 400) once the account bucket is empty', async () => {
    const f = await startFixture({ throttle: { rate: 0, burst: 3 } });
    try {
      for (let i = 0; i < 3; i++) await f.client.send(list);
      await assert.rejects(f.client.send(list), (e: SdkError) => {
        assert.equal(e.name, 'Throttling');
        assert.equal(e.message, 'Rate exceeded');
        assert.equal(e.$fault, 'client');
        assert.equal(e.$metadata?.httpStatusCode, 400);
        return true;
      });
      assert.equal(f.emulator.counts.of('ListHostedZones', 'Throttling'), 1);
      assert.equal(f.emulator.counts.of('ListHostedZones', 'ok'), 3);
    } finally {
      await f.close();
    }
  });

  void it('refills the bucket at the configured rate (driven by an injected clock)', async () => {
    let clock = 1_000_000;
    const f = await startFixture({ now: () => clock, throttle: { rate: 10, burst: 2 } });
    try {
      await f.client.send(list);
      await f.client.send(list);
      await rejects(f.client.send(list), 'Throttling');
      clock += 100; // one token at 10/s
      await f.client.send(list);
      await rejects(f.client.send(list), 'Throttling');
      f.emulator.setThrottle(undefined);
      for (let i = 0; i < 5; i++) await f.client.send(list);
    } finally {
      await f.close();
    }
  });

  void it('applies a per-operation bucket on top of the account bucket', async () => {
    const f = await startFixture({ throttle: { rate: 100, burst: 100, perOperation: { CreateHealthCheck: { rate: 0, burst: 1 } } } });
    try {
      const config = { Type: 'TCP' as const, IPAddress: '192.0.2.1', Port: 22 };
      await f.client.send(new CreateHealthCheckCommand({ CallerReference: 'a', HealthCheckConfig: config }));
      await rejects(f.client.send(new CreateHealthCheckCommand({ CallerReference: 'b', HealthCheckConfig: config })), 'Throttling');
      await f.client.send(list);
    } finally {
      await f.close();
    }
  });

  void it('throttles on the change-throughput bucket by number of record changes', async () => {
    const f = await startFixture({ throttle: { rate: 100, burst: 100, changes: { rate: 0, burst: 3 } } });
    try {
      const zone = await createZone(f.client, 'changes.example');
      const four = Array.from({ length: 4 }, (_, i) => ({ Action: 'CREATE' as const, ResourceRecordSet: rrset(`c${i}.changes.example`, 'A', ['192.0.2.1']) }));
      await rejects(change(f.client, zone, four), 'Throttling');
      await change(f.client, zone, four.slice(0, 3));
    } finally {
      await f.close();
    }
  });

  void it('lets the SDK retry through a short throttling storm', async () => {
    const f = await startFixture();
    try {
      f.emulator.faults.set({ throttleNext: 2 });
      const retrying = clientFor(f.emulator, { maxAttempts: 3 });
      const out = await retrying.send(list);
      assert.equal(out.$metadata.attempts, 3);
      assert.equal(f.emulator.counts.of('ListHostedZones', 'Throttling'), 2);
      retrying.destroy();
    } finally {
      await f.close();
    }
  });

  void it('throttles every request during a timed storm, then recovers', async () => {
    let clock = 2_000_000;
    const f = await startFixture({ now: () => clock });
    try {
      f.emulator.faults.set({ throttleForMs: 150 });
      await rejects(f.client.send(list), 'Throttling');
      clock += 149;
      await rejects(f.client.send(list), 'Throttling');
      clock += 1;
      await f.client.send(list);
    } finally {
      await f.close();
    }
  });
});

void describe('the AWS 2026 throttle preset', () => {
  void it('allows a burst of 50 calls, then throttles, and limits CreateHostedZone to its own bucket of 40', async () => {
    let clock = 5_000_000;
    const f = await startFixture({ now: () => clock, throttle: AWS_2026_THROTTLE });
    try {
      for (let i = 0; i < 40; i++) await f.client.send(new CreateHostedZoneCommand({ Name: `z${i}.example`, CallerReference: `z${i}` }));
      await rejects(f.client.send(new CreateHostedZoneCommand({ Name: 'z40.example', CallerReference: 'z40' })), 'Throttling');
      for (let i = 0; i < 10; i++) await f.client.send(list); // a refused call takes no token
      await rejects(f.client.send(list), 'Throttling');
      clock += 1000; // 10 account tokens, 2 CreateHostedZone tokens
      await f.client.send(new CreateHostedZoneCommand({ Name: 'z40.example', CallerReference: 'z40' }));
      for (let i = 0; i < 9; i++) await f.client.send(list);
      await rejects(f.client.send(list), 'Throttling');
    } finally {
      await f.close();
    }
  });
});

void describe('PriorRequestNotComplete', () => {
  void it('refuses a second change to the same zone while the first is in flight', async () => {
    let clock = 3_000_000;
    const f = await startFixture({ inFlightMs: 250, now: () => clock });
    try {
      const zone = await createZone(f.client, 'busy.example');
      const other = await createZone(f.client, 'other.example');
      await change(f.client, zone, [{ Action: 'CREATE', ResourceRecordSet: rrset('a.busy.example', 'A', ['192.0.2.1']) }]);
      await rejects(
        change(f.client, zone, [{ Action: 'CREATE', ResourceRecordSet: rrset('b.busy.example', 'A', ['192.0.2.1']) }]),
        'PriorRequestNotComplete',
        'The request was rejected because Route 53 was still processing a prior request.',
      );
      await change(f.client, other, [{ Action: 'CREATE', ResourceRecordSet: rrset('a.other.example', 'A', ['192.0.2.1']) }]);
      clock += 250;
      await change(f.client, zone, [{ Action: 'CREATE', ResourceRecordSet: rrset('b.busy.example', 'A', ['192.0.2.1']) }]);
    } finally {
      await f.close();
    }
  });
});

void describe('fault injection', () => {
  void it('answers HTTP 500 InternalFailure for the next N requests', async () => {
    const f = await startFixture();
    try {
      f.emulator.faults.set({ internalErrorNext: 1 });
      await assert.rejects(f.client.send(list), (e: SdkError) => e.name === 'InternalFailure' && e.$fault === 'server' && e.$metadata?.httpStatusCode === 500);
      await f.client.send(list);
      f.emulator.faults.set({ internalErrorNext: 2 });
      const retrying = clientFor(f.emulator, { maxAttempts: 3 });
      assert.equal((await retrying.send(list)).$metadata.attempts, 3);
      retrying.destroy();
    } finally {
      await f.close();
    }
  });

  void it('fails a share of requests with 500, reproducibly for a seed', async () => {
    const run = async (): Promise<boolean[]> => {
      const f = await startFixture({ faultSeed: 42 });
      try {
        f.emulator.faults.set({ internalErrorRate: 0.5 });
        const outcomes: boolean[] = [];
        for (let i = 0; i < 40; i++) outcomes.push(await f.client.send(list).then(() => true, () => false));
        return outcomes;
      } finally {
        await f.close();
      }
    };
    const first = await run();
    const failures = first.filter((ok) => !ok).length;
    assert.ok(failures > 8 && failures < 32, `${failures} of 40 failed`);
    assert.deepEqual(await run(), first);
  });

  void it('drops the connection without an answer', async () => {
    const f = await startFixture();
    try {
      f.emulator.faults.set({ dropNext: 1, operations: ['ListHostedZones'] });
      await assert.rejects(f.client.send(list));
      assert.equal(f.emulator.counts.of('ListHostedZones', 'dropped'), 1);
      await f.client.send(list);
    } finally {
      await f.close();
    }
  });

  void it('delays answers by the configured time', async () => {
    const f = await startFixture();
    try {
      f.emulator.faults.set({ delayMs: 300 });
      const started = Date.now();
      await f.client.send(list);
      assert.ok(Date.now() - started >= 295, `answered after ${Date.now() - started} ms`);
      f.emulator.faults.clear();
      const again = Date.now();
      await f.client.send(list);
      assert.ok(Date.now() - again < 295, `answered after ${Date.now() - again} ms without a delay fault`);
    } finally {
      await f.close();
    }
  });
});
