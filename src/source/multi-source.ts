/**
 * Several sources as one: endpoints, problems and frozen resources are concatenated; a change in
 * any of them is a change of the whole.
 * @module
 */
import type { Endpoint, Problem } from '../endpoint/index.ts';
import type { Source, SourceResult } from './source.ts';

export function combineSources(sources: readonly Source[]): Source {
  if (sources.length === 1 && sources[0] !== undefined) return sources[0];
  return {
    async endpoints(signal) {
      const results = await Promise.all(sources.map((s) => s.endpoints(signal)));
      const endpoints: Endpoint[] = [];
      const problems: Problem[] = [];
      const frozen = new Set<string>();
      for (const r of results) {
        endpoints.push(...r.endpoints);
        problems.push(...r.problems);
        for (const f of r.frozenResources) frozen.add(f);
      }
      return { endpoints, problems, frozenResources: frozen } satisfies SourceResult;
    },
    onChange(listener) {
      const unsubscribes = sources.map((s) => s.onChange(listener));
      return () => {
        for (const u of unsubscribes) u();
      };
    },
  };
}
