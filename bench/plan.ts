/**
 * Benchmark of calculatePlan (a script, not a test): for 10k and 100k desired endpoints against a
 * current set where ~80% already match, ~10% need an update, ~10% are owned records to delete (and
 * ~10% of desired are new), prints the median plan time of 5 runs and the process's peak RSS.
 *
 *   node_modules/.bin/node --expose-gc bench/plan.ts [sizes…]      (default sizes: 10000 100000)
 *
 * Output: a small table, then one JSON line `{"bench":"plan","results":[…]}` on stdout.
 * @module
 */
import { createDomainFilter, createEndpoint, DEFAULT_MANAGED_TYPES, type Endpoint, type RecordType } from '../src/endpoint/index.ts';
import { calculatePlan } from '../src/plan/plan.ts';
import type { PlanInput } from '../src/plan/types.ts';

const RUNS = 5;
const OWNER = 'bench-owner';
const ZONES = Array.from({ length: 10 }, (_, z) => `zone${z}.example.com`);

type Result = {
  size: number;
  current: number;
  creates: number;
  updates: number;
  deletes: number;
  medianMs: number;
  minMs: number;
  maxMs: number;
  peakRssMB: number;
};

function ipv4(i: number): string {
  return `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
}

/** The i-th record set: mostly A, some AAAA and CNAME, some with a set identifier and weight. */
function recordAt(i: number, variant: number, labels: Record<string, string>): Endpoint {
  const kind = Math.floor(i / 10) % 10;
  const type: RecordType = kind < 7 ? 'A' : kind < 9 ? 'AAAA' : 'CNAME';
  const name = `svc-${i}.team-${i % 500}.${ZONES[Math.floor(i / 100) % ZONES.length] ?? ''}`;
  const targets =
    type === 'A'
      ? [ipv4(i + variant), ipv4(i + variant + 1)]
      : type === 'AAAA'
        ? [`2001:db8::${(i + variant).toString(16)}`]
        : [`lb-${i + variant}.elb.example.net`];
  const weighted = i % 20 === 0;
  return createEndpoint({
    dnsName: name,
    recordType: type,
    targets,
    ttl: 300,
    setIdentifier: weighted ? 'blue' : '',
    providerSpecific: weighted ? { 'aws/weight': '10' } : {},
    labels,
  });
}

function buildInput(size: number): PlanInput {
  const desired: Endpoint[] = [];
  const current: Endpoint[] = [];
  for (let i = 0; i < size; i++) {
    const resource = `service/ns-${i % 50}/svc-${i}`;
    desired.push(recordAt(i, 0, { resource }));
    const slice = i % 10;
    if (slice === 0) continue; // ~10% new: created
    const owned = { owner: OWNER, resource };
    current.push(recordAt(i, slice === 1 ? 7 : 0, owned)); // ~10% differ: updated; ~80% match
  }
  // ~10% owned records no object wants any more: deleted.
  for (let i = size; i < size + size / 10; i++) {
    current.push(recordAt(i, 0, { owner: OWNER, resource: `service/gone/svc-${i}` }));
  }
  return {
    current,
    desired,
    policy: 'sync',
    ownerId: OWNER,
    domainFilter: createDomainFilter({ include: ['example.com'] }),
    managedTypes: DEFAULT_MANAGED_TYPES,
    excludeTypes: [],
    frozenResources: new Set(['service/ns-1/svc-1']),
    zones: ZONES,
    maxDeleteFraction: 0.3,
    force: false,
  };
}

const gc = (globalThis as { gc?: () => void }).gc;

function bench(size: number): Result {
  const input = buildInput(size);
  const times: number[] = [];
  let plan = calculatePlan(input);
  for (let run = 0; run < RUNS; run++) {
    gc?.();
    const start = process.hrtime.bigint();
    plan = calculatePlan(input);
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  times.sort((a, b) => a - b);
  if (plan.refusals.length > 0) throw new Error(`bench: the safety threshold refused zones: ${JSON.stringify(plan.refusals)}`);
  return {
    size,
    current: input.current.length,
    creates: plan.changes.create.length,
    updates: plan.changes.updateNew.length,
    deletes: plan.changes.delete.length,
    medianMs: round(times[Math.floor(RUNS / 2)] ?? 0),
    minMs: round(times[0] ?? 0),
    maxMs: round(times[RUNS - 1] ?? 0),
    // maxRSS is in KiB and is the peak of the whole process so far (inputs included).
    peakRssMB: round(process.resourceUsage().maxRSS / 1024),
  };
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}

const sizes = process.argv.slice(2).map(Number).filter((n) => Number.isInteger(n) && n > 0);
if (gc === undefined) console.error('bench/plan: run with --expose-gc for steadier timings');
const results = (sizes.length > 0 ? sizes : [10_000, 100_000]).map(bench);

console.log('desired  current  creates  updates  deletes  median ms  min ms  max ms  peak RSS MB');
for (const r of results) {
  console.log(
    [r.size, r.current, r.creates, r.updates, r.deletes, r.medianMs, r.minMs, r.maxMs, r.peakRssMB]
      .map((v, i) => String(v).padStart(i === 0 ? 7 : [7, 8, 8, 8, 10, 7, 7, 12][i - 1] ?? 8))
      .join('  '),
  );
}
console.log(JSON.stringify({ bench: 'plan', node: process.version, runs: RUNS, results }));
