/**
 * Provider: where records live (Route53, local zone files, memory). Reads and writes whole record
 * sets; knows nothing of ownership (the registry wraps it for that).
 * @module
 */
import type { Endpoint } from '../endpoint/index.ts';
import type { Changes } from '../plan/changes.ts';

export interface Provider {
  /** The canonical names of the zones this provider manages. */
  zones(signal?: AbortSignal): Promise<readonly string[]>;
  /** Every record set in those zones, ownership TXT records included. */
  records(signal?: AbortSignal): Promise<readonly Endpoint[]>;
  /**
   * Applies changes. Changes in one ownership group (a record and the TXT whose `ownedRecord`
   * label names it) land atomically. Changes the provider refuses are returned, not thrown;
   * a thrown error means nothing is known to have been applied.
   */
  applyChanges(changes: Changes, signal?: AbortSignal): Promise<ApplyResult>;
  /** Provider canonicalisation of desired endpoints (aliases, default TTL), before planning. */
  adjustEndpoints?(endpoints: readonly Endpoint[]): readonly Endpoint[];
}

export type ChangeAction = 'create' | 'update' | 'delete';

/** A change the provider refused, with the provider's reason. */
export type RejectedChange = Readonly<{ action: ChangeAction; endpoint: Endpoint; reason: string }>;

export type ApplyResult = Readonly<{ rejected: readonly RejectedChange[] }>;
