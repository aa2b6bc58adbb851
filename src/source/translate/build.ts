/**
 * Shared building blocks of the per-kind translators: the translator contract, names from spec
 * fields and templates (validated), and ExternalDNS's EndpointsForHostname split of targets into
 * A, AAAA and CNAME record sets.
 * @module
 */
import {
  createEndpoint,
  LABEL,
  normalizeName,
  suitableType,
  type Endpoint,
  type Problem,
  type ProviderSpecific,
} from '../../endpoint/index.ts';
import { targetProblem, type ParsedAnnotations } from './annotations.ts';
import { makeProblem } from './annotation-keys.ts';
import type { FqdnTemplate } from './fqdn-template.ts';
import { asArray, asString, at, type KubeObject, type ObjectMeta } from './kube.ts';
import type { ClusterView, TranslateOptions } from './options.ts';

export type TranslateContext = Readonly<{
  options: TranslateOptions;
  view: ClusterView;
  template: FqdnTemplate | undefined;
}>;

export type ObjectInput = Readonly<{
  object: KubeObject;
  meta: ObjectMeta;
  /** The `resource` label value, e.g. `service/default/web`. */
  resource: string;
  annotations: ParsedAnnotations;
}>;

export type ObjectOutput = { endpoints: Endpoint[]; problems: Problem[] };

/** Translation of one kind. `resourceKind` is the first part of the `resource` label. */
export type Translator = Readonly<{
  apiVersions: readonly string[];
  kind: string;
  resourceKind: string;
  /** Reads extra, kind-specific filters (e.g. `--ingress-class`); false leaves the object out silently. */
  accepts?: (input: ObjectInput, ctx: TranslateContext) => boolean;
  translate(input: ObjectInput, ctx: TranslateContext): ObjectOutput;
}>;

export type RecordCommon = Readonly<{
  ttl: number;
  setIdentifier: string;
  providerSpecific: ProviderSpecific;
  resource: string;
}>;

export function commonOf(input: ObjectInput): RecordCommon {
  const a = input.annotations;
  return { ttl: a.ttl, setIdentifier: a.setIdentifier, providerSpecific: a.providerSpecific, resource: input.resource };
}

/** ExternalDNS's EndpointsForHostname: one A, one AAAA and one CNAME endpoint, each only if it has targets. */
export function endpointsForHostname(host: string, targets: readonly string[], common: RecordCommon): Endpoint[] {
  const byType = { A: [] as string[], AAAA: [] as string[], CNAME: [] as string[] };
  for (const t of targets) byType[suitableType(t)].push(t);
  const out: Endpoint[] = [];
  for (const type of ['A', 'AAAA', 'CNAME'] as const) {
    if (byType[type].length === 0) continue;
    out.push(
      createEndpoint({
        dnsName: host,
        recordType: type,
        targets: byType[type],
        setIdentifier: common.setIdentifier,
        ttl: common.ttl,
        labels: { [LABEL.resource]: common.resource },
        providerSpecific: { ...common.providerSpecific },
      }),
    );
  }
  return out;
}

/** Canonical name from a spec field, or an error Problem naming the field. */
export function specName(raw: string, object: string, field: string, problems: Problem[]): string | undefined {
  const n = normalizeName(raw.replace(/\.+$/, ''));
  if (n.ok) return n.name;
  problems.push(makeProblem(object, field, raw, `not a valid DNS name: ${n.reason}; fix the name`, 'error'));
  return undefined;
}

/** Names from `--fqdn-template` for this object (validated). */
export function templateNames(input: ObjectInput, ctx: TranslateContext, problems: Problem[]): string[] {
  if (ctx.template === undefined) return [];
  const { meta } = input;
  const out = ctx.template.execute({
    name: meta.name,
    namespace: meta.namespace,
    kind: meta.kind,
    apiVersion: meta.apiVersion,
    labels: meta.labels,
    annotations: meta.annotations,
  });
  if (!out.ok) {
    problems.push(makeProblem(input.resource, '--fqdn-template', ctx.template.text, `the template cannot be executed for this object: ${out.error}`, 'error'));
    return [];
  }
  const names: string[] = [];
  for (const r of out.names) {
    const n = normalizeName(r);
    if (n.ok) names.push(n.name);
    else {
      problems.push(
        makeProblem(input.resource, '--fqdn-template', r, `the template "${ctx.template.text}" produced an invalid DNS name: ${n.reason}; fix the template or the object's fields it reads`, 'error'),
      );
    }
  }
  return names;
}

/** Targets from `status.loadBalancer.ingress[]` (ip and hostname), each checked. */
export function loadBalancerTargets(object: KubeObject, resource: string, problems: Problem[]): string[] {
  return statusAddressTargets(object, ['loadBalancer', 'ingress'], resource, problems, 'check the load balancer controller');
}

/**
 * Targets from a list of `{ip, hostname}` entries under `status` (a load balancer's ingress, a
 * VirtualServer's externalEndpoints), each checked; a bad one is an error naming its field and `hint`.
 */
export function statusAddressTargets(object: KubeObject, path: readonly string[], resource: string, problems: Problem[], hint: string): string[] {
  const targets: string[] = [];
  asArray(at(object, 'status', ...path)).forEach((entry, i) => {
    for (const field of ['ip', 'hostname'] as const) {
      const value = asString(at(entry, field));
      if (value === undefined || value === '') continue;
      const t = value.replace(/\.+$/, '');
      const reason = targetProblem(t);
      if (reason === undefined) targets.push(t);
      else problems.push(makeProblem(resource, `status.${path.join('.')}[${i}].${field}`, value, `${reason}; ${hint}`, 'error'));
    }
  });
  return targets;
}

/** Combines names from the object and the template as ExternalDNS does. */
export function withTemplateNames(
  own: readonly string[],
  input: ObjectInput,
  ctx: TranslateContext,
  problems: Problem[],
  hasOwnNames = own.length > 0,
): string[] {
  if (hasOwnNames && !ctx.options.combineFqdnAnnotation) return [...own];
  return [...new Set([...own, ...templateNames(input, ctx, problems)])];
}
