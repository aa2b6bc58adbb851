/**
 * The plan's input and output. `calculatePlan` (plan.ts) is a pure function between them.
 * @module
 */
import type { DomainFilter, Endpoint, RecordType } from '../endpoint/index.ts';
import type { Changes, PolicyName } from './changes.ts';

export type PlanInput = Readonly<{
  /** From the registry: record sets with `owner`/`resource` labels. */
  current: readonly Endpoint[];
  /** From the sources, after provider adjustment. */
  desired: readonly Endpoint[];
  policy: PolicyName;
  /** '' disables ownership checks (noop registry). */
  ownerId: string;
  domainFilter: DomainFilter;
  managedTypes: readonly RecordType[];
  excludeTypes: readonly RecordType[];
  /** Resources whose records must stay exactly as they are (see SourceResult.frozenResources). */
  frozenResources: ReadonlySet<string>;
  /** Zones managed by the provider, for the per-zone delete safety threshold. */
  zones: readonly string[];
  /** `--max-delete-fraction` (default 0.3). */
  maxDeleteFraction: number;
  /** `--force`: bypass the delete safety threshold. */
  force: boolean;
}>;

/** Two or more objects claimed one name and set identifier; one won. */
export type Conflict = Readonly<{
  dnsName: string;
  setIdentifier: string;
  winner: Endpoint;
  losers: readonly Endpoint[];
  reason: string;
}>;

/** A desired change the plan did not make because of ownership. */
export type OwnershipSkip = Readonly<{ endpoint: Endpoint; foreignOwner: string; reason: string }>;

/** A zone whose changes were held back by the delete safety threshold. */
export type DeleteRefusal = Readonly<{ zone: string; deletes: number; owned: number; maxDeleteFraction: number }>;

export type Plan = Readonly<{
  changes: Changes;
  conflicts: readonly Conflict[];
  skipped: readonly OwnershipSkip[];
  refusals: readonly DeleteRefusal[];
}>;
