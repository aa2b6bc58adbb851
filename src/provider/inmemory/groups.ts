/**
 * Splits Changes into ownership groups and orders each group's operations the way a Route53
 * batch takes effect: deletions first, then the old halves of updates, then new values.
 * @module
 */
import { LABEL, type Endpoint } from '../../endpoint/index.ts';
import type { Changes } from '../../plan/changes.ts';
import type { ChangeAction } from '../provider.ts';

/** One change as the caller gave it (an update is reported by its new endpoint). */
export type Change = Readonly<{ action: ChangeAction; endpoint: Endpoint }>;

/** One step on the store. `change` is the index of the change it belongs to within its group. */
export type Op = Readonly<{
  kind: 'remove' | 'put';
  action: ChangeAction;
  endpoint: Endpoint;
  /** undefined when the name lies in no managed zone. */
  zone: string | undefined;
  change: number;
}>;

export type Group = { readonly key: string; readonly changes: Change[]; readonly ops: Op[] };

/**
 * The ownership group of an endpoint: its name, or for an ownership TXT (label `ownedRecord`)
 * the name of the record it owns, so a record and its TXT land together.
 */
export function groupKey(e: Endpoint): string {
  const owned = e.recordType === 'TXT' ? e.labels[LABEL.ownedRecord] : undefined;
  return owned !== undefined && owned !== '' ? owned.toLowerCase().replace(/\.$/, '') : e.dnsName;
}

/** Throws (nothing applied) when updateOld and updateNew do not pair up. */
export function groupChanges(changes: Changes, zoneFor: (name: string) => string | undefined): Group[] {
  if (changes.updateOld.length !== changes.updateNew.length) {
    throw new Error(
      `changes: updateOld has ${changes.updateOld.length} entries but updateNew has ${changes.updateNew.length}; they must pair up one to one`,
    );
  }
  const groups = new Map<string, Group & { removes: Op[]; olds: Op[]; news: Op[]; creates: Op[] }>();
  const groupOf = (e: Endpoint) => {
    const key = groupKey(e);
    let g = groups.get(key);
    if (g === undefined) groups.set(key, (g = { key, changes: [], ops: [], removes: [], olds: [], news: [], creates: [] }));
    return g;
  };
  const op = (kind: Op['kind'], action: ChangeAction, endpoint: Endpoint, change: number): Op => ({
    kind,
    action,
    endpoint,
    zone: zoneFor(endpoint.dnsName),
    change,
  });
  for (const e of changes.delete) {
    const g = groupOf(e);
    g.removes.push(op('remove', 'delete', e, g.changes.push({ action: 'delete', endpoint: e }) - 1));
  }
  changes.updateNew.forEach((e, i) => {
    const old = changes.updateOld[i];
    if (old === undefined) return;
    const g = groupOf(e);
    const index = g.changes.push({ action: 'update', endpoint: e }) - 1;
    g.olds.push(op('remove', 'update', old, index));
    g.news.push(op('put', 'update', e, index));
  });
  for (const e of changes.create) {
    const g = groupOf(e);
    g.creates.push(op('put', 'create', e, g.changes.push({ action: 'create', endpoint: e }) - 1));
  }
  return [...groups.values()].map((g) => ({ key: g.key, changes: g.changes, ops: [...g.removes, ...g.olds, ...g.news, ...g.creates] }));
}
