/**
 * Reads the ExternalDNS annotations of one object into plain values. Where ExternalDNS ignores a
 * bad value and uses a default (e.g. `ttl`), that is a warning and the default is used; where no
 * correct record could be built (bad name, target, weight, ...), that is an error.
 * @module
 */
import { isIP } from 'node:net';
import { normalizeName, PROP, type Problem, type ProviderSpecific } from '../../endpoint/index.ts';
import { collectDnsAnnotations, makeProblem, providerSpecificName, type Annotation } from './annotation-keys.ts';
import { checkAwsRouting } from './routing.ts';
import { parseTtl } from './ttl.ts';

export type HostnameSource = 'defined-hosts-only' | 'annotation-only';

export type ParsedAnnotations = Readonly<{
  /** Canonical names from `hostname`. */
  hostnames: readonly string[];
  /** Canonical names from `internal-hostname`. */
  internalHostnames: readonly string[];
  /** Targets from `target`, already checked to be IPs or host names. */
  targets: readonly string[];
  /** 0 when unset or invalid (provider default). */
  ttl: number;
  setIdentifier: string;
  providerSpecific: ProviderSpecific;
  access: 'public' | 'private' | undefined;
  endpointsType: string | undefined;
  ingressHostnameSource: HostnameSource | undefined;
}>;

export type AnnotationsResult = Readonly<{
  parsed: ParsedAnnotations;
  problems: readonly Problem[];
  /** False when an error was found: build nothing for the object and freeze it. */
  ok: boolean;
  /** Set when the object must be left out entirely (`exclude: "true"`, or another `controller`). */
  skip: 'exclude' | 'controller' | undefined;
}>;

/** Reads every ExternalDNS annotation of an object named `object` (`service/ns/name`). */
export function readDnsAnnotations(annotations: Readonly<Record<string, string>>, object: string): AnnotationsResult {
  const problems: Problem[] = [];
  const dns = collectDnsAnnotations(annotations, object, problems);
  const warn = (a: Annotation, message: string): void => {
    problems.push(makeProblem(object, a.key, a.value, message, 'warning'));
  };
  const error = (a: Annotation, message: string): void => {
    problems.push(makeProblem(object, a.key, a.value, message, 'error'));
  };

  const controller = dns.get('controller');
  const exclude = dns.get('exclude');
  let skip: AnnotationsResult['skip'];
  if (exclude !== undefined && exclude.value.trim() === 'true') skip = 'exclude';
  else if (controller !== undefined && controller.value !== 'dns-controller') skip = 'controller';
  if (exclude !== undefined && !['true', 'false'].includes(exclude.value.trim())) {
    warn(exclude, 'only "true" excludes the object; any other value is ignored');
  }

  const hostnames = readNames(dns.get('hostname'), error);
  const internalHostnames = readNames(dns.get('internal-hostname'), error);
  const targets = readTargets(dns.get('target'), error);

  let ttl = 0;
  const ttlAnnotation = dns.get('ttl');
  if (ttlAnnotation !== undefined) {
    const parsed = parseTtl(ttlAnnotation.value);
    if (parsed.ok) ttl = parsed.ttl;
    else warn(ttlAnnotation, `the TTL is ignored because ${parsed.reason}; the provider default TTL is used until you fix it`);
  }

  const setIdentifier = dns.get('set-identifier')?.value.trim() ?? '';
  const props: Record<string, string> = {};
  for (const [suffix, a] of dns) {
    const name = providerSpecificName(suffix);
    if (name !== undefined) props[name] = a.value;
  }
  const alias = dns.get('alias');
  if (alias !== undefined) {
    if (alias.value === 'true') props[PROP.alias] = 'true';
    else warn(alias, 'only "true" is honoured on this annotation (as in ExternalDNS); for alias=false/A/AAAA use a DNSEndpoint providerSpecific entry');
  }
  const recordType = dns.get('record-type');
  if (recordType !== undefined) {
    props['record-type'] = recordType.value;
    if (!['ptr', ''].includes(recordType.value.trim().toLowerCase())) {
      warn(recordType, 'only "ptr" (opt in to PTR records) or "" (opt out) has an effect; the value is passed on unchanged');
    }
  }
  const endpointsType = dns.get('endpoints-type');
  if (endpointsType !== undefined && endpointsType.value !== 'NodeExternalIP' && endpointsType.value !== 'HostIP') {
    warn(endpointsType, 'must be "NodeExternalIP" or "HostIP"; the pod addresses from the EndpointSlice are used');
  }
  checkAwsRouting(dns, object, setIdentifier, props, problems);

  const access = dns.get('access');
  if (access !== undefined && access.value !== 'public' && access.value !== 'private') {
    warn(access, 'access must be "public" or "private"; the automatic choice (public if any node has an ExternalIP) is used');
  }
  const source = dns.get('ingress-hostname-source');
  if (source !== undefined && source.value !== 'defined-hosts-only' && source.value !== 'annotation-only') {
    warn(source, 'must be "defined-hosts-only" or "annotation-only"; names from both the spec and the annotation are used');
  }

  return {
    parsed: {
      hostnames,
      internalHostnames,
      targets,
      ttl,
      setIdentifier,
      providerSpecific: props,
      access: access?.value === 'public' || access?.value === 'private' ? access.value : undefined,
      endpointsType: endpointsType?.value,
      ingressHostnameSource:
        source?.value === 'defined-hosts-only' || source?.value === 'annotation-only' ? source.value : undefined,
    },
    problems,
    ok: !problems.some((p) => p.severity === 'error'),
    skip,
  };
}

/** Comma list with all spaces removed and trailing dots dropped, as ExternalDNS splits it. */
export function splitList(value: string): readonly string[] {
  return value
    .replace(/\s+/g, '')
    .split(',')
    .map((s) => s.replace(/\.+$/, ''))
    .filter((s) => s !== '');
}

function readNames(a: Annotation | undefined, error: (a: Annotation, m: string) => void): readonly string[] {
  if (a === undefined) return [];
  const names: string[] = [];
  for (const raw of splitList(a.value)) {
    const n = normalizeName(raw);
    if (n.ok) names.push(n.name);
    else error(a, `"${raw}" is not a valid DNS name: ${n.reason}; fix the name`);
  }
  return [...new Set(names)];
}

function readTargets(a: Annotation | undefined, error: (a: Annotation, m: string) => void): readonly string[] {
  if (a === undefined) return [];
  const targets: string[] = [];
  for (const raw of splitList(a.value)) {
    const reason = targetProblem(raw);
    if (reason === undefined) targets.push(raw);
    else error(a, `target "${raw}" ${reason}; use IP addresses or host names separated by commas`);
  }
  return targets;
}

/** Why `target` cannot be a record target (undefined: it can), as an IP address or a host name. */
export function targetProblem(target: string): string | undefined {
  if (isIP(target) !== 0) return undefined;
  if (target.startsWith('*')) return 'is a wildcard, not a host name';
  const n = normalizeName(target);
  return n.ok ? undefined : `is neither an IP address nor a valid host name (${n.reason})`;
}
