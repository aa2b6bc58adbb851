/**
 * The plan table (ExternalDNS `planTable`): one row per (name, set identifier); inside a row one
 * slot per record type, holding the current record (if any) and the desired candidates.
 *
 *   row (name, setId) │ type  │ current │ candidates
 *   ──────────────────┼───────┼─────────┼──────────────────────
 *   web.example.com,''│ A     │ 1.2.3.4 │ [svc/a: 1.2.3.4, svc/b: 5.6.7.8]
 *                     │ CNAME │ –       │ [ing/c: lb.aws.com]
 * @module
 */
import type { Endpoint, RecordType } from '../endpoint/index.ts';
import { compareCandidates } from './order.ts';

export type Slot = { current: Endpoint | undefined; candidates: Endpoint[] };

export type Row = Readonly<{ dnsName: string; setIdentifier: string; slots: Map<RecordType, Slot> }>;

export function buildTable(current: readonly Endpoint[], desired: readonly Endpoint[]): Row[] {
  const rows = new Map<string, Row>();
  const slotOf = (e: Endpoint): Slot => {
    const key = `${e.dnsName}\u0000${e.setIdentifier}`;
    let row = rows.get(key);
    if (row === undefined) {
      row = { dnsName: e.dnsName, setIdentifier: e.setIdentifier, slots: new Map() };
      rows.set(key, row);
    }
    let slot = row.slots.get(e.recordType);
    if (slot === undefined) {
      slot = { current: undefined, candidates: [] };
      row.slots.set(e.recordType, slot);
    }
    return slot;
  };
  for (const e of current) {
    const slot = slotOf(e);
    // A registry returns one record set per key; should it return two, keep a deterministic one.
    if (slot.current === undefined || compareCandidates(e, slot.current) < 0) slot.current = e;
  }
  for (const e of desired) {
    const slot = slotOf(e);
    // The same endpoint emitted twice by one object is one candidate, not a conflict.
    if (!slot.candidates.some((c) => compareCandidates(c, e) === 0)) slot.candidates.push(e);
  }
  // Candidates in a fixed order, so reports built from them never depend on input order.
  for (const row of rows.values()) {
    for (const slot of row.slots.values()) if (slot.candidates.length > 1) slot.candidates.sort(compareCandidates);
  }
  return [...rows.values()];
}
