/**
 * Watches the directories holding the certificate and key files and calls back (debounced) on
 * any change. Directories, not files: cert-manager and kubelet swap a `..data` symlink, which a
 * watch on the old file would never see. Best effort: refreshes also re-read the files.
 * @module
 */
import { watch } from 'node:fs';
import type { FSWatcher } from 'node:fs';
import { dirname } from 'node:path';

export interface WatchLogger {
  warn(obj: object, msg: string): void;
}

export interface DirectoryWatch {
  close(): void;
}

export function watchDirectories(
  paths: readonly string[],
  debounceMs: number,
  onChange: () => void,
  logger: WatchLogger,
): DirectoryWatch {
  const watchers: FSWatcher[] = [];
  let timer: NodeJS.Timeout | undefined;
  let closed = false;
  const fire = (): void => {
    if (closed) return;
    if (timer !== undefined) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      if (!closed) onChange();
    }, debounceMs);
    timer.unref();
  };
  for (const dir of new Set(paths.map((p) => dirname(p)))) {
    try {
      const w = watch(dir, { persistent: false }, fire);
      w.on('error', (err) => {
        logger.warn(
          { dir, err: err.message },
          'Roles Anywhere: watching the certificate directory failed; changes are still picked up at the next refresh',
        );
      });
      watchers.push(w);
    } catch (err) {
      logger.warn(
        { dir, err: (err as Error).message },
        'Roles Anywhere: cannot watch the certificate directory; changes are still picked up at the next refresh',
      );
    }
  }
  return {
    close: () => {
      closed = true;
      if (timer !== undefined) clearTimeout(timer);
      for (const w of watchers) w.close();
    },
  };
}
