/**
 * client-node's Watch, made safe to stop: it remembers every open request so `close()` aborts all
 * of them (a request still connecting when ListWatch.stop() runs is otherwise left open: a leaked
 * watch), refuses new requests once closed, never throws (a throw in ListWatch's reconnect path is an
 * unhandled rejection), asks for bookmarks and a server-side timeout, and projects each object
 * before ListWatch caches it.
 * @module
 */
import { Watch, type KubeConfig } from '@kubernetes/client-node';

export type WatchTuning = Readonly<{
  /** client-node's inactivity timeout: reconnect after this long without a byte. */
  inactivityMs: number;
  /** Base of the server-side `timeoutSeconds`; each request picks base..2×base, as client-go does. */
  timeoutSeconds: number;
  random: () => number;
}>;

type Callback = (phase: string, apiObj: unknown, watchObj?: unknown) => void;
type Done = (err: unknown) => void;

const OBJECT_PHASES = new Set(['ADDED', 'MODIFIED', 'DELETED']);

function aborted(): AbortController {
  const c = new AbortController();
  c.abort();
  return c;
}

export class TrackedWatch extends Watch {
  readonly #live = new Set<AbortController>();
  readonly #tuning: WatchTuning;
  readonly #project: (obj: unknown) => unknown;
  readonly #onActivity: () => void;
  #closed = false;

  constructor(kc: KubeConfig, tuning: WatchTuning, project: (obj: unknown) => unknown, onActivity: () => void) {
    super(kc);
    // A documented client-node 2.0.1 knob without a public setter.
    Reflect.set(this, 'requestTimeoutMs', tuning.inactivityMs);
    this.#tuning = tuning;
    this.#project = project;
    this.#onActivity = onActivity;
  }

  /** Open watch requests (0 after close()). */
  get open(): number {
    return this.#live.size;
  }

  override async watch(
    path: string,
    queryParams: Record<string, string | number | boolean | undefined>,
    callback: Callback,
    done: Done,
  ): Promise<AbortController> {
    // Closed: return an aborted request without calling done, which ends ListWatch's reconnect chain.
    if (this.#closed) return aborted();
    const timeoutSeconds = Math.round(this.#tuning.timeoutSeconds * (1 + this.#tuning.random()));
    const params = { ...queryParams, allowWatchBookmarks: true, timeoutSeconds };
    let controller: AbortController | undefined;
    let finished = false;
    const wrappedDone: Done = (err) => {
      finished = true;
      if (controller !== undefined) this.#live.delete(controller);
      done(err);
    };
    const wrappedCallback: Callback = (phase, obj, raw) => {
      this.#onActivity();
      if (!OBJECT_PHASES.has(phase)) {
        callback(phase, obj, raw);
        return;
      }
      const projected = this.#project(obj);
      if (projected !== undefined) callback(phase, projected, raw);
    };
    try {
      controller = await super.watch(path, params, wrappedCallback, wrappedDone);
    } catch (error) {
      wrappedDone(error);
      return aborted();
    }
    if (this.#closed) {
      controller.abort();
      return controller;
    }
    if (!finished) this.#live.add(controller);
    return controller;
  }

  /** Aborts every open request and refuses new ones. */
  close(): void {
    this.#closed = true;
    for (const c of this.#live) c.abort();
    this.#live.clear();
  }
}
