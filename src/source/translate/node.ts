/**
 * v1 Node → A/AAAA endpoints, as ExternalDNS's node source: the name is the node's own name (or the
 * FQDN template); targets are the `target` annotation, else the node's addresses chosen by `access`.
 * Nodes are cluster-scoped, so their resource label is `node/<name>`.
 * @module
 */
import { isIP } from 'node:net';
import type { Endpoint, Problem } from '../../endpoint/index.ts';
import { endpointsForHostname, specName, templateNames, type ObjectInput, type ObjectOutput, type TranslateContext, type Translator } from './build.ts';
import { at } from './kube.ts';
import type { TranslateOptions } from './options.ts';
import { nodeAddresses } from './service-targets.ts';

export const nodeTranslator: Translator = {
  apiVersions: ['v1'],
  kind: 'Node',
  resourceKind: 'node',
  // Cordoned nodes take no traffic, so by default they get no record (--exclude-unschedulable).
  accepts: (input, ctx) =>
    ctx.options.publishNodes && !(ctx.options.excludeUnschedulable && at(input.object, 'spec', 'unschedulable') === true),
  translate: translateNode,
};

/**
 * The node's public addresses: ExternalIPs, plus IPv6 InternalIPs with `--expose-internal-ipv6`
 * (IPv6 internal addresses are usually globally routable).
 */
export function publicNodeAddresses(node: unknown, options: TranslateOptions): string[] {
  const external = nodeAddresses(node, 'ExternalIP');
  if (!options.exposeInternalIpv6) return external;
  return [...external, ...nodeAddresses(node, 'InternalIP').filter((a) => isIP(a) === 6)];
}

/** Targets by the `access` annotation: public, private, or public when there is any, else private. */
export function nodeTargets(node: unknown, access: 'public' | 'private' | undefined, options: TranslateOptions): string[] {
  if (access === 'private') return nodeAddresses(node, 'InternalIP');
  const pub = publicNodeAddresses(node, options);
  if (access === 'public' || pub.length > 0) return pub;
  return nodeAddresses(node, 'InternalIP');
}

function translateNode(input: ObjectInput, ctx: TranslateContext): ObjectOutput {
  const problems: Problem[] = [];
  const { meta, annotations, resource } = input;
  const names: string[] = [];
  if (ctx.template === undefined || ctx.options.combineFqdnAnnotation) {
    const own = specName(meta.name, resource, 'metadata.name', problems);
    if (own !== undefined) names.push(own);
  }
  names.push(...templateNames(input, ctx, problems));
  const targets = annotations.targets.length > 0 ? [...annotations.targets] : nodeTargets(input.object, annotations.access, ctx.options);
  // ExternalDNS reads only the TTL from a node's annotations: no set identifier, no provider properties.
  const common = { ttl: annotations.ttl, setIdentifier: '', providerSpecific: {}, resource };
  const endpoints: Endpoint[] = [...new Set(names)].flatMap((host) => endpointsForHostname(host, targets, common));
  return { endpoints, problems };
}
