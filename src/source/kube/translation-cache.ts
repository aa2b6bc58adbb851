/**
 * Incremental translation: each cached object's translation is kept under a stamp of its uid,
 * resourceVersion and (for objects that read other objects) the generation of what they read, so a
 * pass re-translates only objects that changed and merges the kept results. This keeps endpoints()
 * cheap with 10,000 objects.
 * @module
 */
import type { Endpoint, Problem } from '../../endpoint/index.ts';
import type { SourceResult } from '../source.ts';
import { mergeEndpoints, translateObjects, type ClusterView, type TranslateOptions } from '../translate/index.ts';

export type TranslationInput = Readonly<{
  /** Unique per object across collections, e.g. `services/apps/web`. */
  key: string;
  /** uid + resourceVersion + the generation of any looked-up objects it depends on. */
  stamp: string;
  object: unknown;
}>;

type Entry = Readonly<{ stamp: string; result: SourceResult }>;

export class TranslationCache {
  #entries = new Map<string, Entry>();
  #translated = 0;

  /** How many objects were translated (not taken from the cache) so far. */
  get translated(): number {
    return this.#translated;
  }

  collect(inputs: Iterable<TranslationInput>, options: TranslateOptions, view: ClusterView): SourceResult {
    const next = new Map<string, Entry>();
    const endpoints: Endpoint[] = [];
    const problems: Problem[] = [];
    const frozen = new Set<string>();
    for (const input of inputs) {
      let entry = this.#entries.get(input.key);
      if (entry?.stamp !== input.stamp) {
        entry = { stamp: input.stamp, result: translateObjects([input.object], options, view) };
        this.#translated++;
      }
      next.set(input.key, entry);
      for (const e of entry.result.endpoints) endpoints.push(e);
      for (const p of entry.result.problems) problems.push(p);
      for (const f of entry.result.frozenResources) frozen.add(f);
    }
    // Objects that are gone drop out here, with their translations.
    this.#entries = next;
    return { endpoints: mergeEndpoints(endpoints), problems, frozenResources: frozen };
  }
}
