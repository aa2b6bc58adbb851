/**
 * One self-healing informer over client-node's ListWatch. client-node relists on 410 and reconnects
 * after normal closes, but stops for good on any other error, fires an AbortError on stop(), and
 * never notices a stalled request. This adapter restarts on errors with capped, jittered exponential
 * backoff, restarts a watch that has been silent too long, never restarts after stop(), aborts
 * every request of a replaced attempt (no leaked watches), guards handlers, and keeps its own store
 * so a restart (which relists) reports exactly the objects that changed meanwhile.
 * @module
 */
import { ListWatch, V1ListMeta, type KubeConfig, type KubernetesListObject, type KubernetesObject } from '@kubernetes/client-node';
import { DEFAULT_INFORMER_TUNING, type InformerHooks, type InformerSpec, type InformerStats, type InformerTuning, type ObjectEventType, type ObjectHandler } from './informer-types.ts';
import { listCollection } from './list.ts';
import { project, type PlainObject } from './project.ts';

export { DEFAULT_INFORMER_TUNING, type InformerHooks, type InformerSpec, type InformerStats, type InformerTuning, type ObjectEventType, type ObjectHandler };
import { TrackedWatch } from './watch.ts';

type Attempt = { lw: ListWatch<KubernetesObject>; watch: TrackedWatch; listAbort: AbortController };

function keyOf(obj: PlainObject): string {
  const meta = obj.metadata as { namespace?: string; name: string };
  return `${meta.namespace ?? ''}/${meta.name}`;
}

function versionOf(obj: PlainObject): unknown {
  return (obj.metadata as { resourceVersion?: unknown }).resourceVersion;
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { statusCode?: unknown }).statusCode;
    const cause = (error.cause as { code?: unknown } | undefined)?.code;
    return `${error.message}${typeof code === 'number' ? ` (HTTP ${code})` : ''}${typeof cause === 'string' ? ` (${cause})` : ''}`;
  }
  return String(error);
}

export class HealingInformer {
  readonly #kc: KubeConfig;
  readonly #spec: InformerSpec;
  readonly #tuning: InformerTuning;
  readonly #store = new Map<string, PlainObject>();
  readonly #handlers: ObjectHandler[] = [];
  readonly #hooks: InformerHooks;
  #current: Attempt | undefined;
  #started = false;
  #stopped = false;
  #synced = false;
  #failures = 0;
  #restartTimer: NodeJS.Timeout | undefined;
  #watchdog: NodeJS.Timeout | undefined;
  #lastActivity = Date.now();
  #syncWaiters: (() => void)[] = [];
  #counts = { restarts: 0, errors: 0, events: 0, lists: 0, connects: 0, handlerErrors: 0 };
  #lastError = '';

  constructor(kc: KubeConfig, spec: InformerSpec, tuning: InformerTuning = DEFAULT_INFORMER_TUNING, hooks: InformerHooks = {}) {
    this.#kc = kc;
    this.#spec = spec;
    this.#tuning = tuning;
    this.#hooks = hooks;
  }

  get name(): string {
    return this.#spec.name;
  }

  /** Handlers run synchronously on every change; a throwing handler is counted, never fatal. */
  on(handler: ObjectHandler): void {
    this.#handlers.push(handler);
  }

  /** The cached (projected) objects. */
  list(): PlainObject[] {
    return [...this.#store.values()];
  }

  /** The cached objects without copying (do not hold the iterator across events). */
  values(): IterableIterator<PlainObject> {
    return this.#store.values();
  }

  /** Starts list+watch; resolves once the first list is cached (or stop() is called). */
  start(): Promise<void> {
    const synced = new Promise<void>((resolve) => {
      if (this.#synced || this.#stopped) resolve();
      else this.#syncWaiters.push(resolve);
    });
    if (this.#started) return synced;
    this.#started = true;
    this.#launch();
    const period = Math.max(10, Math.min(1000, this.#tuning.watchdogMs / 4));
    this.#watchdog = setInterval(() => {
      this.#checkWatchdog();
    }, period);
    this.#watchdog.unref();
    return synced;
  }

  /** Stops for good: aborts every request; nothing restarts afterwards. */
  stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#restartTimer);
    clearInterval(this.#watchdog);
    this.#restartTimer = undefined;
    if (this.#current !== undefined) this.#close(this.#current);
    for (const resolve of this.#syncWaiters.splice(0)) resolve();
    return Promise.resolve();
  }

  stats(): InformerStats {
    const age = Date.now() - this.#lastActivity;
    return {
      name: this.#spec.name,
      synced: this.#synced,
      healthy: this.#synced && !this.#stopped && this.#restartTimer === undefined && age <= this.#tuning.watchdogMs,
      objects: this.#store.size,
      ...this.#counts,
      lastError: this.#lastError,
      lastActivityAgeMs: age,
    };
  }

  #activity(): void {
    this.#lastActivity = Date.now();
  }

  #launch(): void {
    const spec = this.#spec;
    const projectOne = (raw: unknown): PlainObject | undefined => project(raw, spec.apiVersion, spec.kind, spec.shape, spec.keepAnnotation);
    const tuning = { inactivityMs: this.#tuning.watchInactivityMs, timeoutSeconds: this.#tuning.watchTimeoutSeconds, random: this.#tuning.random };
    const watch = new TrackedWatch(this.#kc, tuning, projectOne, () => {
      if (this.#current === attempt) {
        this.#activity();
        this.#failures = 0;
      }
    });
    const listAbort = new AbortController();
    const listFn = async (): Promise<KubernetesListObject<KubernetesObject>> => {
      this.#counts.lists++;
      this.#activity();
      const result = await listCollection(this.#kc, spec.path, {
        labelSelector: spec.labelSelector,
        fieldSelector: spec.fieldSelector,
        pageSize: this.#tuning.pageSize,
        signal: listAbort.signal,
        onPage: () => {
          if (this.#current === attempt) this.#activity();
        },
      });
      this.#activity();
      const projected = result.items.map(projectOne).filter((o): o is PlainObject => o !== undefined);
      this.#applyList(attempt, projected);
      const items = projected as KubernetesObject[];
      const metadata = new V1ListMeta();
      metadata.resourceVersion = result.metadata.resourceVersion;
      return { metadata, items };
    };
    const lw = new ListWatch<KubernetesObject>(spec.path, watch, listFn, false, spec.labelSelector, spec.fieldSelector);
    const attempt: Attempt = { lw, watch, listAbort };
    lw.on('add', (obj) => {
      this.#onObject(attempt, 'add', obj as PlainObject);
    });
    lw.on('update', (obj) => {
      this.#onObject(attempt, 'update', obj as PlainObject);
    });
    lw.on('delete', (obj) => {
      this.#onObject(attempt, 'delete', obj as PlainObject);
    });
    lw.on('error', (error) => {
      this.#onError(attempt, error);
    });
    lw.on('connect', () => {
      if (this.#current !== attempt) return;
      this.#counts.connects++;
      this.#activity();
    });
    this.#current = attempt;
    this.#activity();
    lw.start().catch((error: unknown) => {
      this.#onError(attempt, error);
    });
  }

  /**
   * A complete list: objects that vanished (while no watch was open) are deleted, the rest applied,
   * and the cache counts as synced. ListWatch then announces the same objects again; #onObject
   * ignores those because their resourceVersion is unchanged.
   */
  #applyList(attempt: Attempt, items: readonly PlainObject[]): void {
    if (attempt !== this.#current || this.#stopped) return;
    const present = new Set(items.map(keyOf));
    for (const [key, obj] of this.#store) {
      if (present.has(key)) continue;
      this.#store.delete(key);
      this.#emit('delete', obj);
    }
    for (const obj of items) this.#onObject(attempt, 'update', obj);
    if (!this.#synced) {
      this.#synced = true;
      for (const resolve of this.#syncWaiters.splice(0)) resolve();
    }
  }

  #onObject(attempt: Attempt, type: ObjectEventType, obj: PlainObject): void {
    if (attempt !== this.#current || this.#stopped) return;
    this.#activity();
    const key = keyOf(obj);
    const previous = this.#store.get(key);
    if (type === 'delete') {
      if (previous === undefined) return;
      this.#store.delete(key);
      this.#emit('delete', previous);
      return;
    }
    // A restart relists and re-announces everything: unchanged objects are not changes.
    if (previous !== undefined && versionOf(previous) === versionOf(obj)) return;
    this.#store.set(key, obj);
    this.#emit(previous === undefined ? 'add' : 'update', obj);
  }

  #emit(type: ObjectEventType, obj: PlainObject): void {
    this.#counts.events++;
    for (const handler of this.#handlers) {
      try {
        handler(type, obj);
      } catch (error) {
        this.#counts.handlerErrors++;
        this.#report(() => this.#hooks.onHandlerError?.(error));
      }
    }
  }

  #onError(attempt: Attempt, error: unknown): void {
    // stop() and replaced attempts end with an AbortError: that is not a failure.
    if (attempt !== this.#current || this.#stopped) return;
    this.#counts.errors++;
    this.#lastError = describe(error);
    this.#scheduleRestart();
  }

  #report(call: () => void): void {
    try {
      call();
    } catch {
      // the reporter itself failed: nothing more can be done here
    }
  }

  #checkWatchdog(): void {
    if (this.#stopped || this.#restartTimer !== undefined) return;
    const silent = Date.now() - this.#lastActivity;
    if (silent <= this.#tuning.watchdogMs) return;
    this.#lastError = `nothing heard for ${silent} ms (watchdog ${this.#tuning.watchdogMs} ms); restarting`;
    this.#scheduleRestart();
  }

  #scheduleRestart(): void {
    if (this.#stopped || this.#restartTimer !== undefined) return;
    const base = Math.min(this.#tuning.backoffMaxMs, this.#tuning.backoffInitialMs * 2 ** Math.min(this.#failures, 30));
    this.#failures++;
    const delay = base / 2 + (this.#tuning.random() * base) / 2;
    const message = `${this.#spec.name} (${this.#spec.path}): ${this.#lastError}; restarting in ${Math.round(delay)} ms`;
    this.#report(() => this.#hooks.onError?.(message));
    this.#restartTimer = setTimeout(() => {
      this.#restartTimer = undefined;
      if (this.#stopped) return;
      this.#counts.restarts++;
      if (this.#current !== undefined) this.#close(this.#current);
      this.#launch();
    }, delay);
    this.#restartTimer.unref();
  }

  #close(attempt: Attempt): void {
    void attempt.lw.stop();
    attempt.watch.close();
    attempt.listAbort.abort();
  }
}
