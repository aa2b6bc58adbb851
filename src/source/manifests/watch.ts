/**
 * File-system watching of manifest paths. Directories are watched recursively; a named file is
 * watched through its parent directory, so editors that save by writing a new file and renaming
 * it over the old one are still seen.
 * @module
 */
import { watch, type FSWatcher } from 'node:fs';
import { statSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';

export type WatchLogger = Readonly<{ warn: (fields: Record<string, unknown>, message: string) => void }>;

export type Watch = Readonly<{ close: () => void }>;

/** Calls `onEvent` (unthrottled) for every change under `paths`. */
export function watchPaths(paths: readonly string[], onEvent: () => void, logger: WatchLogger | undefined): Watch {
  const watchers: FSWatcher[] = [];
  const add = (target: string, recursive: boolean, accept: (name: string | null) => boolean): void => {
    try {
      const w = watch(target, { recursive, persistent: false }, (_event, name) => {
        if (accept(name)) onEvent();
      });
      w.on('error', (err) => {
        logger?.warn({ path: target, err: err.message }, 'manifest watcher failed; changes are picked up on the next periodic pass');
        onEvent();
      });
      watchers.push(w);
    } catch (err) {
      logger?.warn({ path: target, err: err instanceof Error ? err.message : String(err) }, 'cannot watch manifest path');
    }
  };
  for (const p of paths) {
    const abs = resolve(p);
    let isDir = false;
    try {
      isDir = statSync(abs).isDirectory();
    } catch {
      // Missing now: watch the parent so that creating it is noticed.
    }
    if (isDir) add(abs, true, () => true);
    else {
      const base = basename(abs);
      add(dirname(abs), false, (name) => name === null || name === base);
    }
  }
  return {
    close: () => {
      for (const w of watchers.splice(0)) w.close();
    },
  };
}
