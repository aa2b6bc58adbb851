/**
 * Incremental translation: each cached object's translation is kept under a stamp of its uid,
 * resourceVersion and (for objects that read other objects) the generation of what they read, so a
 * pass re-translates only objects that changed. The merge is incremental too: records of different
 * DNS names never merge, so only the names an object had or has are merged again, and the output
 * (name-major, as mergeEndpoints orders it) is reassembled from the kept per-name results. This
 * keeps endpoints() cheap with 10,000 objects.
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
  /**
   * Set (to the object's resource label) when the object cannot be translated yet because what it
   * looks up is still loading: it yields no records and is frozen, so its records stay as they are.
   */
  frozen?: string;
}>;

type Entry = Readonly<{ stamp: string; result: SourceResult }>;

export class TranslationCache {
  #entries = new Map<string, Entry>();
  /** Endpoints per DNS name, per object key (each object's endpoints stay together). */
  readonly #contributions = new Map<string, Map<string, Endpoint[]>>();
  readonly #merged = new Map<string, Endpoint[]>();
  #sortedNames: string[] | undefined;
  #last: SourceResult | undefined;
  #translated = 0;
  /** Translations made by changes() for the next collect(), by object key. */
  readonly #ahead = new Map<string, Entry>();

  /** How many objects were translated (not taken from the cache) so far. */
  get translated(): number {
    return this.#translated;
  }

  /**
   * Whether this new version of an object changes its records or problems. It translates the object
   * now and keeps the result for the next collect(), so nothing is translated twice. A source uses
   * it to stay quiet about updates that touch no record (a label nobody reads, a status field that is
   * not published), so that a stream of them never postpones a pass.
   */
  changes(input: TranslationInput, options: TranslateOptions, view: ClusterView): boolean {
    const old = this.#entries.get(input.key);
    if (old === undefined) return true;
    if (old.stamp === input.stamp) return false;
    const entry = { stamp: input.stamp, result: this.#translate(input, options, view) };
    this.#ahead.set(input.key, entry);
    return !sameResult(old.result, entry.result);
  }

  #translate(input: TranslationInput, options: TranslateOptions, view: ClusterView): SourceResult {
    this.#translated++;
    return input.frozen === undefined ? translateObjects([input.object], options, view) : { endpoints: [], problems: [], frozenResources: new Set([input.frozen]) };
  }

  collect(inputs: Iterable<TranslationInput>, options: TranslateOptions, view: ClusterView): SourceResult {
    const next = new Map<string, Entry>();
    const dirtyNames = new Set<string>();
    let changed = false;
    for (const input of inputs) {
      const old = this.#entries.get(input.key);
      let entry = old;
      if (entry?.stamp !== input.stamp) {
        const ahead = this.#ahead.get(input.key);
        entry = ahead?.stamp === input.stamp ? ahead : { stamp: input.stamp, result: this.#translate(input, options, view) };
        changed = true;
        if (old !== undefined) this.#withdraw(input.key, old.result.endpoints, dirtyNames);
        this.#contribute(input.key, entry.result.endpoints, dirtyNames);
      }
      next.set(input.key, entry);
    }
    // Objects that are gone take their records with them.
    for (const [key, old] of this.#entries) {
      if (next.has(key)) continue;
      changed = true;
      this.#withdraw(key, old.result.endpoints, dirtyNames);
    }
    this.#entries = next;
    this.#ahead.clear();
    if (!changed && this.#last !== undefined) return this.#last;
    for (const name of dirtyNames) this.#remerge(name);
    this.#last = this.#assemble();
    return this.#last;
  }

  #contribute(key: string, endpoints: readonly Endpoint[], dirty: Set<string>): void {
    for (const e of endpoints) {
      let byObject = this.#contributions.get(e.dnsName);
      if (byObject === undefined) this.#contributions.set(e.dnsName, (byObject = new Map<string, Endpoint[]>()));
      const list = byObject.get(key);
      if (list === undefined) byObject.set(key, [e]);
      else list.push(e);
      dirty.add(e.dnsName);
    }
  }

  #withdraw(key: string, endpoints: readonly Endpoint[], dirty: Set<string>): void {
    for (const e of endpoints) {
      this.#contributions.get(e.dnsName)?.delete(key);
      dirty.add(e.dnsName);
    }
  }

  #remerge(name: string): void {
    const byObject = this.#contributions.get(name);
    const all = byObject === undefined ? [] : [...byObject.values()].flat();
    if (all.length === 0) {
      this.#contributions.delete(name);
      if (this.#merged.delete(name)) this.#sortedNames = undefined;
      return;
    }
    if (!this.#merged.has(name)) this.#sortedNames = undefined;
    this.#merged.set(name, mergeEndpoints(all));
  }

  #assemble(): SourceResult {
    // Plain code-unit order, the same as compareEndpoints' `<` on dnsName.
    this.#sortedNames ??= [...this.#merged.keys()].sort();
    const endpoints: Endpoint[] = [];
    for (const name of this.#sortedNames) for (const e of this.#merged.get(name) ?? []) endpoints.push(e);
    const problems: Problem[] = [];
    const frozen = new Set<string>();
    for (const entry of this.#entries.values()) {
      for (const p of entry.result.problems) problems.push(p);
      for (const f of entry.result.frozenResources) frozen.add(f);
    }
    return { endpoints, problems, frozenResources: frozen };
  }
}

/** Same records, problems and frozen resources (translation output is canonical and ordered). */
function sameResult(a: SourceResult, b: SourceResult): boolean {
  return (
    JSON.stringify(a.endpoints) === JSON.stringify(b.endpoints) &&
    JSON.stringify(a.problems) === JSON.stringify(b.problems) &&
    JSON.stringify([...a.frozenResources]) === JSON.stringify([...b.frozenResources])
  );
}
