/**
 * The live-cluster parts: the connection, the informer-backed sources, the leader elector and the
 * feedback applier (Events, DNSEndpoint status, status annotation).
 * @module
 */
import type { Config } from '../config/index.ts';
import { createFeedbackApplier, createKubeFeedbackApi, STATUS_ANNOTATION, type FeedbackApplier } from '../controller/feedback/index.ts';
import { createLeaderElector, electionIdentity, leaseNamespace, type LeaderElector } from '../controller/leader/index.ts';
import type { ControllerMetrics } from '../controller/metrics.ts';
import type { Logger } from '../log/logger.ts';
import { createKubeSources, KUBE_SOURCES, loadConnection, type Connection, type KubeSources } from '../source/kube/index.ts';
import type { TranslateOptions } from '../source/translate/index.ts';

export type KubeRuntime = Readonly<{
  connection: Connection;
  sources: KubeSources;
  identity: string;
}>;

/** The --source values served by a live cluster. */
export function kubeSourceNames(sources: readonly string[]): readonly string[] {
  return sources.filter((s) => (KUBE_SOURCES as readonly string[]).includes(s));
}

export function buildKubeRuntime(config: Config, translate: TranslateOptions, logger: Logger, env: NodeJS.ProcessEnv): KubeRuntime {
  const connection = loadConnection({ kubeconfig: config.kubeconfig, env });
  logger.info({ kubeconfig: connection.source, server: connection.server }, 'Kubernetes connection');
  const sources = createKubeSources({
    kubeConfig: connection.kubeConfig,
    sources: config.source,
    namespace: config.namespace,
    translate,
    onListenerError: (error) => {
      logger.error({ err: error }, 'A change listener failed; the informers go on');
    },
    onInformerError: (message) => {
      logger.warn(message);
    },
  });
  return { connection, sources, identity: electionIdentity(env) };
}

export function buildLeaderElector(config: Config, kube: KubeRuntime, logger: Logger, env: NodeJS.ProcessEnv): LeaderElector | undefined {
  if (!config.leaderElect) return undefined;
  return createLeaderElector({
    kubeConfig: kube.connection.kubeConfig,
    namespace: leaseNamespace(config.leaderElectionNamespace, env),
    name: config.leaderElectionId,
    identity: kube.identity,
    leaseDurationMs: config.leaseDuration,
    renewDeadlineMs: config.renewDeadline,
    retryPeriodMs: config.retryPeriod,
    logger,
  });
}

export function buildFeedback(config: Config, kube: KubeRuntime, logger: Logger, metrics?: Pick<ControllerMetrics, 'countEvent'>): FeedbackApplier | undefined {
  if (!config.emitEvents && !config.statusAnnotation && !config.source.includes('crd')) return undefined;
  return createFeedbackApplier({
    api: createKubeFeedbackApi(kube.connection.kubeConfig),
    identity: kube.identity,
    logger,
    events: config.emitEvents,
    dnsEndpointStatus: true,
    statusAnnotation: config.statusAnnotation ? STATUS_ANNOTATION : '',
    ...(metrics === undefined ? {} : { recorder: { onOutcome: (reason: string, outcome: Parameters<ControllerMetrics['countEvent']>[1]) => { metrics.countEvent(reason, outcome); } } }),
  });
}
