/**
 * Every zonekeeper flag, in one table. Names follow ExternalDNS where a flag exists there.
 * @module
 */
import { RECORD_TYPES } from '../endpoint/index.ts';
import { POLICIES } from '../plan/changes.ts';
import { KUBE_SOURCES } from '../source/kube/informer-plan.ts';
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
  parseSeconds,
  parseString,
} from './values.ts';

/** `--source` values: the live cluster sources, and `manifests` (files). */
export const SOURCES = ['manifests', ...KUBE_SOURCES] as const;
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

  kubeconfig: str('kubeconfig', 'Kubernetes', 'Kubeconfig file (default: $KUBECONFIG, then the in-cluster service account).'),
  gatewayName: str('gateway-name', 'Sources', 'Only routes attached to Gateways of this name.'),
  gatewayNamespace: str('gateway-namespace', 'Sources', 'Only routes attached to Gateways in this namespace.'),
  gatewayLabelFilter: str('gateway-label-filter', 'Sources', 'Only routes attached to Gateways matching this label selector.'),
  exposeInternalIpv6: bool('expose-internal-ipv6', 'Sources', 'Publish IPv6 InternalIP node addresses as public addresses too.'),
  excludeUnschedulable: bool('exclude-unschedulable', 'Sources', 'Leave cordoned nodes out of node and NodePort records.', true),
  events: bool('events', 'Loop', 'Accepted for ExternalDNS compatibility: zonekeeper always reacts to object changes.'),
  eventDebounce: duration('event-debounce', 'Loop', 'After an object changes, wait this long for more changes before a pass.', 200),
  maxEventDelay: duration('max-event-delay', 'Loop', 'A steady stream of changes never postpones a pass longer than this.', 2_000),
  leaderElect: bool('leader-elect', 'High availability', 'Elect a leader on a coordination.k8s.io Lease; only the leader writes DNS. A --dry-run replica takes no part.', true),
  leaderElectionNamespace: str('leader-election-namespace', 'High availability', 'Namespace of the Lease (default: the pod\'s namespace, else default).'),
  leaderElectionId: str('leader-election-id', 'High availability', 'Name of the Lease.', 'zonekeeper'),
  leaseDuration: duration('lease-duration', 'High availability', 'How long a lease is valid without renewal; a standby takes over within it.', 15_000),
  renewDeadline: duration('renew-deadline', 'High availability', 'A leader that cannot renew within this long stops writing.', 10_000),
  retryPeriod: duration('retry-period', 'High availability', 'How often candidates try to acquire or renew the lease.', 2_000),
  statusAnnotation: bool('status-annotation', 'Feedback', 'Write a compact DNS status annotation on each source object.'),
  emitEvents: bool('emit-events', 'Feedback', 'Emit Kubernetes Events on source objects (record created, updated, deleted, conflicts, errors).', true),
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
  awsZoneType: flag<'public' | 'private' | 'all'>({
    name: 'aws-zone-type',
    group: 'AWS Route53',
    description: 'Which hosted zones to manage: public, private, or all.',
    kind: 'value',
    defaultValue: 'all',
    parse: parseEnum(['public', 'private', 'all'] as const),
  }),
  zoneIdFilter: list('zone-id-filter', 'AWS Route53', 'Only hosted zones whose id ends with one of these (repeatable).'),
  awsZoneTags: list('aws-zone-tags', 'AWS Route53', 'Only hosted zones carrying every one of these tags: key or key=value (repeatable).', false),
  awsZonesCacheDuration: duration(
    'aws-zones-cache-duration',
    'AWS Route53',
    'Keep the hosted-zone list this long (0: list once per pass). ExternalDNS defaults to 0; zonekeeper to the record resync period, so an idle controller makes no calls between resyncs.',
    600_000,
  ),
  awsRecordsResync: duration(
    'aws-records-resync',
    'AWS Route53',
    'Re-list a zone\'s records in full this often; in between, zonekeeper trusts its own write-through cache. Shorter repairs hand edits sooner and spends more API calls.',
    600_000,
  ),
  awsPreferCname: bool('aws-prefer-cname', 'AWS Route53', 'Write CNAMEs instead of alias records for AWS load balancers and CloudFront.'),
  awsEvaluateTargetHealth: bool('aws-evaluate-target-health', 'AWS Route53', 'Default EvaluateTargetHealth of alias records.', true),
  awsApiRate: flag({
    name: 'aws-api-rate',
    group: 'AWS Route53',
    description: 'Route53 requests per second per AWS account (client-side budget; Route53 allows 10/s since 2026-07-30, 5/s before).',
    kind: 'value',
    defaultValue: 10,
    parse: parseNumber(0.1, 1000, false),
  }),
  awsApiBurst: flag({
    name: 'aws-api-burst',
    group: 'AWS Route53',
    description: 'Route53 request burst per AWS account (Route53 allows 50).',
    kind: 'value',
    defaultValue: 50,
    parse: parseNumber(1, 10_000, true),
  }),
  awsApiRetries: flag({
    name: 'aws-api-retries',
    group: 'AWS Route53',
    description: 'Attempts per Route53 call on throttling or transient errors.',
    kind: 'value',
    defaultValue: 3,
    parse: parseNumber(1, 20, true),
  }),
  awsWaitForSync: bool('aws-wait-for-sync', 'AWS Route53', 'Report a change done only once Route53 says INSYNC.'),
  awsBatchChangeSizeValues: flag({
    name: 'aws-batch-change-size-values',
    group: 'AWS Route53',
    description: 'ResourceRecord values per ChangeResourceRecordSets call (UPSERT counts twice; Route53 allows 1000).',
    kind: 'value',
    defaultValue: 1000,
    parse: parseNumber(1, 1000, true),
  }),
  awsBatchChangeSizeBytes: flag({
    name: 'aws-batch-change-size-bytes',
    group: 'AWS Route53',
    description: 'Value characters per ChangeResourceRecordSets call (UPSERT counts twice; Route53 allows 32000).',
    kind: 'value',
    defaultValue: 32000,
    parse: parseNumber(1, 32000, true),
  }),
  awsBatchChangeSize: flag({
    name: 'aws-batch-change-size',
    group: 'AWS Route53',
    description: 'Changes per ChangeResourceRecordSets call.',
    kind: 'value',
    defaultValue: 1000,
    parse: parseNumber(1, 1000, true),
  }),
  awsEndpointUrl: str('aws-endpoint-url', 'AWS Route53', 'Route53 endpoint (VPC endpoints, emulators, LocalStack). Unset: the SDK\'s AWS_ENDPOINT_URL_ROUTE_53 / AWS_ENDPOINT_URL apply.'),
  awsRegion: str('aws-region', 'AWS Route53', 'Signing region for Route53 (us-east-1; cn-northwest-1 in China; us-gov-west-1 in GovCloud).', 'us-east-1'),

  awsCredentialsSource: flag({
    name: 'aws-credentials-source',
    group: 'AWS credentials',
    description:
      'Where AWS credentials come from: auto (the SDK chain, or Roles Anywhere when its flags are set), env, shared-file, web-identity, pod-identity, process, container, instance, roles-anywhere.',
    kind: 'value',
    defaultValue: 'auto' as const,
    parse: parseEnum(['auto', 'env', 'shared-file', 'web-identity', 'pod-identity', 'process', 'container', 'instance', 'roles-anywhere'] as const),
  }),
  awsProfile: list('aws-profile', 'AWS credentials', 'Profile of the shared config/credentials files (AWS_SHARED_CREDENTIALS_FILE, AWS_CONFIG_FILE).'),
  awsAssumeRole: str('aws-assume-role', 'AWS credentials', 'Role ARN to assume on top of the chosen credentials.'),
  awsAssumeRoleExternalId: str('aws-assume-role-external-id', 'AWS credentials', 'External id for --aws-assume-role.'),
  awsZoneRole: list(
    'aws-zone-role',
    'AWS credentials',
    'zone-or-domain=roleArn (or =profile:NAME): serve that zone through its own role or profile, each AWS account with its own API budget (repeatable).',
    false,
  ),
  awsRolesAnywhereCertificate: str('aws-roles-anywhere-certificate', 'IAM Roles Anywhere', 'PEM certificate (the leaf) for IAM Roles Anywhere.'),
  awsRolesAnywherePrivateKey: str('aws-roles-anywhere-private-key', 'IAM Roles Anywhere', 'PEM private key (PKCS#8, PKCS#1 or SEC1; encrypted PKCS#8 needs a passphrase).'),
  awsRolesAnywhereChain: str('aws-roles-anywhere-chain', 'IAM Roles Anywhere', 'PEM bundle of intermediate certificates (optional).'),
  awsRolesAnywherePrivateKeyPassphraseFile: str(
    'aws-roles-anywhere-private-key-passphrase-file',
    'IAM Roles Anywhere',
    'File holding the passphrase of an encrypted private key.',
  ),
  awsRolesAnywherePrivateKeyPassphrase: flag({
    name: 'aws-roles-anywhere-private-key-passphrase',
    group: 'IAM Roles Anywhere',
    description: 'Passphrase of an encrypted private key (prefer the env var or the -file flag).',
    kind: 'value',
    defaultValue: '',
    parse: parseString,
    secret: true,
  }),
  awsRolesAnywhereTrustAnchorArn: str('aws-roles-anywhere-trust-anchor-arn', 'IAM Roles Anywhere', 'Trust anchor ARN.'),
  awsRolesAnywhereProfileArn: str('aws-roles-anywhere-profile-arn', 'IAM Roles Anywhere', 'Roles Anywhere profile ARN.'),
  awsRolesAnywhereRoleArn: str('aws-roles-anywhere-role-arn', 'IAM Roles Anywhere', 'IAM role ARN to take.'),
  awsRolesAnywhereSessionDuration: flag({
    name: 'aws-roles-anywhere-session-duration',
    group: 'IAM Roles Anywhere',
    description: 'Session duration: seconds or a duration, from 900 (15m) to 43200 (12h).',
    kind: 'value',
    defaultValue: 3600,
    parse: parseSeconds(900, 43200),
  }),
  awsRolesAnywhereSessionName: str('aws-roles-anywhere-session-name', 'IAM Roles Anywhere', 'Role session name (optional).'),
  awsRolesAnywhereEndpoint: str(
    'aws-roles-anywhere-endpoint',
    'IAM Roles Anywhere',
    'CreateSession endpoint override (VPC, FIPS, tests). Default: https://rolesanywhere.<trust anchor region>.amazonaws.com.',
  ),
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
