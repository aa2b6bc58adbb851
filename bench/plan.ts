/**
 * Benchmark of calculatePlan (a script, not a test). For each size N it plans N desired endpoints
 * against a current set where ~80% already match, ~10% need an update and ~10% are owned records
 * nobody wants any more (deleted); ~10% of desired are new (created). Records spread over 10 zones;
 * 5% are weighted (set identifier + aws/weight). Each size runs in a fresh Node process so its peak
 * RSS is its own. Prints the median of 5 plans (wall and CPU time) and the RSS figures.
 *
 *   node_modules/.bin/node --expose-gc bench/plan.ts [sizes…]      (default sizes: 10000 100000)
 *   BENCH_NODE_FLAGS='' node_modules/.bin/node --expose-gc bench/plan.ts   (Node's default V8 flags)
 *     (extra V8 flags for the measuring processes, e.g. to see the effect of a smaller young generation)
 *
 * Output: a small table, then one JSON line `{"bench":"plan",…}` on stdout.
 * @module
 */
import { spawnSync } from 'node:child_process';

/** The V8 flags bin/zonekeeper runs with; BENCH_NODE_FLAGS='' measures Node's defaults instead. */
const PRODUCT_NODE_FLAGS = '--max-semi-space-size=8 --optimize-for-size';
import assert from 'node:assert/strict';
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
  /** Wall time of one calculatePlan, median of RUNS. */
  medianMs: number;
  minMs: number;
  maxMs: number;
  /** CPU time (user + system, all threads incl. GC) of one calculatePlan, median of RUNS. */
  medianCpuMs: number;
  /** RSS once the inputs are built (after a full GC), before the first plan. */
  inputRssMB: number;
  /** Peak RSS of the process (process.resourceUsage().maxRSS): inputs plus planning. */
  peakRssMB: number;
  /** What planning added on top of the inputs: peakRssMB - inputRssMB. */
  planRssMB: number;
};

function ipv4(i: number): string {
  return `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
}

/**
 * The i-th record set, built as a literal already in canonical form (what createEndpoint returns),
 * so building 200k inputs does not dominate the process's memory; checkCanonical() verifies it.
 */
function recordAt(i: number, variant: number, labels: Record<string, string>): Endpoint {
  const kind = Math.floor(i / 10) % 10;
  const recordType: RecordType = kind < 7 ? 'A' : kind < 9 ? 'AAAA' : 'CNAME';
  // join() yields a flat string, as names parsed from JSON or normalised by createEndpoint are
  // (a template literal would leave a rope that the first map lookup flattens, a cost real inputs do not have).
  const dnsName = [`svc-${i}`, `team-${i % 500}`, ZONES[Math.floor(i / 100) % ZONES.length] ?? ''].join('.');
  const targets =
    recordType === 'A'
      ? [ipv4(i + variant), ipv4(i + variant + 1)].sort()
      : recordType === 'AAAA'
        ? [`2001:db8::${(i + variant).toString(16)}`]
        : [`lb-${i + variant}.elb.example.net`];
  const weighted = i % 20 === 0;
  return {
    dnsName,
    recordType,
    targets,
    setIdentifier: weighted ? 'blue' : '',
    ttl: 300,
    labels,
    providerSpecific: weighted ? { 'aws/weight': '10' } : {},
  };
}

function checkCanonical(): void {
  for (let i = 0; i < 200; i += 7) {
    const e = recordAt(i, 3, { resource: 'r' });
    assert.deepEqual(e, createEndpoint(e), `bench: record ${i} is not canonical`);
  }
}

function buildInput(size: number): PlanInput {
  const desired: Endpoint[] = [];
  const current: Endpoint[] = [];
  for (let i = 0; i < size; i++) {
    const resource = `service/ns-${i % 50}/svc-${i}`;
    desired.push(recordAt(i, 0, { resource }));
    const slice = i % 10;
    if (slice === 0) continue; // ~10% new: created
    current.push(recordAt(i, slice === 1 ? 7 : 0, { owner: OWNER, resource })); // ~10% differ: updated; ~80% match
  }
  for (let i = size; i < size + size / 10; i++) {
    current.push(recordAt(i, 0, { owner: OWNER, resource: `service/gone/svc-${i}` })); // ~10% unwanted: deleted
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

function benchOne(size: number): Result {
  checkCanonical();
  const input = buildInput(size);
  gc?.();
  const inputRss = process.memoryUsage().rss;
  const wall: number[] = [];
  const cpu: number[] = [];
  let plan = calculatePlan(input); // warm-up
  for (let run = 0; run < RUNS; run++) {
    gc?.();
    const cpuStart = process.cpuUsage();
    const start = process.hrtime.bigint();
    plan = calculatePlan(input);
    wall.push(Number(process.hrtime.bigint() - start) / 1e6);
    const used = process.cpuUsage(cpuStart);
    cpu.push((used.user + used.system) / 1000);
  }
  if (plan.refusals.length > 0) throw new Error(`bench: the safety threshold refused zones: ${JSON.stringify(plan.refusals)}`);
  wall.sort((a, b) => a - b);
  cpu.sort((a, b) => a - b);
  const mid = Math.floor(RUNS / 2);
  return {
    size,
    current: input.current.length,
    creates: plan.changes.create.length,
    updates: plan.changes.updateNew.length,
    deletes: plan.changes.delete.length,
    medianMs: round(wall[mid] ?? 0),
    minMs: round(wall[0] ?? 0),
    maxMs: round(wall[RUNS - 1] ?? 0),
    medianCpuMs: round(cpu[mid] ?? 0),
    inputRssMB: round(inputRss / 1048576),
    peakRssMB: round(process.resourceUsage().maxRSS / 1024), // maxRSS is in KiB
    planRssMB: round(process.resourceUsage().maxRSS / 1024 - inputRss / 1048576),
  };
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}

/** Runs one size in a fresh Node process, so each peak RSS belongs to that size alone. */
function benchInChild(size: number): Result {
  const flags = (process.env['BENCH_NODE_FLAGS'] ?? PRODUCT_NODE_FLAGS).split(' ').filter((f) => f !== '');
  const child = spawnSync(process.execPath, ['--expose-gc', ...flags, import.meta.filename, '--one', String(size)], {
    encoding: 'utf8',
    timeout: 300_000,
  });
  if (child.status !== 0) throw new Error(`bench: size ${size} failed (exit ${child.status ?? child.signal}): ${child.stderr}`);
  return JSON.parse(child.stdout) as Result;
}

const args = process.argv.slice(2);
if (args[0] === '--one') {
  if (gc === undefined) throw new Error('bench: run with --expose-gc');
  console.log(JSON.stringify(benchOne(Number(args[1]))));
} else {
  const sizes = args.map(Number).filter((n) => Number.isInteger(n) && n > 0);
  const results = (sizes.length > 0 ? sizes : [10_000, 100_000]).map(benchInChild);
  const columns: [string, (r: Result) => number][] = [
    ['desired', (r) => r.size],
    ['current', (r) => r.current],
    ['creates', (r) => r.creates],
    ['updates', (r) => r.updates],
    ['deletes', (r) => r.deletes],
    ['median ms', (r) => r.medianMs],
    ['min ms', (r) => r.minMs],
    ['max ms', (r) => r.maxMs],
    ['CPU ms', (r) => r.medianCpuMs],
    ['input RSS MB', (r) => r.inputRssMB],
    ['peak RSS MB', (r) => r.peakRssMB],
    ['plan RSS MB', (r) => r.planRssMB],
  ];
  console.log(columns.map(([h]) => h).join('  '));
  for (const r of results) console.log(columns.map(([h, f]) => String(f(r)).padStart(h.length)).join('  '));
  const nodeFlags = process.env['BENCH_NODE_FLAGS'] ?? PRODUCT_NODE_FLAGS;
  console.log(JSON.stringify({ bench: 'plan', node: process.version, nodeFlags, runs: RUNS, results }));
}
