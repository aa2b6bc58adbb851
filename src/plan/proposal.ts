/**
 * A proposal is one change the plan would like to make, before policy, ownership and the safety
 * threshold decide whether it is made. `toChanges` turns the survivors into sorted Changes.
 * @module
 */
import { compareEndpoints, type Endpoint } from '../endpoint/index.ts';
import type { Changes } from './changes.ts';

export type Proposal =
  | Readonly<{ kind: 'create'; desired: Endpoint }>
  | Readonly<{ kind: 'update'; current: Endpoint; desired: Endpoint }>
  | Readonly<{ kind: 'delete'; current: Endpoint }>;

export type ProposalKind = Proposal['kind'];

/** The record set the proposal is about: the desired one for create/update, the current one for delete. */
export function subjectOf(p: Proposal): Endpoint {
  return p.kind === 'delete' ? p.current : p.desired;
}

/** Changes in a stable order: by name, type, set identifier. */
export function toChanges(proposals: readonly Proposal[]): Changes {
  const create: Endpoint[] = [];
  const updates: { old: Endpoint; new: Endpoint }[] = [];
  const del: Endpoint[] = [];
  for (const p of proposals) {
    if (p.kind === 'create') create.push(p.desired);
    else if (p.kind === 'update') updates.push({ old: p.current, new: p.desired });
    else del.push(p.current);
  }
  create.sort(compareEndpoints);
  del.sort(compareEndpoints);
  updates.sort((a, b) => compareEndpoints(a.old, b.old));
  return {
    create,
    updateOld: updates.map((u) => u.old),
    updateNew: updates.map((u) => u.new),
    delete: del,
  };
}
