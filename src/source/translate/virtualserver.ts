/**
 * NGINX Ingress Controller `k8s.nginx.org/v1` VirtualServer → endpoints: the name is `spec.host`
 * (plus the `hostname` annotation, or the FQDN template); targets are the `target` annotation, else
 * the `ip` and `hostname` of every `status.externalEndpoints[]` entry the controller reports.
 * @module
 */
import type { Endpoint, Problem } from '../../endpoint/index.ts';
import { makeProblem } from './annotation-keys.ts';
import { commonOf, endpointsForHostname, specName, statusAddressTargets, withTemplateNames, type ObjectInput, type ObjectOutput, type TranslateContext, type Translator } from './build.ts';
import { at } from './kube.ts';

export const virtualServerTranslator: Translator = {
  apiVersions: ['k8s.nginx.org/v1'],
  kind: 'VirtualServer',
  resourceKind: 'virtualserver',
  translate: translateVirtualServer,
};

function translateVirtualServer(input: ObjectInput, ctx: TranslateContext): ObjectOutput {
  const problems: Problem[] = [];
  const { object, resource, annotations } = input;
  const own: string[] = [];
  const host = at(object, 'spec', 'host');
  if (typeof host === 'string' && host !== '') {
    const name = specName(host, resource, 'spec.host', problems);
    if (name !== undefined) own.push(name);
  } else if (host !== undefined && host !== '') {
    problems.push(makeProblem(resource, 'spec.host', JSON.stringify(host) ?? '', 'spec.host must be a host name string', 'error'));
  }
  if (!ctx.options.ignoreHostnameAnnotation) own.push(...annotations.hostnames);
  const names = withTemplateNames([...new Set(own)], input, ctx, problems);
  const targets = annotations.targets.length > 0 ? [...annotations.targets] : statusAddressTargets(input.object, ['externalEndpoints'], input.resource, problems, "check the NGINX Ingress Controller's service");
  const common = commonOf(input);
  const endpoints: Endpoint[] = names.flatMap((name) => endpointsForHostname(name, targets, common));
  return { endpoints, problems };
}

/** Targets from `status.externalEndpoints[]` (ip and hostname), each checked. */
