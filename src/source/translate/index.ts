/**
 * Pure translation of Kubernetes objects into endpoints (shared by the manifests source and the
 * live Kubernetes controller).
 * @module
 */
export { translateObjects } from './translate.ts';
export { DEFAULT_TRANSLATE_OPTIONS, EMPTY_CLUSTER_VIEW, clusterViewOf, type ClusterView, type TranslateOptions } from './options.ts';
export { parseFqdnTemplate, type FqdnTemplate, type FqdnTemplateResult, type TemplateData, type TemplateOutput } from './fqdn-template.ts';
export { parseSelector, type Selector, type SelectorResult } from './selectors.ts';
export { readDnsAnnotations, type ParsedAnnotations, type AnnotationsResult } from './annotations.ts';
export { ANNOTATION_PREFIX, ALPHA_ANNOTATION_PREFIX } from './annotation-keys.ts';
export { parseTtl, parseGoDuration } from './ttl.ts';
export { mergeEndpoints } from './merge.ts';
export type { Translator, TranslateContext, ObjectInput, ObjectOutput } from './build.ts';
