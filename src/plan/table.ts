/**
 * The plan table (ExternalDNS `planTable`): one row per (name, set identifier); inside a row one
 * slot per record type, holding the current record (if any) and the desired candidates.
 *
 *   row (name, setId) │ type  │ current │ candidates
 *   ──────────────────┼───────┼─────────┼──────────────────────
 *   web.example.com,''│ A     │ 1.2.3.4 │ [svc/a: 1.2.3.4, svc/b: 5.6.7.8]
 *                     │ CNAME │ –       │ [ing/c: lb.aws.com]
 *
 * Built for 100k+ records: slots are grouped by name (ownership and zones are per name) in one
 * array sorted by set identifier then type, so a row is a run of slots and costs no objects of its
 * own. The table applies the scope filter as it goes: one map lookup per record, one scope check per name.
 * @module
 */
import type { Endpoint, RecordType } from '../endpoint/index.ts';
import type { Scope } from './filter.ts';
import { compareCandidates } from './order.ts';

export type Slot = {
  readonly setIdentifier: string;
  readonly type: RecordType;
  current: Endpoint | undefined;
  candidates: readonly Endpoint[];
};

/** All slots of one name in scope, sorted by (set identifier, type), and the zone that holds the name. */
export type NameEntry = Readonly<{ dnsName: string; zone: string; slots: Slot[] }>;

const NO_CANDIDATES: readonly Endpoint[] = Object.freeze([]);

/** The table over the records in scope; records out of scope are left out. */
export function buildTable(current: readonly Endpoint[], desired: readonly Endpoint[], scope: Scope): NameEntry[] {
  // null remembers a name out of scope, so the domain filter runs once per name.
  const byName = new Map<string, NameEntry | null>();
  const entries: NameEntry[] = [];
  // Arrays are created at their final size where possible ([x], not [] + push): at 100k names the
  // default backing store of an empty array costs more memory than the slots themselves.
  const slotOf = (e: Endpoint): Slot | undefined => {
    if (!scope.manages(e.recordType)) return undefined;
    const entry = byName.get(e.dnsName);
    if (entry === undefined) {
      const zone = scope.zoneOf(e.dnsName);
      if (zone === null) {
        byName.set(e.dnsName, null);
        return undefined;
      }
      const slot = newSlot(e);
      const created: NameEntry = { dnsName: e.dnsName, zone, slots: [slot] };
      byName.set(e.dnsName, created);
      entries.push(created);
      return slot;
    }
    if (entry === null) return undefined;
    for (const slot of entry.slots) {
      if (slot.type === e.recordType && slot.setIdentifier === e.setIdentifier) return slot;
    }
    const slot = newSlot(e);
    entry.slots.push(slot);
    return slot;
  };
  // Indexed loops: at 100k records, for-of iterator objects are measurable garbage here.
  for (let i = 0; i < current.length; i++) {
    const e = current[i] as Endpoint;
    const slot = slotOf(e);
    // A registry returns one record set per key; should it return two, keep a deterministic one.
    if (slot !== undefined && (slot.current === undefined || compareCandidates(e, slot.current) < 0)) slot.current = e;
  }
  for (let i = 0; i < desired.length; i++) {
    const e = desired[i] as Endpoint;
    const slot = slotOf(e);
    if (slot === undefined) continue;
    if (slot.candidates.length === 0) slot.candidates = [e];
    // The same endpoint emitted twice by one object is one candidate, not a conflict.
    else if (!slot.candidates.some((c) => compareCandidates(c, e) === 0)) slot.candidates = [...slot.candidates, e];
  }
  for (const entry of entries) sortEntry(entry);
  return entries;
}

function newSlot(e: Endpoint): Slot {
  return { setIdentifier: e.setIdentifier, type: e.recordType, current: undefined, candidates: NO_CANDIDATES };
}

/** Slots by (set identifier, type) and candidates by conflict order: nothing downstream depends on input order. */
function sortEntry(entry: NameEntry): void {
  if (entry.slots.length > 1) {
    entry.slots.sort((a, b) => order(a.setIdentifier, b.setIdentifier) || order(a.type, b.type));
  }
  for (const slot of entry.slots) {
    if (slot.candidates.length > 1) slot.candidates = [...slot.candidates].sort(compareCandidates);
  }
}

function order(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

