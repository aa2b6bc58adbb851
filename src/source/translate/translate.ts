/**
 * Kubernetes objects → desired endpoints: dispatches each object to its kind's translator, applies
 * the object filters (`exclude`, `controller`, `--label-filter`, `--annotation-filter`), freezes
 * objects with errors, and merges the result as ExternalDNS does.
 * @module
 */
import type { Endpoint, Problem } from '../../endpoint/index.ts';
import type { SourceResult } from '../source.ts';
import { readDnsAnnotations } from './annotations.ts';
import type { TranslateContext, Translator } from './build.ts';
import { dnsEndpointTranslator } from './dnsendpoint.ts';
import { parseFqdnTemplate, type FqdnTemplate } from './fqdn-template.ts';
import { GATEWAY_ROUTE_TRANSLATORS } from './gateway.ts';
import { ingressTranslator } from './ingress.ts';
import { asString, at, readMeta } from './kube.ts';
import { mergeEndpoints } from './merge.ts';
import { clusterViewOf, DEFAULT_TRANSLATE_OPTIONS, type ClusterView, type TranslateOptions } from './options.ts';
import { parseSelector, type Selector } from './selectors.ts';
import { nodeTranslator } from './node.ts';
import { serviceTranslator } from './service.ts';
import { virtualServerTranslator } from './virtualserver.ts';

/** One entry per supported kind; new kinds (Node, Gateway routes, ...) add a translator here. */
const TRANSLATORS: readonly Translator[] = [
  serviceTranslator,
  ingressTranslator,
  dnsEndpointTranslator,
  nodeTranslator,
  ...GATEWAY_ROUTE_TRANSLATORS,
  virtualServerTranslator,
];

/** Cluster-scoped kinds: their resource label has no namespace (`node/<name>`). */
const CLUSTER_SCOPED = new Set<Translator>([nodeTranslator]);

/** Kinds whose annotations other than `exclude`/`controller` are not interpreted (as in ExternalDNS). */
const ANNOTATIONS_IGNORED = new Set<Translator>([dnsEndpointTranslator]);

function translatorFor(apiVersion: string, kind: string): Translator | undefined {
  return TRANSLATORS.find((t) => t.kind === kind && t.apiVersions.includes(apiVersion));
}

/**
 * Translates `objects` (plain Kubernetes objects; other kinds are ignored). Nodes, pods and
 * EndpointSlices are looked up in `view`, by default those among `objects`.
 * Throws only for invalid options (a bad filter or template), which the config layer checks at startup.
 */
export function translateObjects(
  objects: readonly unknown[],
  options: TranslateOptions = DEFAULT_TRANSLATE_OPTIONS,
  view: ClusterView = clusterViewOf(objects),
): SourceResult {
  const labelFilter = compiledSelector(options.labelFilter, '--label-filter');
  const annotationFilter = compiledSelector(options.annotationFilter, '--annotation-filter');
  const ctx: TranslateContext = { options, view, template: compiledTemplate(options.fqdnTemplate) };
  const endpoints: Endpoint[] = [];
  const problems: Problem[] = [];
  const frozen = new Set<string>();
  for (const obj of objects) {
    const translator = translatorFor(asString(at(obj, 'apiVersion')) ?? '', asString(at(obj, 'kind')) ?? '');
    if (translator === undefined) continue;
    const meta = readMeta(obj);
    if (meta === undefined) {
      problems.push({
        object: `${translator.resourceKind}/?`,
        field: 'metadata.name',
        value: '',
        message: `a ${translator.kind} without metadata.name cannot be translated; give it a name`,
        severity: 'error',
      });
      continue;
    }
    if (!labelFilter.matches(meta.labels) || !annotationFilter.matches(meta.annotations)) continue;
    const resource = CLUSTER_SCOPED.has(translator)
      ? `${translator.resourceKind}/${meta.name}`
      : `${translator.resourceKind}/${meta.namespace}/${meta.name}`;
    const annotations = readDnsAnnotations(meta.annotations, resource);
    if (annotations.skip !== undefined) continue;
    const input = { object: obj as Readonly<Record<string, unknown>>, meta, resource, annotations: annotations.parsed };
    if (translator.accepts !== undefined && !translator.accepts(input, ctx)) continue;
    const interpreted = !ANNOTATIONS_IGNORED.has(translator);
    if (interpreted) problems.push(...annotations.problems);
    if (interpreted && !annotations.ok) {
      frozen.add(resource);
      continue;
    }
    const out = translator.translate(input, ctx);
    problems.push(...out.problems);
    if (out.problems.some((p) => p.severity === 'error')) frozen.add(resource);
    else endpoints.push(...out.endpoints);
  }
  return { endpoints: mergeEndpoints(endpoints), problems, frozenResources: frozen };
}

const selectorCache = new Map<string, Selector>();
const templateCache = new Map<string, FqdnTemplate>();

function compiledSelector(text: string, flag: string): Selector {
  const cached = selectorCache.get(text);
  if (cached !== undefined) return cached;
  const parsed = parseSelector(text);
  if (!parsed.ok) throw new Error(`${flag}: ${parsed.error}`);
  selectorCache.set(text, parsed.selector);
  return parsed.selector;
}

function compiledTemplate(text: string): FqdnTemplate | undefined {
  if (text.trim() === '') return undefined;
  const cached = templateCache.get(text);
  if (cached !== undefined) return cached;
  const parsed = parseFqdnTemplate(text);
  if (!parsed.ok) throw new Error(`--fqdn-template: ${parsed.error}`);
  templateCache.set(text, parsed.template);
  return parsed.template;
}
