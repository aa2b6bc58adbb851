/**
 * ZoneStore: record sets per zone, keyed by (name, type, set identifier), changed only through
 * Route53's rules. The one implementation of those rules, shared by the in-memory and local providers.
 *
 * Changes are split into ownership groups (a record and the TXT whose `ownedRecord` label names it);
 * each group is checked and applied all-or-nothing, and a bad group does not stop the others.
 * `prepare` computes the outcome without touching the served state, so a caller can persist first
 * and `commit` after; `validateAndApply` does both at once.
 * @module
 */
import { compareEndpoints, zoneOf, type Endpoint } from '../../endpoint/index.ts';
import type { Changes } from '../../plan/changes.ts';
import type { ApplyResult, RejectedChange } from '../provider.ts';
import { groupChanges, type Op } from './groups.ts';
import { checkPut, checkRemove } from './rules.ts';
import { rrKey, storedCopy } from './rrset.ts';

/** Record sets at one name, by `rrKey`. */
export type NameSets = ReadonlyMap<string, Endpoint>;

/** Read access to one zone's live state (what a DNS server answers from). */
export interface ZoneView {
  readonly zone: string;
  /** The record sets at `name`, or undefined when the name holds none. */
  at(name: string): NameSets | undefined;
  /** True when some record set lives strictly below `name` (so `name` is at least an empty non-terminal). */
  hasDescendants(name: string): boolean;
}

/** The outcome of a set of changes, not yet visible. */
export interface Prepared {
  readonly rejected: readonly RejectedChange[];
  /** Zones whose content the accepted groups change. */
  readonly touchedZones: readonly string[];
  /** A zone's record sets as they will be after `commit`, sorted by name, type and set identifier. */
  recordsAfter(zone: string): Endpoint[];
  /** Makes the accepted groups visible. Throws if the store changed since `prepare`. */
  commit(): void;
}

export interface ZoneStore {
  zones(): readonly string[];
  /** The longest managed zone holding `name`. */
  zoneFor(name: string): string | undefined;
  /** Copies of every record set, sorted. */
  records(): Endpoint[];
  /** Copies of one zone's record sets, sorted; empty for an unknown zone. */
  zoneRecords(zone: string): Endpoint[];
  view(zone: string): ZoneView | undefined;
  prepare(changes: Changes): Prepared;
  validateAndApply(changes: Changes): ApplyResult;
}

type Zone = { names: Map<string, Map<string, Endpoint>>; below: Map<string, number> };
/** Per zone, per name: the name's record sets after the change (empty map = name removed). */
type Overlay = Map<string, Map<string, Map<string, Endpoint>>>;

export type ZoneStoreOptions = Readonly<{
  /** An extra rule of the provider using the store: the reason to refuse a record set it is asked to write. */
  checkRecord?: (e: Endpoint) => string | undefined;
}>;

export function createZoneStore(zoneNames: readonly string[], options: ZoneStoreOptions = {}): ZoneStore {
  const zoneList = [...new Set(zoneNames)].sort();
  const state = new Map<string, Zone>(zoneList.map((z) => [z, { names: new Map(), below: new Map() }]));
  let version = 0;

  const zoneFor = (name: string): string | undefined => zoneOf(name, zoneList);

  function zoneRecords(zone: string): Endpoint[] {
    const z = state.get(zone);
    if (z === undefined) return [];
    const out: Endpoint[] = [];
    for (const sets of z.names.values()) for (const e of sets.values()) out.push(storedCopy(e));
    return out.sort(compareEndpoints);
  }

  function prepare(changes: Changes): Prepared {
    const groups = groupChanges(changes, zoneFor);
    const rejected: RejectedChange[] = [];
    const staged: Overlay = new Map();
    const base = (zone: string, name: string): ReadonlyMap<string, Endpoint> | undefined =>
      staged.get(zone)?.get(name) ?? state.get(zone)?.names.get(name);
    for (const group of groups) {
      const failure = applyGroup(group.ops, base, options.checkRecord);
      if (failure.ok) {
        for (const [zone, names] of failure.overlay) {
          const target = staged.get(zone) ?? new Map<string, Map<string, Endpoint>>();
          staged.set(zone, target);
          for (const [name, sets] of names) target.set(name, sets);
        }
      } else {
        group.changes.forEach((change, index) => {
          const reason =
            index === failure.op.change ? failure.reason : `not applied: another change in its ownership group failed: ${failure.reason}`;
          rejected.push({ ...change, reason });
        });
      }
    }
    const preparedAt = version;
    let committed = false;
    return {
      rejected,
      touchedZones: [...staged.keys()].sort(),
      recordsAfter(zone) {
        const overlay = staged.get(zone);
        const names = state.get(zone)?.names ?? new Map<string, Map<string, Endpoint>>();
        const out: Endpoint[] = [];
        for (const [name, sets] of names) if (overlay?.has(name) !== true) for (const e of sets.values()) out.push(storedCopy(e));
        for (const sets of overlay?.values() ?? []) for (const e of sets.values()) out.push(storedCopy(e));
        return out.sort(compareEndpoints);
      },
      commit() {
        if (committed) throw new Error('zone store: these changes were already committed');
        if (preparedAt !== version) throw new Error('zone store: the zones changed between prepare and commit; prepare again');
        committed = true;
        version++;
        for (const [zone, names] of staged) {
          const z = state.get(zone);
          if (z !== undefined) for (const [name, sets] of names) setName(z, zone, name, sets);
        }
      },
    };
  }

  return {
    zones: () => zoneList,
    zoneFor,
    records: () => zoneList.flatMap(zoneRecords).sort(compareEndpoints),
    zoneRecords,
    view(zone) {
      const z = state.get(zone);
      if (z === undefined) return undefined;
      return { zone, at: (name) => z.names.get(name), hasDescendants: (name) => (z.below.get(name) ?? 0) > 0 };
    },
    prepare,
    validateAndApply(changes) {
      const prepared = prepare(changes);
      prepared.commit();
      return { rejected: prepared.rejected };
    },
  };
}

type GroupOutcome = { ok: true; overlay: Overlay } | { ok: false; op: Op; reason: string };

/** Runs one group's operations on private copies of the names it touches. */
function applyGroup(
  ops: readonly Op[],
  base: (zone: string, name: string) => ReadonlyMap<string, Endpoint> | undefined,
  checkRecord: ((e: Endpoint) => string | undefined) | undefined,
): GroupOutcome {
  const overlay: Overlay = new Map();
  const sets = (zone: string, name: string): Map<string, Endpoint> => {
    let names = overlay.get(zone);
    if (names === undefined) overlay.set(zone, (names = new Map<string, Map<string, Endpoint>>()));
    let s = names.get(name);
    if (s === undefined) names.set(name, (s = new Map(base(zone, name))));
    return s;
  };
  for (const op of ops) {
    if (op.zone === undefined) return { ok: false, op, reason: `name ${op.endpoint.dnsName} is not in any managed zone` };
    const at = sets(op.zone, op.endpoint.dnsName);
    const reason = op.kind === 'put' ? (checkPut(op, at) ?? checkRecord?.(op.endpoint)) : checkRemove(op, at);
    if (reason !== undefined) return { ok: false, op, reason };
    if (op.kind === 'put') at.set(rrKey(op.endpoint), storedCopy(op.endpoint));
    else at.delete(rrKey(op.endpoint));
  }
  return { ok: true, overlay };
}

/** Replaces a name's record sets, keeping the empty-non-terminal counts of its ancestors right. */
function setName(z: Zone, zone: string, name: string, sets: Map<string, Endpoint>): void {
  const existed = z.names.has(name);
  if (sets.size === 0) z.names.delete(name);
  else z.names.set(name, sets);
  const exists = sets.size > 0;
  if (existed === exists) return;
  for (const ancestor of ancestors(name, zone)) {
    const n = (z.below.get(ancestor) ?? 0) + (exists ? 1 : -1);
    if (n === 0) z.below.delete(ancestor);
    else z.below.set(ancestor, n);
  }
}

/** Names strictly above `name`, down to and including the zone apex. */
function ancestors(name: string, zone: string): string[] {
  const out: string[] = [];
  let rest = name;
  while (rest !== zone) {
    const dot = rest.indexOf('.');
    if (dot < 0) break;
    rest = rest.slice(dot + 1);
    out.push(rest);
  }
  return out;
}
