/**
 * Live Kubernetes sources: connection loading, the self-healing informer, and the source factory.
 * @module
 */
export { loadConnection, KubeConfigError, type Connection, type ConnectionOptions } from './connection.ts';
export { createKubeSources, type KubeSources, type KubeSourcesHealth, type KubeSourcesOptions, type ObjectChange } from './sources.ts';
export { HealingInformer, DEFAULT_INFORMER_TUNING, type InformerSpec, type InformerStats, type InformerTuning, type ObjectEventType } from './informer.ts';
export { KUBE_SOURCES, planInformers, type KubeSourceName, type PlannedInformer } from './informer-plan.ts';
