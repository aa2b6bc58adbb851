/**
 * Figures of the Route53 benchmark: the lower bound on ChangeResourceRecordSets calls that
 * Route53's per-request limits allow, and the printed table plus JSON line.
 * @module
 */
import type { RecordSet } from '../emulators/route53/index.ts';

/** Route53 per-request limits: ResourceRecord elements and value characters (CREATE counts once). */
const MAX_VALUES = 1000;
const MAX_CHARS = 32_000;

type Counts = { listHostedZones: number; listResourceRecordSets: number; changeResourceRecordSets: number; total: number };

export type Figures = {
  cold: Counts & { minimum: number; ms: number };
  idle: Counts & { listPassesPerZone: number[]; ms: number; externalDns: number };
  oneChange: Counts & { ms: number };
};

/** The fewest requests that could create `sets` in one zone: each request ≤ 1,000 values and ≤ 32,000 characters. */
export function minimumChangeCalls(sets: readonly RecordSet[]): number {
  let values = 0;
  let chars = 0;
  for (const s of sets) {
    if (s.AliasTarget !== undefined) {
      values += 1;
      chars += s.AliasTarget.DNSName.length;
    }
    for (const r of s.ResourceRecords ?? []) {
      values += 1;
      chars += r.Value.length;
    }
  }
  return Math.max(Math.ceil(values / MAX_VALUES), Math.ceil(chars / MAX_CHARS));
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
}

export type Report = Readonly<{ runs: number; records: number; zones: number; figures: Figures; medianMs: { cold: number; idleHour: number; oneChange: number } }>;

export function printReport(r: Report): void {
  const { cold, idle, oneChange } = r.figures;
  const ratio = cold.total / cold.minimum;
  const maxPasses = Math.max(...idle.listPassesPerZone);
  const line = (cells: (string | number)[]): string => cells.map((c, i) => String(c).padStart(i === 0 ? 0 : 10).padEnd(i === 0 ? 30 : 0)).join('');
  console.log(`route53: ${r.records} records over ${r.zones} zones, real SDK → in-process emulator, simulated clock, ${r.runs} run(s)`);
  console.log(line(['scenario', 'LHZ', 'LRRS', 'CRRS', 'total', 'median ms']));
  console.log(line(['(a) cold start', cold.listHostedZones, cold.listResourceRecordSets, cold.changeResourceRecordSets, cold.total, r.medianMs.cold.toFixed(0)]));
  console.log(line(['(a) minimum allowed', Math.ceil(r.zones / 100), r.zones, cold.minimum - Math.ceil(r.zones / 100) - r.zones, cold.minimum, '']));
  console.log(line(['(b) idle hour (60 passes)', idle.listHostedZones, idle.listResourceRecordSets, idle.changeResourceRecordSets, idle.total, r.medianMs.idleHour.toFixed(0)]));
  console.log(line(['(b) ExternalDNS model', 60, idle.externalDns - 60, 0, idle.externalDns, '']));
  console.log(line(['(c) one record changed', oneChange.listHostedZones, oneChange.listResourceRecordSets, oneChange.changeResourceRecordSets, oneChange.total, r.medianMs.oneChange.toFixed(0)]));
  console.log(`cold start: ${cold.total} calls vs minimum ${cold.minimum} → ratio ${ratio.toFixed(3)} (goal ≤ 1.1)`);
  console.log(`idle hour: full list passes per zone ${idle.listPassesPerZone.join(', ')} (goal ≤ 6), writes ${idle.changeResourceRecordSets} (goal 0); ExternalDNS would make ${idle.externalDns} calls`);
  console.log(`one change: ${oneChange.changeResourceRecordSets} ChangeResourceRecordSets, ${oneChange.listResourceRecordSets} ListResourceRecordSets (goal 1 and 0)`);
  console.log(
    JSON.stringify({
      bench: 'route53',
      records: r.records,
      zones: r.zones,
      runs: r.runs,
      cold: { ...cold, ms: undefined, ratio: Number(ratio.toFixed(3)), medianMs: Math.round(r.medianMs.cold) },
      idleHour: { ...idle, ms: undefined, maxListPassesPerZone: maxPasses, medianMs: Math.round(r.medianMs.idleHour) },
      oneChange: { ...oneChange, ms: undefined, medianMs: Math.round(r.medianMs.oneChange) },
    }),
  );
}
