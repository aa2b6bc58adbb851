/**
 * Which record set answers when a name and type hold several (set identifiers). Weighted sets
 * (every set carries `aws/weight`) are chosen at random in proportion to weight, as Route53 does:
 * all weights 0 → uniform, weight 0 next to non-zero weights → never. Any other routing policy
 * (latency, geolocation, failover, ...) cannot be evaluated locally: the first set in set-identifier
 * order answers, so the answer is at least stable.
 * @module
 */
import { PROP, type Endpoint } from '../../endpoint/index.ts';

export function chooseSet(sets: readonly Endpoint[], random: () => number): Endpoint | undefined {
  if (sets.length <= 1) return sets[0];
  const ordered = [...sets].sort((a, b) => (a.setIdentifier < b.setIdentifier ? -1 : a.setIdentifier > b.setIdentifier ? 1 : 0));
  const weights = ordered.map((s) => weightOf(s));
  if (weights.some((w) => w === undefined)) return ordered[0];
  const known = weights.map((w) => w ?? 0);
  const total = known.reduce((a, b) => a + b, 0);
  if (total === 0) return ordered[Math.min(ordered.length - 1, Math.floor(random() * ordered.length))];
  let point = random() * total;
  for (const [i, w] of known.entries()) {
    if (w > 0 && point < w) return ordered[i];
    point -= w;
  }
  // Rounding can leave `point` just past the end: the last set with a non-zero weight takes it.
  return ordered[known.findLastIndex((w) => w > 0)];
}

function weightOf(e: Endpoint): number | undefined {
  const raw = e.providerSpecific[PROP.weight];
  if (raw === undefined) return undefined;
  const n = Number(raw);
  return Number.isInteger(n) && n >= 0 ? n : 0;
}
