/**
 * Options of the translation (the ExternalDNS flags that shape source output) and the cluster
 * objects some translations look up (nodes, pods, EndpointSlices).
 * @module
 */
import type { KubeObject } from './kube.ts';
import { asString, at } from './kube.ts';

export type TranslateOptions = Readonly<{
  /** `--fqdn-template` ('' = none). Multiple flag values are joined with ",". */
  fqdnTemplate: string;
  /** `--combine-fqdn-annotation`: template names are added even when the object names hosts itself. */
  combineFqdnAnnotation: boolean;
  /** `--ignore-hostname-annotation`: `hostname` and `internal-hostname` are not read. */
  ignoreHostnameAnnotation: boolean;
  /** `--publish-internal-services`: ClusterIP services publish their cluster IP. */
  publishInternalServices: boolean;
  /** `--service-type-filter` (empty = all types). */
  serviceTypeFilter: readonly string[];
  /** `--ingress-class` (empty = all classes). */
  ingressClasses: readonly string[];
  /** `--label-filter`, a label selector on object labels ('' = all). */
  labelFilter: string;
  /** `--annotation-filter`, a label selector evaluated on annotations ('' = all). */
  annotationFilter: string;
  ignoreIngressRulesSpec: boolean;
  ignoreIngressTlsSpec: boolean;
  /** `--exclude-unschedulable` (NodePort targets skip cordoned nodes). */
  excludeUnschedulable: boolean;
  /** `--always-publish-not-ready-addresses` (headless services). */
  alwaysPublishNotReadyAddresses: boolean;
  /**
   * The node source is on: Node objects become records of their own. Off, nodes among the objects
   * are only looked up (NodePort and headless services), as with ExternalDNS's service source alone.
   */
  publishNodes: boolean;
  /** `--expose-internal-ipv6`: node sources also publish IPv6 InternalIPs as public addresses. */
  exposeInternalIpv6: boolean;
  /** `--gateway-name`: routes attach only through Gateways of this name ('' = any). */
  gatewayName: string;
  /** `--gateway-namespace`: routes attach only through Gateways in this namespace ('' = any). */
  gatewayNamespace: string;
  /** `--gateway-label-filter`: label selector the parent Gateways must match ('' = all). */
  gatewayLabelFilter: string;
}>;

export const DEFAULT_TRANSLATE_OPTIONS: TranslateOptions = {
  fqdnTemplate: '',
  combineFqdnAnnotation: false,
  ignoreHostnameAnnotation: false,
  publishInternalServices: false,
  serviceTypeFilter: [],
  ingressClasses: [],
  labelFilter: '',
  annotationFilter: '',
  ignoreIngressRulesSpec: false,
  ignoreIngressTlsSpec: false,
  excludeUnschedulable: true,
  alwaysPublishNotReadyAddresses: false,
  publishNodes: false,
  exposeInternalIpv6: false,
  gatewayName: '',
  gatewayNamespace: '',
  gatewayLabelFilter: '',
};

/**
 * Objects that translation looks up: nodes (NodePort), pods and EndpointSlices (headless services),
 * Gateways and Namespaces (Gateway API routes resolve through their parent Gateways).
 */
export type ClusterView = Readonly<{
  nodes: readonly KubeObject[];
  pods: readonly KubeObject[];
  endpointSlices: readonly KubeObject[];
  gateways: readonly KubeObject[];
  namespaces: readonly KubeObject[];
}>;

export const EMPTY_CLUSTER_VIEW: ClusterView = { nodes: [], pods: [], endpointSlices: [], gateways: [], namespaces: [] };

/** apiVersions of the Gateway kind that routes may attach to. */
export const GATEWAY_API_VERSIONS: readonly string[] = ['gateway.networking.k8s.io/v1', 'gateway.networking.k8s.io/v1beta1'];

/** The nodes, pods, EndpointSlices, Gateways and Namespaces among `objects` (e.g. a manifest directory). */
export function clusterViewOf(objects: readonly unknown[]): ClusterView {
  const nodes: KubeObject[] = [];
  const pods: KubeObject[] = [];
  const endpointSlices: KubeObject[] = [];
  const gateways: KubeObject[] = [];
  const namespaces: KubeObject[] = [];
  for (const obj of objects) {
    const kind = asString(at(obj, 'kind'));
    const api = asString(at(obj, 'apiVersion'));
    if (kind === 'Node' && api === 'v1') nodes.push(obj as KubeObject);
    else if (kind === 'Pod' && api === 'v1') pods.push(obj as KubeObject);
    else if (kind === 'EndpointSlice' && api === 'discovery.k8s.io/v1') endpointSlices.push(obj as KubeObject);
    else if (kind === 'Gateway' && GATEWAY_API_VERSIONS.includes(api ?? '')) gateways.push(obj as KubeObject);
    else if (kind === 'Namespace' && api === 'v1') namespaces.push(obj as KubeObject);
  }
  return { nodes, pods, endpointSlices, gateways, namespaces };
}
