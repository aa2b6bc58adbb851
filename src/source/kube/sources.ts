/**
 * The live Kubernetes source: one self-healing informer per collection the chosen `--source`
 * values need, cached objects stripped to what translation reads, endpoints() computed
 * incrementally, and change notifications (level-triggered for the controller, per object with the
 * resource label for targeted re-planning and events).
 * @module
 */
import type { KubeConfig } from '@kubernetes/client-node';
import type { Source, SourceResult } from '../source.ts';
import { DEFAULT_TRANSLATE_OPTIONS, parseSelector, translateObjects, type ClusterView, type TranslateOptions } from '../translate/index.ts';
import { HealingInformer, DEFAULT_INFORMER_TUNING, type InformerStats, type InformerTuning, type ObjectEventType } from './informer.ts';
import { planInformers, type LookupRole, type PlannedInformer } from './informer-plan.ts';
import { servesResource } from './list.ts';
import { annotationKeeper, type PlainObject } from './project.ts';
import { TranslationCache, type TranslationInput } from './translation-cache.ts';

export type KubeSourcesOptions = Readonly<{
  kubeConfig: KubeConfig;
  /** `--source` values; those that are not Kubernetes collections (e.g. `manifests`) are ignored. */
  sources: readonly string[];
  /** `--namespace` ('' or absent = all namespaces). */
  namespace?: string;
  /** Translation flags, including --label-filter, --annotation-filter, --ingress-class and the gateway filters. */
  translate?: Partial<TranslateOptions>;
  tuning?: Partial<InformerTuning>;
  /**
   * start() rejects when the caches are not synced within this time (default 60 s, as ExternalDNS's
   * informer sync; 0 = wait forever), naming each unsynced collection and its last error (RBAC,
   * missing CRD). The informers keep retrying until stop().
   */
  syncTimeoutMs?: number;
  /** Called with an exception thrown by an onChange/onObjectChange listener (they never break the informers). */
  onListenerError?: (error: unknown) => void;
  /** Called when a list or watch fails or stalls, before the informer restarts (log it as a warning). */
  onInformerError?: (message: string) => void;
}>;

export type ObjectChange = Readonly<{
  type: ObjectEventType;
  kind: string;
  namespace: string;
  name: string;
  /**
   * The `resource` label of the records this object owns (`service/apps/web`, `node/n1`); an
   * EndpointSlice reports its Service's. Undefined for looked-up objects (nodes, pods, Gateways,
   * Namespaces) whose change may affect any record.
   */
  resource: string | undefined;
}>;

export type KubeSourcesHealth = Readonly<{
  synced: boolean;
  healthy: boolean;
  informers: readonly InformerStats[];
  /** Objects translated so far (cache misses); the rest of each pass comes from the cache. */
  translated: number;
}>;

export type KubeSources = Readonly<{
  source: Source;
  /** Starts every informer; resolves when all caches are synced (or stop() is called). */
  start(): Promise<void>;
  stop(): Promise<void>;
  health(): KubeSourcesHealth;
  onObjectChange(listener: (change: ObjectChange) => void): () => void;
}>;

const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';

type Running = { plan: PlannedInformer; informer: HealingInformer; started: boolean };

function metaOf(obj: PlainObject): { name: string; namespace: string; uid: string; resourceVersion: string; labels: Record<string, string> } {
  const m = obj.metadata as { name: string; namespace?: string; uid?: unknown; resourceVersion?: unknown; labels?: Record<string, string> };
  const text = (v: unknown): string => (typeof v === 'string' ? v : '');
  return { name: m.name, namespace: m.namespace ?? '', uid: text(m.uid), resourceVersion: text(m.resourceVersion), labels: m.labels ?? {} };
}

/** Resource-label prefix of each primary kind (the translators' resourceKind). */
function resourceOf(plan: PlannedInformer, obj: PlainObject): string | undefined {
  const m = metaOf(obj);
  if (plan.lookup === 'endpointslices') {
    const service = m.labels[SERVICE_NAME_LABEL];
    return service === undefined ? undefined : `service/${m.namespace}/${service}`;
  }
  if (!plan.primary) return undefined;
  if (plan.kind === 'Node') return `node/${m.name}`;
  const prefix = plan.kind === 'DNSEndpoint' ? 'crd' : plan.kind.toLowerCase();
  return `${prefix}/${m.namespace === '' ? 'default' : m.namespace}/${m.name}`;
}

/** Services whose records read nodes, pods or EndpointSlices (NodePort and headless). */
function readsServiceLookups(obj: PlainObject): boolean {
  const spec = obj.spec as { type?: unknown; clusterIP?: unknown } | undefined;
  const type = spec?.type ?? 'ClusterIP';
  return type === 'NodePort' || (type === 'ClusterIP' && spec?.clusterIP === 'None');
}

export function createKubeSources(options: KubeSourcesOptions): KubeSources {
  const translate: TranslateOptions = { ...DEFAULT_TRANSLATE_OPTIONS, ...options.translate, publishNodes: true };
  // Bad filters or templates fail here, naming the flag, instead of on the first pass.
  translateObjects([], translate);
  const gatewaySelector = parseSelector(translate.gatewayLabelFilter);
  if (!gatewaySelector.ok) throw new Error(`--gateway-label-filter: ${gatewaySelector.error}`);
  const tuning: InformerTuning = { ...DEFAULT_INFORMER_TUNING, ...options.tuning };
  const keepAnnotation = annotationKeeper(translate.annotationFilter, translate.fqdnTemplate);
  const cache = new TranslationCache();
  const changeListeners = new Set<() => void>();
  const objectListeners = new Set<(change: ObjectChange) => void>();
  const generation = { service: 0, gateway: 0 };
  let running: Running[] = [];
  let stopped = false;
  let dirty = true;
  let last: SourceResult | undefined;
  let view: ClusterView | undefined;
  let notifyScheduled = false;

  const guard = (fn: () => void): void => {
    try {
      fn();
    } catch (error) {
      options.onListenerError?.(error);
    }
  };

  // Level-triggered: many events in one tick (a relist) become one notification.
  const notify = (): void => {
    if (notifyScheduled) return;
    notifyScheduled = true;
    setImmediate(() => {
      notifyScheduled = false;
      if (stopped) return;
      for (const l of changeListeners) guard(l);
    });
  };

  const onEvent = (plan: PlannedInformer, type: ObjectEventType, obj: PlainObject): void => {
    dirty = true;
    if (plan.kind === 'Service' && type !== 'delete' && readsServiceLookups(obj)) void demandLookups();
    if (plan.lookup === 'gateways' || plan.lookup === 'namespaces') {
      generation.gateway++;
      view = undefined;
    } else if (plan.lookup !== undefined) {
      generation.service++;
      view = undefined;
    }
    // An update that changes none of the object's records is no change (labels nobody reads,
    // annotations of other tools): staying quiet keeps a stream of them from postponing a pass.
    if (type === 'update' && plan.primary && plan.lookup === undefined && last !== undefined && !cache.changes(inputFor(plan, obj, lookupsReady()), translate, currentView())) {
      return;
    }
    const m = metaOf(obj);
    const change: ObjectChange = { type, kind: plan.kind, namespace: m.namespace, name: m.name, resource: resourceOf(plan, obj) };
    const tell = (c: ObjectChange): void => {
      for (const l of objectListeners) {
        guard(() => {
          l(c);
        });
      }
    };
    tell(change);
    // A node of the node source is also a NodePort lookup: say that any service may be affected too.
    if (plan.primary && plan.lookup === 'nodes') tell({ ...change, resource: undefined });
    notify();
  };

  const lookup = (role: LookupRole): PlainObject[] => running.filter((r) => r.plan.lookup === role && r.started).flatMap((r) => r.informer.list());

  const launch = (r: Running): Promise<void> => {
    r.started = true;
    return r.informer.start();
  };

  /** Starts the on-demand lookup caches (once); resolves when they are synced. */
  const demandLookups = async (): Promise<void> => {
    const waiting = running.filter((r) => r.plan.onDemand && !r.started);
    if (waiting.length === 0 || stopped) return;
    await Promise.all(waiting.map(launch));
    // Their sync may bring no events (an empty collection): services waiting on them still change.
    generation.service++;
    view = undefined;
    dirty = true;
    notify();
  };

  const lookupsReady = (): boolean => running.every((r) => !r.plan.onDemand || (r.started && r.informer.stats().synced));

  const currentView = (): ClusterView =>
    (view ??= {
      nodes: lookup('nodes'),
      pods: lookup('pods'),
      endpointSlices: lookup('endpointslices'),
      gateways: lookup('gateways'),
      namespaces: lookup('namespaces'),
    });

  /** The translation input of one cached primary object: its key, and a stamp of what it depends on. */
  const inputFor = (plan: PlannedInformer, obj: PlainObject, ready: boolean): TranslationInput => {
    // Hot path at scale: read the projected metadata directly (project() guarantees its shape).
    const m = obj.metadata as { name: string; namespace?: string; uid?: string; resourceVersion?: string };
    const key = `${plan.name}/${m.namespace ?? ''}/${m.name}`;
    const readsLookups = plan.kind === 'Service' && readsServiceLookups(obj);
    if (readsLookups && !ready) {
      void demandLookups();
      return { key, stamp: `${m.uid ?? ''}/${m.resourceVersion ?? ''}/pending`, object: obj, frozen: resourceOf(plan, obj) };
    }
    const dependsOn = readsLookups ? `s${generation.service}` : plan.shape === 'Route' ? `g${generation.gateway}` : '';
    return { key, stamp: `${m.uid ?? ''}/${m.resourceVersion ?? ''}/${dependsOn}`, object: obj };
  };

  function* inputs(): Generator<TranslationInput> {
    const ready = lookupsReady();
    for (const { plan, informer } of running) {
      if (!plan.primary) continue;
      for (const obj of informer.values()) yield inputFor(plan, obj, ready);
    }
  }

  const source: Source = {
    endpoints() {
      // On-demand lookups may still be loading: the services that need them are frozen meanwhile.
      const unsynced = running.filter((r) => !r.plan.onDemand && !r.informer.stats().synced).map((r) => r.plan.name);
      if (running.length === 0 || unsynced.length > 0) {
        // Planning from a partial cache would delete records of objects not yet seen.
        return Promise.reject(new Error(`Kubernetes caches are not synced yet (${running.length === 0 ? 'not started' : unsynced.join(', ')}); wait for start()`));
      }
      if (!dirty && last !== undefined) return Promise.resolve(last);
      dirty = false;
      last = cache.collect(inputs(), translate, currentView());
      return Promise.resolve(last);
    },
    onChange(listener) {
      changeListeners.add(listener);
      return () => changeListeners.delete(listener);
    },
  };

  return {
    source,
    async start() {
      if (running.length > 0 || stopped) return;
      const timeoutMs = options.syncTimeoutMs ?? 60_000;
      let tlsRouteVersion: string | undefined;
      if (options.sources.includes('gateway-tlsroute')) {
        // Discovery answers before any informer starts: a hung request must not outlast the sync timeout.
        const signal = timeoutMs > 0 ? AbortSignal.timeout(timeoutMs) : undefined;
        const served = await servesResource(options.kubeConfig, 'gateway.networking.k8s.io/v1', 'tlsroutes', signal).catch((error: unknown) => {
          throw new Error(`API discovery of gateway.networking.k8s.io/v1 (which TLSRoute version to watch) failed: ${error instanceof Error ? error.message : String(error)}. Check API server reachability`, { cause: error });
        });
        tlsRouteVersion = served ? 'v1' : 'v1alpha2';
      }
      if (stopped) return;
      const plans = planInformers({ sources: options.sources, namespace: options.namespace ?? '', translate, tlsRouteVersion });
      running = plans.map((plan) => {
        const informer = new HealingInformer(
          options.kubeConfig,
          {
            name: plan.name,
            apiVersion: plan.apiVersion,
            kind: plan.kind,
            shape: plan.shape,
            path: plan.path,
            labelSelector: plan.labelSelector === '' ? undefined : plan.labelSelector,
            fieldSelector: plan.fieldSelector === '' ? undefined : plan.fieldSelector,
            keepAnnotation,
          },
          tuning,
          { onHandlerError: options.onListenerError, onError: options.onInformerError },
        );
        informer.on((type, obj) => {
          onEvent(plan, type, obj);
        });
        return { plan, informer, started: false };
      });
      const synced = (async () => {
        await Promise.all(running.filter((r) => !r.plan.onDemand).map(launch));
        // Services present at start that read lookups: load those now, so the first pass is complete.
        const services = running.filter((r) => r.plan.kind === 'Service').flatMap((r) => r.informer.list());
        if (services.some(readsServiceLookups)) await demandLookups();
      })();
      if (timeoutMs <= 0) {
        await synced;
        return;
      }
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          const waiting = running.filter((r) => r.started).map((r) => r.informer.stats()).filter((st) => !st.synced);
          const detail = waiting.map((st) => `${st.name}${st.lastError === '' ? ' (no answer yet)' : `: ${st.lastError}`}`).join('; ');
          reject(new Error(`Kubernetes caches not synced after ${timeoutMs} ms: ${detail}. Check RBAC (list/watch), installed CRDs and API server reachability`));
        }, timeoutMs);
      });
      try {
        await Promise.race([synced, timedOut]);
      } finally {
        clearTimeout(timer);
      }
    },
    async stop() {
      stopped = true;
      await Promise.all(running.map((r) => r.informer.stop()));
    },
    health() {
      const informers = running.filter((r) => r.started).map((r) => r.informer.stats());
      const synced = running.length > 0 && informers.every((s) => s.synced);
      return { synced, healthy: synced && informers.every((s) => s.healthy), informers, translated: cache.translated };
    },
    onObjectChange(listener) {
      objectListeners.add(listener);
      return () => objectListeners.delete(listener);
    },
  };
}
