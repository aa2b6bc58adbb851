/**
 * Registry: ownership on top of a provider. Reads ownership into endpoint labels (`owner`,
 * `resource`) and writes it beside each record in the same atomic change.
 * @module
 */
import type { Endpoint } from '../endpoint/index.ts';
import type { Changes } from '../plan/changes.ts';
import type { ApplyResult } from '../provider/provider.ts';

export interface Registry {
  /** The owner id written into ownership records; '' means no ownership (the noop registry). */
  readonly ownerId: string;
  zones(signal?: AbortSignal): Promise<readonly string[]>;
  /** Record sets with ownership labels; the registry's own TXT records are not returned. */
  records(signal?: AbortSignal): Promise<readonly Endpoint[]>;
  /** Applies the plan's changes, adding and removing ownership records in the same change. */
  applyChanges(changes: Changes, signal?: AbortSignal): Promise<ApplyResult>;
  adjustEndpoints?(endpoints: readonly Endpoint[]): readonly Endpoint[];
}
