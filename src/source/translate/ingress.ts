/**
 * networking.k8s.io/v1 Ingress → endpoints, as ExternalDNS's ingress source: names from rules, TLS
 * hosts and the `hostname` annotation; targets from the `target` annotation or the load balancer status.
 * @module
 */
import type { Endpoint, Problem } from '../../endpoint/index.ts';
import {
  commonOf,
  endpointsForHostname,
  loadBalancerTargets,
  specName,
  withTemplateNames,
  type ObjectInput,
  type ObjectOutput,
  type TranslateContext,
  type Translator,
} from './build.ts';
import { asArray, asString, asStrings, at } from './kube.ts';

const LEGACY_CLASS_ANNOTATION = 'kubernetes.io/ingress.class';

export const ingressTranslator: Translator = {
  apiVersions: ['networking.k8s.io/v1'],
  kind: 'Ingress',
  resourceKind: 'ingress',
  accepts: (input, ctx) => {
    const classes = ctx.options.ingressClasses;
    if (classes.length === 0) return true;
    const className = asString(at(input.object, 'spec', 'ingressClassName'));
    const cls = className ?? input.meta.annotations[LEGACY_CLASS_ANNOTATION];
    return cls !== undefined && classes.includes(cls);
  },
  translate: translateIngress,
};

function translateIngress(input: ObjectInput, ctx: TranslateContext): ObjectOutput {
  const problems: Problem[] = [];
  const { object, resource, annotations } = input;
  const { options } = ctx;
  const source = annotations.ingressHostnameSource;

  const specNames: string[] = [];
  if (!options.ignoreIngressRulesSpec) {
    asArray(at(object, 'spec', 'rules')).forEach((rule, i) => {
      const host = asString(at(rule, 'host'));
      if (host === undefined || host === '') return;
      const name = specName(host, resource, `spec.rules[${i}].host`, problems);
      if (name !== undefined) specNames.push(name);
    });
  }
  if (!options.ignoreIngressTlsSpec) {
    asArray(at(object, 'spec', 'tls')).forEach((tls, i) => {
      asStrings(at(tls, 'hosts')).forEach((host, j) => {
        if (host === '') return;
        const name = specName(host, resource, `spec.tls[${i}].hosts[${j}]`, problems);
        if (name !== undefined) specNames.push(name);
      });
    });
  }
  const annotationNames = options.ignoreHostnameAnnotation ? [] : annotations.hostnames;
  const own =
    source === 'defined-hosts-only' ? specNames : source === 'annotation-only' ? [...annotationNames] : [...specNames, ...annotationNames];
  const names = withTemplateNames([...new Set(own)], input, ctx, problems);

  const targets = annotations.targets.length > 0 ? [...annotations.targets] : loadBalancerTargets(object, resource, problems);
  const common = commonOf(input);
  const endpoints: Endpoint[] = names.flatMap((host) => endpointsForHostname(host, targets, common));
  return { endpoints, problems };
}
