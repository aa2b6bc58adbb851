/**
 * The manifests source: Kubernetes objects from YAML/JSON files, watched for changes.
 * @module
 */
export { createManifestsSource, type ManifestsSource, type ManifestsSourceOptions } from './manifests-source.ts';
export { parseManifest, type ManifestObject, type ParsedManifest } from './parse.ts';
export { listManifestFiles, MANIFEST_EXTENSIONS } from './files.ts';
export type { WatchLogger } from './watch.ts';
