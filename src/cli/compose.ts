/**
 * The composition root: builds the sources, the provider and the registry that the configuration
 * asks for, and hands the reconcile loop its dependencies. The only place that knows every
 * implementation.
 * @module
 */
import { createDomainFilter, type DomainFilter } from '../endpoint/index.ts';
import type { Config, ExtraCheck } from '../config/index.ts';
import { effectiveSources } from '../config/index.ts';
import type { ReconcileDeps } from '../controller/reconcile.ts';
import type { Logger } from '../log/logger.ts';
import type { PolicyName } from '../plan/changes.ts';
import { createInMemoryProvider } from '../provider/inmemory/index.ts';
import { awsCredentialCheck, buildAwsProvider } from './compose-aws.ts';
import { buildKubeRuntime, kubeSourceNames, type KubeRuntime } from './compose-kube.ts';
import type { MetricSources } from '../controller/metrics.ts';
import { createLocalProvider } from '../provider/local/index.ts';
import type { Provider } from '../provider/provider.ts';
import { createNoopRegistry } from '../registry/noop/index.ts';
import type { Registry } from '../registry/registry.ts';
import { createTxtRegistry } from '../registry/txt/index.ts';
import { createManifestsSource } from '../source/manifests/index.ts';
import { combineSources } from '../source/multi-source.ts';
import type { Source } from '../source/source.ts';
import { DEFAULT_TRANSLATE_OPTIONS, parseFqdnTemplate, parseSelector, type TranslateOptions } from '../source/translate/index.ts';

export type App = Readonly<{
  deps: ReconcileDeps;
  /** Present when a source reads a live cluster. */
  kube: KubeRuntime | undefined;
  /** Scrape-time readers of provider state for /metrics. */
  metricSources: MetricSources;
  /** Starts long-lived parts (the local DNS server). */
  start: () => Promise<void>;
  close: () => Promise<void>;
}>;

/** Checks other modules contribute to start-up validation, each naming its flag. */
export const configChecks: readonly ExtraCheck[] = [
  (c) => {
    if (c.fqdnTemplate === '') return undefined;
    const parsed = parseFqdnTemplate(c.fqdnTemplate);
    return parsed.ok ? undefined : `--fqdn-template: ${parsed.error}`;
  },
  (c) => selectorCheck('--label-filter', c.labelFilter),
  (c) => selectorCheck('--annotation-filter', c.annotationFilter),
  awsCredentialCheck,
];

function selectorCheck(flagName: string, text: string): string | undefined {
  if (text === '') return undefined;
  const parsed = parseSelector(text);
  return parsed.ok ? undefined : `${flagName}: ${parsed.error}`;
}

export function translateOptionsOf(c: Config): TranslateOptions {
  return {
    ...DEFAULT_TRANSLATE_OPTIONS,
    fqdnTemplate: c.fqdnTemplate,
    combineFqdnAnnotation: c.combineFqdnAnnotation,
    ignoreHostnameAnnotation: c.ignoreHostnameAnnotation,
    publishInternalServices: c.publishInternalServices,
    serviceTypeFilter: c.serviceTypeFilter,
    ingressClasses: c.ingressClass,
    labelFilter: c.labelFilter,
    annotationFilter: c.annotationFilter,
    ignoreIngressRulesSpec: c.ignoreIngressRulesSpec,
    ignoreIngressTlsSpec: c.ignoreIngressTlsSpec,
    excludeUnschedulable: c.excludeUnschedulable,
    exposeInternalIpv6: c.exposeInternalIpv6,
    gatewayName: c.gatewayName,
    gatewayNamespace: c.gatewayNamespace,
    gatewayLabelFilter: c.gatewayLabelFilter,
    // Node objects among manifests publish records only when the node source is asked for.
    publishNodes: c.source.includes('node'),
  };
}

type Closable = { close: () => Promise<void> | void };
type PassAware = { beginPass: () => void };
type Startable = { start: () => Promise<unknown> };

export function composeApp(config: Config, logger: Logger, env: NodeJS.ProcessEnv = {}): App {
  const closers: Closable[] = [];
  const starters: Startable[] = [];
  const passAware: PassAware[] = [];
  const metricSources: { -readonly [K in keyof MetricSources]: MetricSources[K] } = {};
  const kube = kubeSourceNames(effectiveSources(config)).length > 0 ? buildKubeRuntime(config, translateOptionsOf(config), logger, env) : undefined;
  if (kube !== undefined) closers.push({ close: () => kube.sources.stop() });
  const source = buildSource(config, logger, closers, kube);
  const domainFilter = createDomainFilter({
    include: config.domainFilter,
    exclude: config.excludeDomains,
    regexInclude: config.regexDomainFilter,
    regexExclude: config.regexDomainExclusion,
  });
  const provider = buildProvider(config, domainFilter, logger, { closers, starters, passAware, metricSources });
  const registry = buildRegistry(config, provider, logger);
  const deps: ReconcileDeps = {
    source,
    registry,
    logger,
    beginPass: () => {
      for (const p of passAware) p.beginPass();
    },
    providerDryRun: config.provider === 'aws',
    settings: {
      policy: config.policy as PolicyName,
      domainFilter,
      managedTypes: config.managedRecordTypes,
      excludeTypes: config.excludeRecordTypes,
      maxDeleteFraction: config.maxDeleteFraction,
      force: config.force,
    },
  };
  return {
    deps,
    kube,
    metricSources,
    start: async () => {
      for (const s of starters) await s.start();
    },
    close: async () => {
      for (const c of closers.reverse()) await c.close();
    },
  };
}

function buildSource(config: Config, logger: Logger, closers: Closable[], kube: KubeRuntime | undefined): Source {
  const sources: Source[] = [];
  if (effectiveSources(config).includes('manifests')) {
    const manifests = createManifestsSource({ paths: config.manifest, translateOptions: translateOptionsOf(config), logger });
    closers.push(manifests);
    sources.push(manifests);
  }
  if (kube !== undefined) sources.push(kube.sources.source);
  return combineSources(sources);
}

type Parts = Readonly<{
  closers: Closable[];
  starters: Startable[];
  passAware: PassAware[];
  metricSources: { -readonly [K in keyof MetricSources]: MetricSources[K] };
}>;

function buildProvider(config: Config, domainFilter: DomainFilter, logger: Logger, parts: Parts): Provider {
  switch (config.provider) {
    case 'local': {
      const local = createLocalProvider({ zoneDir: config.zoneDir, zones: config.localZone, dnsListen: config.dnsListen, logger });
      parts.closers.push(local);
      parts.starters.push(local);
      return local;
    }
    case 'inmemory':
      return createInMemoryProvider({ zones: config.inmemoryZone });
    case 'aws': {
      const aws = buildAwsProvider(config, domainFilter, logger);
      parts.passAware.push(aws);
      parts.closers.push(aws);
      parts.metricSources.apiCalls = () =>
        aws.metrics.snapshot().map((c) => ({ provider: 'aws', operation: c.operation, outcome: c.outcome, count: c.count }));
      parts.metricSources.budgets = () =>
        aws.budgetStats().map((b) => ({ account: b.account, tokens: b.tokens, waits: b.waits, waitedMs: b.waitedMs, throttles: b.throttles }));
      parts.metricSources.certificateNotAfter = () => aws.certificateNotAfter();
      parts.metricSources.quarantinedChanges = () => aws.quarantinedChanges();
      return aws;
    }
    case '':
      break;
  }
  throw new Error(`--provider ${config.provider}: not available in this build`);
}

function buildRegistry(config: Config, provider: Provider, logger: Logger): Registry {
  if (config.registry === 'noop') return createNoopRegistry(provider);
  return createTxtRegistry(provider, {
    ownerId: config.txtOwnerId,
    prefix: config.txtPrefix,
    suffix: config.txtSuffix,
    wildcardReplacement: config.txtWildcardReplacement,
    encryptEnabled: config.txtEncryptEnabled,
    encryptKey: config.txtEncryptAesKey,
    managedTypes: config.managedRecordTypes,
    excludeTypes: config.excludeRecordTypes,
    warn: (message) => {
      logger.warn(message);
    },
  });
}
