/**
 * Benchmark of Route53 API cost (a script, not a test). The real @aws-sdk/client-route-53 talks to
 * the in-process Route53 emulator; the aws provider, the TXT registry and the planner run as in
 * production through `reconcileOnce`, on a simulated clock (so an hour takes seconds).
 *
 *   node_modules/.bin/node bench/route53.ts [runs]          (default 3 runs per scenario)
 *
 * Scenarios, all with default settings (--interval 1m, --aws-records-resync 10m, --aws-api-rate 10,
 * --aws-api-burst 50, --aws-zones-cache-duration 0):
 *   (a) cold start: 10,000 desired records over 5 empty zones (→ 20,000 record sets with ownership TXT);
 *   (b) one idle hour: 60 passes a minute apart with nothing to do;
 *   (c) one record changed, a minute after the cold start.
 * Calls are counted per operation by the emulator; list passes per zone by a counting port.
 * Output: a table, then one JSON line `{"bench":"route53",…}` on stdout.
 * @module
 */
import assert from 'node:assert/strict';
import { startRoute53Emulator } from '../emulators/route53/index.ts';
import { createZone } from '../emulators/route53/sdk-fixture.ts';
import { reconcileOnce, type ReconcileDeps } from '../src/controller/reconcile.ts';
import { createDomainFilter, createEndpoint, DEFAULT_MANAGED_TYPES, type Endpoint } from '../src/endpoint/index.ts';
import { silentLogger } from '../src/log/logger.ts';
import {
  createAwsProvider,
  createRateBudget,
  createRoute53Client,
  createSdkRoute53Port,
  DEFAULT_AWS_PROVIDER_CONFIG,
  type Route53Port,
} from '../src/provider/aws/index.ts';
import { createSimulatedClock } from '../src/provider/aws/sim-clock.ts';
import { seededRandom } from '../src/provider/aws/test-harness.ts';
import { createTxtRegistry } from '../src/registry/txt/index.ts';
import type { Source } from '../src/source/source.ts';
import { minimumChangeCalls, median, printReport, type Figures } from './route53-report.ts';

const RECORDS = 10_000;
const ZONES = Array.from({ length: 5 }, (_, i) => `zone${i}.bench.example`);
const INTERVAL_MS = 60_000;
const IDLE_PASSES = 60;
const OWNER = 'bench';

function desiredEndpoints(changed?: number): Endpoint[] {
  return Array.from({ length: RECORDS }, (_, i) =>
    createEndpoint({
      dnsName: `host${i}.${ZONES[i % ZONES.length] ?? ''}`,
      recordType: 'A',
      targets: [i === changed ? '198.51.100.1' : `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`],
      ttl: 300,
      labels: { resource: `service/bench/svc${i}` },
    }),
  );
}

/** Full list passes (a ListResourceRecordSets without a start cursor) per zone id. */
function countingPort(inner: Route53Port, listPasses: Map<string, number>): Route53Port {
  return {
    ...inner,
    listResourceRecordSets(zoneId, start, maxItems, signal) {
      if (start === undefined) listPasses.set(zoneId, (listPasses.get(zoneId) ?? 0) + 1);
      return inner.listResourceRecordSets(zoneId, start, maxItems, signal);
    },
  };
}

async function runOnce(): Promise<Figures> {
  const clock = createSimulatedClock(Date.parse('2026-08-01T00:00:00Z'));
  const emulator = await startRoute53Emulator({ now: () => clock.now() });
  const client = createRoute53Client({ region: 'us-east-1', endpointUrl: emulator.url, credentials: { accessKeyId: 'AKIDBENCH', secretAccessKey: 'bench' } });
  try {
    const zoneIds: string[] = [];
    for (const z of ZONES) zoneIds.push(await createZone(client, z));
    const config = DEFAULT_AWS_PROVIDER_CONFIG;
    const listPasses = new Map<string, number>();
    const account = {
      name: 'bench',
      route53: countingPort(createSdkRoute53Port(client), listPasses),
      budget: createRateBudget({ rate: config.apiRate, burst: config.apiBurst, clock }),
    };
    const provider = createAwsProvider(config, { accounts: [account], clock, random: seededRandom() });
    let desired = desiredEndpoints();
    const source: Source = { endpoints: () => Promise.resolve({ endpoints: desired, problems: [], frozenResources: new Set() }), onChange: () => () => undefined };
    const deps: ReconcileDeps = {
      source,
      registry: createTxtRegistry(provider, { ownerId: OWNER }),
      settings: { policy: 'sync', domainFilter: createDomainFilter({}), managedTypes: DEFAULT_MANAGED_TYPES, excludeTypes: [], maxDeleteFraction: 0.3, force: false },
      logger: silentLogger(),
      beginPass: () => {
        provider.beginPass();
      },
    };
    const pass = async (): Promise<number> => {
      const started = performance.now();
      const r = await reconcileOnce(deps, { dryRun: false });
      assert.deepEqual(r.rejected, [], 'no change may be rejected');
      return performance.now() - started;
    };
    const counts = () => ({
      listHostedZones: emulator.counts.of('ListHostedZones'),
      listResourceRecordSets: emulator.counts.of('ListResourceRecordSets'),
      changeResourceRecordSets: emulator.counts.of('ChangeResourceRecordSets'),
      total: emulator.counts.total,
    });

    // (a) cold start.
    emulator.counts.reset();
    const coldMs = await pass();
    const cold = counts();
    const held = zoneIds.map((id) => (emulator.state.zone(id)?.records ?? []).filter((s) => s.Type !== 'NS' && s.Type !== 'SOA'));
    assert.equal(held.flat().length, 2 * RECORDS, 'every record and its ownership TXT landed');
    const minimum = 1 * Math.ceil(ZONES.length / 100) + ZONES.length + held.reduce((n, sets) => n + minimumChangeCalls(sets), 0);

    // (c) one record changed, one interval later (between resyncs).
    clock.advance(INTERVAL_MS);
    desired = desiredEndpoints(4242);
    emulator.counts.reset();
    const oneChangeMs = await pass();
    const oneChange = counts();
    const changedSet = emulator.state.zone(zoneIds[4242 % ZONES.length] ?? '')?.records.find((x) => x.Name === `host4242.${ZONES[4242 % ZONES.length] ?? ''}.` && x.Type === 'A');
    assert.deepEqual(changedSet?.ResourceRecords, [{ Value: '198.51.100.1' }], 'the changed record reached Route53');

    // (b) one idle hour: a pass every minute, nothing to do.
    emulator.counts.reset();
    listPasses.clear();
    const idleStart = performance.now();
    for (let i = 0; i < IDLE_PASSES; i++) {
      clock.advance(INTERVAL_MS);
      await pass();
    }
    const idleMs = performance.now() - idleStart;
    const idle = counts();
    const perZone = zoneIds.map((id) => listPasses.get(id) ?? 0);
    const setsPerZone = 2 * (RECORDS / ZONES.length) + 2; // records + TXTs + apex NS and SOA
    return {
      cold: { ...cold, minimum, ms: coldMs },
      idle: { ...idle, listPassesPerZone: perZone, ms: idleMs, externalDns: IDLE_PASSES * (Math.ceil(ZONES.length / 100) + ZONES.length * Math.ceil(setsPerZone / 300)) },
      oneChange: { ...oneChange, ms: oneChangeMs },
    };
  } finally {
    client.destroy();
    await emulator.close();
  }
}

const runs = Math.min(10, Math.max(1, Number(process.argv[2] ?? 3) || 3));
const results: Figures[] = [];
for (let i = 0; i < runs; i++) results.push(await runOnce());
const first = results[0]!;
// Counts are deterministic: every run must agree.
for (const r of results) {
  assert.deepEqual({ ...r.cold, ms: 0 }, { ...first.cold, ms: 0 }, 'cold-start counts differ between runs');
  assert.deepEqual({ ...r.idle, ms: 0 }, { ...first.idle, ms: 0 }, 'idle-hour counts differ between runs');
  assert.deepEqual({ ...r.oneChange, ms: 0 }, { ...first.oneChange, ms: 0 }, 'one-change counts differ between runs');
}
printReport({
  runs,
  records: RECORDS,
  zones: ZONES.length,
  figures: first,
  medianMs: { cold: median(results.map((r) => r.cold.ms)), idleHour: median(results.map((r) => r.idle.ms)), oneChange: median(results.map((r) => r.oneChange.ms)) },
});
