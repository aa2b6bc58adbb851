/**
 * Every zonekeeper flag, in one table. Names follow ExternalDNS where a flag exists there.
 * @module
 */
import { RECORD_TYPES } from '../endpoint/index.ts';
import { POLICIES } from '../plan/changes.ts';
import { flag } from './flag.ts';
import {
  parseBool,
  parseDuration,
  parseEnum,
  parseEnumList,
  parseHostPort,
  parseList,
  parseNumber,
  parseRegex,
  parseString,
} from './values.ts';

export const SOURCES = [
  'manifests',
  'service',
  'ingress',
  'crd',
  'node',
  'gateway-httproute',
  'gateway-grpcroute',
  'gateway-tlsroute',
  'gateway-tcproute',
  'gateway-udproute',
  'nginx-virtualserver',
] as const;
export const PROVIDERS = ['local', 'inmemory', 'aws'] as const;
export const REGISTRIES = ['txt', 'noop'] as const;

const str = (name: string, group: string, description: string, defaultValue = '') =>
  flag({ name, group, description, kind: 'value', defaultValue, parse: parseString });
const bool = (name: string, group: string, description: string, defaultValue = false) =>
  flag({ name, group, description, kind: 'bool', defaultValue, parse: parseBool });
const list = (name: string, group: string, description: string, splitCommas = true) =>
  flag<readonly string[]>({ name, group, description, kind: 'list', defaultValue: [], parse: parseList(splitCommas) });
const duration = (name: string, group: string, description: string, defaultValue: number) =>
  flag({ name, group, description, kind: 'value', defaultValue, parse: parseDuration });
const recordTypes = (name: string, description: string, defaultValue: readonly (typeof RECORD_TYPES)[number][]) =>
  flag({
    name,
    group: 'Plan',
    description,
    kind: 'list',
    defaultValue,
    parse: parseEnumList(RECORD_TYPES, (s) => s.toUpperCase()),
  });

export const FLAGS = {
  config: str('config', 'General', 'YAML file with flag values (keys are flag names); flags and env override it.'),
  logLevel: flag({
    name: 'log-level',
    group: 'General',
    description: 'Log level.',
    kind: 'value',
    defaultValue: 'info' as const,
    parse: parseEnum(['trace', 'debug', 'info', 'warn', 'warning', 'error', 'fatal'] as const),
  }),
  logFormat: flag({
    name: 'log-format',
    group: 'General',
    description: 'Log format: auto (pretty on a terminal, JSON otherwise), json, or text.',
    kind: 'value',
    defaultValue: 'auto' as const,
    parse: parseEnum(['auto', 'json', 'text'] as const),
  }),
  once: bool('once', 'Loop', 'Make one pass and exit.'),
  dryRun: bool('dry-run', 'Loop', 'Plan and print the changes, but change nothing.'),
  interval: duration('interval', 'Loop', 'Full re-plan at least this often.', 60_000),
  policy: flag({
    name: 'policy',
    group: 'Plan',
    description: 'Which changes are allowed: sync (create, update, delete), upsert-only (no deletes) or create-only. Required.',
    kind: 'value',
    defaultValue: '',
    parse: parseEnum(POLICIES),
  }),
  domainFilter: list('domain-filter', 'Plan', 'Limit to these domains and their subdomains (repeatable).'),
  excludeDomains: list('exclude-domains', 'Plan', 'Leave these domains and their subdomains alone (repeatable).'),
  regexDomainFilter: flag({
    name: 'regex-domain-filter',
    group: 'Plan',
    description: 'Limit to names matching this regular expression (replaces --domain-filter).',
    kind: 'value',
    defaultValue: '',
    parse: parseRegex,
  }),
  regexDomainExclusion: flag({
    name: 'regex-domain-exclusion',
    group: 'Plan',
    description: 'Leave names matching this regular expression alone.',
    kind: 'value',
    defaultValue: '',
    parse: parseRegex,
  }),
  managedRecordTypes: recordTypes('managed-record-types', 'Record types to manage.', ['A', 'AAAA', 'CNAME']),
  excludeRecordTypes: recordTypes('exclude-record-types', 'Record types never to manage.', []),
  maxDeleteFraction: flag({
    name: 'max-delete-fraction',
    group: 'Plan',
    description: 'Refuse a plan deleting more than this fraction of the owned records in a zone of 10 or more.',
    kind: 'value',
    defaultValue: 0.3,
    parse: parseNumber(0, 1, false),
  }),
  force: bool('force', 'Plan', 'Apply a plan even when it exceeds --max-delete-fraction.'),

  source: flag({
    name: 'source',
    group: 'Sources',
    description: `Sources of endpoints (repeatable): ${SOURCES.join(', ')}. Defaults to manifests when --manifest is set.`,
    kind: 'list',
    defaultValue: [] as readonly (typeof SOURCES)[number][],
    parse: parseEnumList(SOURCES),
  }),
  manifest: list('manifest', 'Sources', 'Kubernetes YAML/JSON file or directory for the manifests source (repeatable).', false),
  namespace: str('namespace', 'Sources', 'Limit sources to this namespace (default: all).'),
  labelFilter: str('label-filter', 'Sources', 'Label selector the source objects must match.'),
  annotationFilter: str('annotation-filter', 'Sources', 'Label-selector syntax evaluated on the objects\' annotations.'),
  fqdnTemplate: str('fqdn-template', 'Sources', 'Template for names of objects without a hostname annotation, e.g. {{.Name}}.example.com.'),
  combineFqdnAnnotation: bool('combine-fqdn-annotation', 'Sources', 'Use the template names in addition to the annotation names.'),
  ignoreHostnameAnnotation: bool('ignore-hostname-annotation', 'Sources', 'Ignore the hostname annotation (needs --fqdn-template).'),
  publishInternalServices: bool('publish-internal-services', 'Sources', 'Publish ClusterIP services.'),
  serviceTypeFilter: list('service-type-filter', 'Sources', 'Only these Service types (repeatable).'),
  ingressClass: list('ingress-class', 'Sources', 'Only Ingresses of these classes (repeatable).'),
  ignoreIngressTlsSpec: bool('ignore-ingress-tls-spec', 'Sources', 'Ignore spec.tls hosts of Ingresses.'),
  ignoreIngressRulesSpec: bool('ignore-ingress-rules-spec', 'Sources', 'Ignore spec.rules hosts of Ingresses.'),

  registry: flag({
    name: 'registry',
    group: 'Registry',
    description: 'Ownership registry: txt (ExternalDNS-compatible TXT records) or noop.',
    kind: 'value',
    defaultValue: 'txt',
    parse: parseEnum(REGISTRIES),
  }),
  txtOwnerId: str('txt-owner-id', 'Registry', 'Owner id written into ownership records; unique per cluster.', 'default'),
  txtPrefix: str('txt-prefix', 'Registry', 'Prefix of ownership TXT names; may contain %{record_type}.'),
  txtSuffix: str('txt-suffix', 'Registry', 'Suffix of ownership TXT names; may contain %{record_type}.'),
  txtWildcardReplacement: str('txt-wildcard-replacement', 'Registry', 'Label used instead of * in ownership TXT names.'),
  txtEncryptEnabled: bool('txt-encrypt-enabled', 'Registry', 'Encrypt ownership TXT values with AES-256-GCM.'),
  txtEncryptAesKey: flag({
    name: 'txt-encrypt-aes-key',
    group: 'Registry',
    description: 'AES-256 key for TXT encryption: 32 bytes, or their standard base64.',
    kind: 'value',
    defaultValue: '',
    parse: parseString,
    secret: true,
  }),

  provider: flag({
    name: 'provider',
    group: 'Provider',
    description: `DNS provider: ${PROVIDERS.join(', ')}. Required.`,
    kind: 'value',
    defaultValue: '',
    parse: parseEnum(PROVIDERS),
  }),
  zoneDir: str('zone-dir', 'Local provider', 'Directory of RFC 1035 zone files, one per zone, named <zone>.zone.'),
  localZone: list('local-zone', 'Local provider', 'Zone served by the local provider (repeatable); its file is created if missing.'),
  dnsListen: flag({
    name: 'dns-listen',
    group: 'Local provider',
    description: 'Where the local provider answers DNS, over UDP and TCP.',
    kind: 'value',
    defaultValue: { host: '127.0.0.1', port: 1053 },
    parse: parseHostPort,
  }),
  inmemoryZone: list('inmemory-zone', 'In-memory provider', 'Zone of the in-memory provider (repeatable).'),
  metricsAddress: flag({
    name: 'metrics-address',
    group: 'General',
    description: 'Where /healthz, /readyz and /metrics are served.',
    kind: 'value',
    defaultValue: { host: '', port: 7979 },
    parse: parseHostPort,
  }),
} as const;

export type Flags = typeof FLAGS;
