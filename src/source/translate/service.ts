/**
 * Service → endpoints, as ExternalDNS's service source: names from `hostname`/`internal-hostname`
 * (or the FQDN template), targets from the `target` annotation or else by `spec.type`.
 * @module
 */
import { createEndpoint, LABEL, type Endpoint, type Problem } from '../../endpoint/index.ts';
import { targetProblem } from './annotations.ts';
import { makeProblem } from './annotation-keys.ts';
import {
  commonOf,
  endpointsForHostname,
  loadBalancerTargets,
  specName,
  withTemplateNames,
  type ObjectInput,
  type ObjectOutput,
  type RecordCommon,
  type TranslateContext,
  type Translator,
} from './build.ts';
import { asArray, asNumber, asString, asStrings, at } from './kube.ts';
import { headlessTargets, nodePortTargets } from './service-targets.ts';

function serviceType(input: ObjectInput): string {
  return asString(at(input.object, 'spec', 'type')) ?? 'ClusterIP';
}

export const serviceTranslator: Translator = {
  apiVersions: ['v1'],
  kind: 'Service',
  resourceKind: 'service',
  accepts: (input, ctx) => ctx.options.serviceTypeFilter.length === 0 || ctx.options.serviceTypeFilter.includes(serviceType(input)),
  translate: translateService,
};

function translateService(input: ObjectInput, ctx: TranslateContext): ObjectOutput {
  const problems: Problem[] = [];
  const a = input.annotations;
  const ignore = ctx.options.ignoreHostnameAnnotation;
  const internal = ignore ? [] : a.internalHostnames;
  const own = ignore ? [] : a.hostnames;
  // Template names stand in only when the object names no host itself (unless combined).
  const names = withTemplateNames(own, input, ctx, problems, own.length > 0 || internal.length > 0);
  const common = commonOf(input);
  const endpoints: Endpoint[] = [];
  let lbTargets: string[] | undefined;
  const lazyLb = (): string[] => (lbTargets ??= loadBalancerTargets(input.object, input.resource, problems));
  for (const host of names) endpoints.push(...generate(host, false, input, ctx, common, lazyLb, problems));
  for (const host of internal) endpoints.push(...generate(host, true, input, ctx, common, lazyLb, problems));
  return { endpoints, problems };
}

function generate(
  host: string,
  useClusterIP: boolean,
  input: ObjectInput,
  ctx: TranslateContext,
  common: RecordCommon,
  lbTargets: () => string[],
  problems: Problem[],
): Endpoint[] {
  const { object, meta, annotations } = input;
  if (annotations.targets.length > 0) return endpointsForHostname(host, annotations.targets, common);
  const clusterIP = asString(at(object, 'spec', 'clusterIP')) ?? '';
  const clusterIPs = clusterIP === '' || clusterIP === 'None' ? [] : [clusterIP];
  const externalIPs = externalIPsOf(input, problems);
  switch (serviceType(input)) {
    case 'LoadBalancer': {
      if (useClusterIP) return endpointsForHostname(host, clusterIPs, common);
      return endpointsForHostname(host, externalIPs.length > 0 ? externalIPs : lbTargets(), common);
    }
    case 'ClusterIP': {
      if (clusterIP === 'None') return headless(host, input, ctx, common, problems);
      if (useClusterIP || ctx.options.publishInternalServices) return endpointsForHostname(host, clusterIPs, common);
      return [];
    }
    case 'NodePort': {
      const targets = nodePortTargets(object, meta.namespace, annotations.access, ctx.view, ctx.options);
      return [...endpointsForHostname(host, targets, common), ...srvRecords(host, input, common, problems)];
    }
    case 'ExternalName': {
      if (externalIPs.length > 0) return endpointsForHostname(host, externalIPs, common);
      const externalName = (asString(at(object, 'spec', 'externalName')) ?? '').replace(/\.+$/, '');
      if (externalName === '') return [];
      const reason = targetProblem(externalName);
      if (reason !== undefined) {
        problems.push(makeProblem(input.resource, 'spec.externalName', externalName, `${reason}; fix spec.externalName`, 'error'));
        return [];
      }
      return endpointsForHostname(host, [externalName], common);
    }
    default:
      return [];
  }
}

function externalIPsOf(input: ObjectInput, problems: Problem[]): string[] {
  const out: string[] = [];
  asStrings(at(input.object, 'spec', 'externalIPs')).forEach((ip, i) => {
    const reason = targetProblem(ip);
    if (reason === undefined) out.push(ip);
    else problems.push(makeProblem(input.resource, `spec.externalIPs[${i}]`, ip, `${reason}; fix spec.externalIPs`, 'error'));
  });
  return out;
}

function headless(host: string, input: ObjectInput, ctx: TranslateContext, common: RecordCommon, problems: Problem[]): Endpoint[] {
  const { meta } = input;
  const found = headlessTargets(input.object, meta.name, meta.namespace, input.annotations.endpointsType, ctx.view, ctx.options);
  const out = endpointsForHostname(host, found.all, common);
  for (const [podHostname, targets] of found.byPodHostname) {
    const name = specName(`${podHostname}.${host}`, input.resource, 'pod spec.hostname', problems);
    if (name !== undefined) out.push(...endpointsForHostname(name, targets, common));
  }
  return out;
}

/** One SRV record per port with a nodePort: `_<svc>._<proto>.<host>` → `0 50 <nodePort> <host>.`. */
function srvRecords(host: string, input: ObjectInput, common: RecordCommon, problems: Problem[]): Endpoint[] {
  const out: Endpoint[] = [];
  asArray(at(input.object, 'spec', 'ports')).forEach((port, i) => {
    const nodePort = asNumber(at(port, 'nodePort'));
    if (nodePort === undefined || nodePort <= 0) return;
    const proto = (asString(at(port, 'protocol')) ?? 'TCP').toLowerCase();
    const name = specName(`_${input.meta.name}._${proto}.${host}`, input.resource, `spec.ports[${i}]`, problems);
    if (name === undefined) return;
    out.push(
      createEndpoint({
        dnsName: name,
        recordType: 'SRV',
        targets: [`0 50 ${nodePort} ${host}.`],
        ttl: common.ttl,
        labels: { [LABEL.resource]: common.resource },
      }),
    );
  });
  return out;
}
