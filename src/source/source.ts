/**
 * Source: turns Kubernetes objects (from files or a live cluster) into desired endpoints.
 * @module
 */
import type { Endpoint, Problem } from '../endpoint/index.ts';

export type SourceResult = Readonly<{
  endpoints: readonly Endpoint[];
  /** Bad input found while translating, each naming the object, the field and the value. */
  problems: readonly Problem[];
  /**
   * `resource` labels (e.g. `service/default/web`) of objects for which no correct record could be
   * built. The plan keeps the records they already own exactly as they are until they are fixed.
   */
  frozenResources: ReadonlySet<string>;
}>;

export interface Source {
  endpoints(signal?: AbortSignal): Promise<SourceResult>;
  /** Calls `listener` whenever the objects may have changed; returns an unsubscribe function. */
  onChange(listener: () => void): () => void;
}
