/**
 * The status zonekeeper writes back, as pure functions: DNSEndpoint `.status` (observedGeneration and
 * `Accepted`/`Ready` conditions, lastTransitionTime kept while a condition's status holds) and the
 * compact `--status-annotation` JSON for other kinds. Each returns undefined when nothing would change,
 * so the applier writes only real changes.
 * @module
 */
import type { ObjectDnsStatus } from './feedback.ts';

export type Condition = Readonly<{
  type: 'Accepted' | 'Ready';
  status: 'True' | 'False';
  reason: string;
  message: string;
  observedGeneration?: number;
  lastTransitionTime: string;
}>;

export type DnsEndpointStatus = Readonly<{ observedGeneration?: number; conditions: readonly Condition[] }>;

function previousConditions(status: unknown): readonly Partial<Condition>[] {
  if (typeof status !== 'object' || status === null) return [];
  const conditions = (status as { conditions?: unknown }).conditions;
  return Array.isArray(conditions) ? (conditions as Partial<Condition>[]) : [];
}

/** The DNSEndpoint status to write, or undefined when the live status already says the same. */
export function nextDnsEndpointStatus(s: ObjectDnsStatus, generation: number | undefined, live: unknown, nowIso: string): DnsEndpointStatus | undefined {
  const before = previousConditions(live);
  const condition = (type: Condition['type'], ok: boolean, reason: string, message: string): Condition => {
    const status = ok ? 'True' : 'False';
    const prev = before.find((c) => c.type === type);
    return {
      type,
      status,
      reason,
      message,
      ...(generation === undefined ? {} : { observedGeneration: generation }),
      lastTransitionTime: prev?.status === status && typeof prev.lastTransitionTime === 'string' ? prev.lastTransitionTime : nowIso,
    };
  };
  const next: DnsEndpointStatus = {
    ...(generation === undefined ? {} : { observedGeneration: generation }),
    conditions: [
      condition('Accepted', s.accepted, s.acceptedReason, s.acceptedMessage),
      condition('Ready', s.ready, s.readyReason, s.readyMessage),
    ],
  };
  const liveGeneration = typeof live === 'object' && live !== null ? (live as { observedGeneration?: unknown }).observedGeneration : undefined;
  const same =
    liveGeneration === next.observedGeneration &&
    next.conditions.every((c) => {
      const prev = before.find((p) => p.type === c.type);
      return (
        prev !== undefined &&
        prev.status === c.status &&
        prev.reason === c.reason &&
        prev.message === c.message &&
        prev.observedGeneration === c.observedGeneration &&
        prev.lastTransitionTime === c.lastTransitionTime
      );
    });
  return same ? undefined : next;
}

/** The compact annotation value: `{"records":N,"ready":true}` or with `"reason"` and `"error"` when not ready. */
export function statusAnnotationValue(s: ObjectDnsStatus): string {
  return JSON.stringify(s.ready ? { records: s.records, ready: true } : { records: s.records, ready: false, reason: s.readyReason, error: s.readyMessage });
}
