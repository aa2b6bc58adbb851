/**
 * What each source object should be told after a pass, computed without I/O: the Events to emit and
 * the object's DNS status. One FeedbackItem per object (by `resource` label) that has desired
 * records, was named by a change, a problem, a conflict, an ownership skip or a held-back delete.
 *
 * Ready reasons, most severe first: Invalid (an error Problem: records kept as they are) > Rejected
 * (the provider refused a change) > ConflictLost (another object or owner holds the name) > Pending
 * (changes computed but not written: dry run, not leader, or held back by the delete safety threshold)
 * > Programmed.
 * @module
 */
import { LABEL, formatProblem, isInZone, type Endpoint, type Problem } from '../../endpoint/index.ts';
import { hasChanges, type Changes } from '../../plan/changes.ts';
import type { ReconcileResult } from '../reconcile.ts';

export const EVENT_REASONS = [
  'RecordCreated',
  'RecordUpdated',
  'RecordDeleted',
  'RecordRejected',
  'ConflictLost',
  'InvalidAnnotation',
  'InvalidSpec',
  'DeleteRefused',
] as const;
export type EventReason = (typeof EVENT_REASONS)[number];

export type FeedbackEvent = Readonly<{ type: 'Normal' | 'Warning'; reason: EventReason; action: string; note: string }>;

export type ReadyReason = 'Programmed' | 'Invalid' | 'Rejected' | 'ConflictLost' | 'Pending';

export type ObjectDnsStatus = Readonly<{
  /** Desired records this object produced in the pass. */
  records: number;
  accepted: boolean;
  /** 'Accepted' or 'Invalid'. */
  acceptedReason: 'Accepted' | 'Invalid';
  acceptedMessage: string;
  ready: boolean;
  readyReason: ReadyReason;
  readyMessage: string;
}>;

export type FeedbackItem = Readonly<{ resource: string; events: readonly FeedbackEvent[]; status: ObjectDnsStatus }>;

export type FeedbackInput = Readonly<{
  result: ReconcileResult;
  /** The pass's desired endpoints; objects whose records are all in step appear only through these. */
  desired?: readonly Endpoint[];
  ownerId: string;
  /** Changes the delete safety threshold held back (what the plan would have done with --force). */
  heldBack?: Changes;
}>;

const resourceOf = (e: Endpoint | undefined): string => e?.labels[LABEL.resource] ?? '';

function describeRecord(e: Endpoint, ownerId: string): string {
  const set = e.setIdentifier === '' ? '' : ` set ${e.setIdentifier}`;
  const ttl = e.ttl === 0 ? '' : ` ttl ${e.ttl}`;
  return `${e.dnsName} ${e.recordType}${set} -> [${e.targets.join(', ')}]${ttl} (owner ${e.labels[LABEL.owner] ?? (ownerId || 'none')})`;
}

type Draft = { records: number; events: FeedbackEvent[]; invalid: Problem[]; rejected: string[]; lost: string[]; pending: string[] };

export function feedbackFrom(input: FeedbackInput): FeedbackItem[] {
  const { result, ownerId } = input;
  const { plan } = result;
  const drafts = new Map<string, Draft>();
  const draft = (resource: string): Draft | undefined => {
    if (resource === '') return undefined;
    let d = drafts.get(resource);
    if (d === undefined) {
      d = { records: 0, events: [], invalid: [], rejected: [], lost: [], pending: [] };
      drafts.set(resource, d);
    }
    return d;
  };
  const event = (resource: string, e: FeedbackEvent): void => {
    draft(resource)?.events.push(e);
  };

  for (const e of input.desired ?? []) {
    const d = draft(resourceOf(e));
    if (d !== undefined) d.records++;
  }

  for (const p of result.problems) {
    const d = draft(p.object);
    if (d === undefined) continue;
    if (p.severity === 'error') d.invalid.push(p);
    const annotation = p.field.includes('/');
    event(p.object, {
      type: 'Warning',
      reason: annotation ? 'InvalidAnnotation' : 'InvalidSpec',
      action: 'Validate',
      note: `${annotation ? 'annotation' : 'field'} ${p.field}="${p.value}": ${p.message}${p.severity === 'error' ? ' (records of this object kept as they are)' : ''}`,
    });
  }

  const rejected = new Set(result.rejected.map((r) => r.endpoint));
  for (const r of result.rejected) {
    const resource = resourceOf(r.endpoint);
    draft(resource)?.rejected.push(`${r.action} ${r.endpoint.dnsName} ${r.endpoint.recordType}: ${r.reason}`);
    event(resource, { type: 'Warning', reason: 'RecordRejected', action: 'Reject', note: `provider rejected ${r.action} of ${describeRecord(r.endpoint, ownerId)}: ${r.reason}` });
  }

  const { changes } = plan;
  if (result.applied) {
    for (const e of changes.create) {
      if (!rejected.has(e)) event(resourceOf(e), { type: 'Normal', reason: 'RecordCreated', action: 'Create', note: `created ${describeRecord(e, ownerId)}` });
    }
    changes.updateNew.forEach((e, i) => {
      if (rejected.has(e)) return;
      const old = changes.updateOld[i];
      const from = old === undefined ? '' : ` (was [${old.targets.join(', ')}]${old.ttl === 0 ? '' : ` ttl ${old.ttl}`})`;
      event(resourceOf(e) || resourceOf(old), { type: 'Normal', reason: 'RecordUpdated', action: 'Update', note: `updated ${describeRecord(e, ownerId)}${from}` });
    });
    for (const e of changes.delete) {
      if (!rejected.has(e)) event(resourceOf(e), { type: 'Normal', reason: 'RecordDeleted', action: 'Delete', note: `deleted ${describeRecord(e, ownerId)}` });
    }
  } else if (hasChanges(changes)) {
    for (const e of [...changes.create, ...changes.updateNew, ...changes.delete]) {
      draft(resourceOf(e))?.pending.push(`${e.dnsName} ${e.recordType} not yet written`);
    }
    changes.updateOld.forEach((e) => draft(resourceOf(e))?.pending.push(`${e.dnsName} ${e.recordType} not yet written`));
  }

  for (const c of plan.conflicts) {
    const winner = resourceOf(c.winner);
    for (const loser of c.losers) {
      const resource = resourceOf(loser);
      if (resource === winner) continue;
      const name = `${c.dnsName}${c.setIdentifier === '' ? '' : ` (set ${c.setIdentifier})`}`;
      draft(resource)?.lost.push(`${name} is published by ${winner || 'another object'}`);
      event(resource, { type: 'Warning', reason: 'ConflictLost', action: 'Resolve', note: `${name}: lost to ${winner || 'another object'}: ${c.reason}` });
    }
  }
  for (const s of plan.skipped) {
    const resource = resourceOf(s.endpoint);
    const name = `${s.endpoint.dnsName} ${s.endpoint.recordType}`;
    draft(resource)?.lost.push(`${name} is owned by "${s.foreignOwner}"`);
    event(resource, { type: 'Warning', reason: 'ConflictLost', action: 'Resolve', note: `${name}: owned by owner "${s.foreignOwner}", not "${ownerId}": ${s.reason}` });
  }

  if (input.heldBack !== undefined) {
    const why = (e: Endpoint): string => {
      const r = plan.refusals.find((z) => isInZone(e.dnsName, z.zone));
      return r === undefined
        ? 'the delete safety threshold holds its zone back'
        : `the delete safety threshold holds zone ${r.zone} back (${r.deletes} of ${r.owned} owned records would go, limit ${r.maxDeleteFraction})`;
    };
    for (const e of input.heldBack.delete) {
      event(resourceOf(e), { type: 'Warning', reason: 'DeleteRefused', action: 'Delete', note: `not deleting ${describeRecord(e, ownerId)}: ${why(e)}; use --force if intended` });
    }
    for (const e of [...input.heldBack.create, ...input.heldBack.updateNew]) {
      draft(resourceOf(e))?.pending.push(`${e.dnsName} ${e.recordType} not written: ${why(e)}`);
    }
  }

  return [...drafts.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([resource, d]) => ({ resource, events: d.events, status: statusOf(d) }));
}

function statusOf(d: Draft): ObjectDnsStatus {
  const accepted = d.invalid.length === 0;
  const acceptedMessage = accepted ? 'annotations and spec are valid' : d.invalid.map(formatProblem).join('; ');
  const [readyReason, readyMessage]: [ReadyReason, string] = !accepted
    ? ['Invalid', acceptedMessage]
    : d.rejected.length > 0
      ? ['Rejected', d.rejected.join('; ')]
      : d.lost.length > 0
        ? ['ConflictLost', d.lost.join('; ')]
        : d.pending.length > 0
          ? ['Pending', [...new Set(d.pending)].join('; ')]
          : ['Programmed', `${d.records} record${d.records === 1 ? '' : 's'} in step`];
  return {
    records: d.records,
    accepted,
    acceptedReason: accepted ? 'Accepted' : 'Invalid',
    acceptedMessage,
    ready: readyReason === 'Programmed',
    readyReason,
    readyMessage: truncate(readyMessage, 1024),
  };
}

export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
