/**
 * Renders a plan for people (a table) or for tools (`--output json`).
 * @module
 */
import { LABEL, formatProblem, toWire, type Problem } from '../endpoint/index.ts';
import { describeChanges } from '../controller/reconcile.ts';
import type { Plan } from '../plan/types.ts';

export function planToJson(plan: Plan, problems: readonly Problem[]): unknown {
  const { changes } = plan;
  return {
    summary: { create: changes.create.length, update: changes.updateNew.length, delete: changes.delete.length },
    changes: {
      create: changes.create.map(toWire),
      update: changes.updateNew.map((e, i) => ({ old: changes.updateOld[i] === undefined ? null : toWire(changes.updateOld[i]), new: toWire(e) })),
      delete: changes.delete.map(toWire),
    },
    conflicts: plan.conflicts.map((c) => ({
      dnsName: c.dnsName,
      setIdentifier: c.setIdentifier,
      winner: c.winner.labels[LABEL.resource] ?? '',
      losers: c.losers.map((l) => l.labels[LABEL.resource] ?? ''),
      reason: c.reason,
    })),
    skipped: plan.skipped.map((s) => ({ ...toWire(s.endpoint), foreignOwner: s.foreignOwner, reason: s.reason })),
    refusals: plan.refusals,
    problems,
  };
}

export function planToTable(plan: Plan, problems: readonly Problem[], ownerId: string): string {
  const rows = describeChanges(plan.changes, ownerId).map((c) => [
    c.action.toUpperCase(),
    c.name,
    c.type,
    c.setIdentifier ?? '',
    c.previousTargets === undefined ? c.targets.join(',') : `${c.previousTargets.join(',')} -> ${c.targets.join(',')}`,
    c.ttl === 0 ? '-' : String(c.ttl),
    c.resource,
  ]);
  const lines: string[] = [];
  if (rows.length === 0) lines.push('No changes: all records are up to date.');
  else lines.push(...table(['ACTION', 'NAME', 'TYPE', 'SET-ID', 'TARGETS', 'TTL', 'SOURCE'], rows));
  const s = plan.changes;
  lines.push('', `Plan: ${s.create.length} to create, ${s.updateNew.length} to update, ${s.delete.length} to delete.`);
  for (const r of plan.refusals) {
    lines.push(`REFUSED zone ${r.zone}: ${r.deletes} of ${r.owned} owned records would be deleted (over --max-delete-fraction=${r.maxDeleteFraction}); use --force to allow.`);
  }
  for (const c of plan.conflicts) lines.push(`CONFLICT ${c.dnsName}: ${c.reason}`);
  for (const k of plan.skipped) lines.push(`SKIPPED ${k.endpoint.dnsName} ${k.endpoint.recordType}: ${k.reason}`);
  for (const p of problems) lines.push(`${p.severity === 'error' ? 'ERROR' : 'WARNING'} ${formatProblem(p)}`);
  return `${lines.join('\n')}\n`;
}

function table(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]): string => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ').trimEnd();
  return [line(header), ...rows.map(line)];
}
