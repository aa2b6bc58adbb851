/**
 * The `manifests` source: Kubernetes objects from YAML/JSON files and directories, translated
 * into endpoints. Files are re-read only when they change; a file that stops parsing keeps its
 * last good content (with a problem reported), and a file that never parsed makes `endpoints()`
 * reject, so the controller skips the pass instead of deleting records.
 * @module
 */
import { readFile, stat } from 'node:fs/promises';
import type { Problem } from '../../endpoint/index.ts';
import type { Source, SourceResult } from '../source.ts';
import { translateObjects } from '../translate/translate.ts';
import { DEFAULT_TRANSLATE_OPTIONS, type TranslateOptions } from '../translate/options.ts';
import { listManifestFiles } from './files.ts';
import { parseManifest, type ManifestObject } from './parse.ts';
import { watchPaths, type Watch, type WatchLogger } from './watch.ts';

export type ManifestsSourceOptions = Readonly<{
  /** Files or directories (recursive; .yaml, .yml, .json). */
  paths: readonly string[];
  translateOptions?: TranslateOptions;
  logger?: WatchLogger;
  /** Quiet time before listeners are called after a burst of file events (ms, default 100). */
  debounceMs?: number;
}>;

export interface ManifestsSource extends Source {
  /** Stops watching; further `onChange` listeners are not called. */
  close(): void;
}

type CacheEntry = {
  stamp: string;
  good: { objects: readonly ManifestObject[]; problems: readonly Problem[] } | undefined;
  failure: { line: number; message: string } | undefined;
};

export function createManifestsSource(options: ManifestsSourceOptions): ManifestsSource {
  const translateOptions = options.translateOptions ?? DEFAULT_TRANSLATE_OPTIONS;
  const debounceMs = options.debounceMs ?? 100;
  const cache = new Map<string, CacheEntry>();
  const listeners = new Set<() => void>();
  let watcher: Watch | undefined;
  let timer: NodeJS.Timeout | undefined;
  let closed = false;

  async function load(path: string): Promise<CacheEntry> {
    const info = await stat(path);
    const stamp = `${info.mtimeMs}:${info.ctimeMs}:${info.size}:${info.ino}`;
    const cached = cache.get(path);
    if (cached?.stamp === stamp) return cached;
    const parsed = parseManifest(await readFile(path, 'utf8'), path);
    const entry: CacheEntry = parsed.ok
      ? { stamp, good: { objects: parsed.objects, problems: parsed.problems }, failure: undefined }
      : { stamp, good: cached?.good, failure: { line: parsed.line, message: parsed.message } };
    cache.set(path, entry);
    return entry;
  }

  async function endpoints(signal?: AbortSignal): Promise<SourceResult> {
    signal?.throwIfAborted();
    const files = await listManifestFiles(options.paths);
    for (const path of cache.keys()) if (!files.includes(path)) cache.delete(path);
    const objects: unknown[] = [];
    const problems: Problem[] = [];
    for (const path of files) {
      signal?.throwIfAborted();
      const entry = await load(path).catch((err: unknown) => {
        // Deleted between listing and reading: it is simply gone now.
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw err;
      });
      if (entry === undefined) continue;
      if (entry.failure !== undefined) {
        const { line, message } = entry.failure;
        if (entry.good === undefined) {
          throw new Error(`manifest file ${path}: cannot parse line ${line}: ${message}; fix the file (no records are changed until it parses)`);
        }
        problems.push({
          object: path,
          field: `line ${line}`,
          value: '',
          message: `cannot parse: ${message}; the last content that parsed is used until the file is fixed`,
          severity: 'error',
        });
      }
      if (entry.good === undefined) continue;
      problems.push(...entry.good.problems);
      for (const o of entry.good.objects) objects.push(o.object);
    }
    const result = translateObjects(objects, translateOptions);
    return { ...result, problems: [...problems, ...result.problems] };
  }

  function fire(): void {
    timer = undefined;
    for (const l of [...listeners]) {
      try {
        l();
      } catch (err) {
        options.logger?.warn({ err: err instanceof Error ? err.message : String(err) }, 'manifest change listener failed');
      }
    }
  }

  function schedule(): void {
    if (closed) return;
    if (timer !== undefined) clearTimeout(timer);
    timer = setTimeout(fire, debounceMs);
  }

  function stopWatching(): void {
    watcher?.close();
    watcher = undefined;
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
  }

  return {
    endpoints,
    onChange(listener) {
      if (closed) return () => undefined;
      listeners.add(listener);
      watcher ??= watchPaths(options.paths, schedule, options.logger);
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0) stopWatching();
      };
    },
    close() {
      closed = true;
      listeners.clear();
      stopWatching();
    },
  };
}
