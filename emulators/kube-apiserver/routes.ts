// URL → request target. Understands /api/v1/..., /apis/<group>/<version>/..., namespaced and
// cluster-wide collections, items, the /status subresource and legacy /watch/ paths.

export interface ResourcePath {
  readonly group: string;
  readonly version: string;
  readonly plural: string;
  readonly namespace: string | undefined;
  readonly name: string | undefined;
  readonly subresource: string | undefined;
  /** The path used the legacy `/watch/` segment. */
  readonly legacyWatch: boolean;
}

export type Route =
  | { readonly kind: 'resource'; readonly path: ResourcePath }
  | { readonly kind: 'discovery'; readonly group: string | undefined; readonly version: string | undefined }
  | { readonly kind: 'core-versions' }
  | { readonly kind: 'health' }
  | { readonly kind: 'version' }
  | { readonly kind: 'unknown' };

/** Segments after the group/version prefix: [watch] [namespaces <ns>] <plural> [<name> [<subresource>]]. */
function resourcePath(group: string, version: string, rest: readonly string[]): Route {
  let segments = rest;
  const legacyWatch = segments[0] === 'watch';
  if (legacyWatch) segments = segments.slice(1);
  let namespace: string | undefined;
  // `namespaces/<ns>/<plural>...` is a namespaced collection; `namespaces/<ns>[/status]` is a Namespace itself.
  const namespaceItself = segments.length <= 2 || (segments.length === 3 && ['status', 'finalize'].includes(segments[2] ?? ''));
  if (segments[0] === 'namespaces' && !namespaceItself) {
    namespace = segments[1];
    segments = segments.slice(2);
  }
  const [plural, name, subresource, ...extra] = segments;
  if (plural === undefined || plural === '' || extra.length > 0) return { kind: 'unknown' };
  return {
    kind: 'resource',
    path: { group, version, plural, namespace, name, subresource, legacyWatch },
  };
}

export function route(pathname: string): Route {
  const segments = pathname
    .split('/')
    .filter((segment) => segment !== '')
    .map((segment) => decodeURIComponent(segment));
  const [root, first, second, ...rest] = segments;
  if (root === 'healthz' || root === 'readyz' || root === 'livez') return { kind: 'health' };
  if (root === 'version') return { kind: 'version' };
  if (root === 'api') {
    if (first === undefined) return { kind: 'core-versions' };
    if (second === undefined) return { kind: 'discovery', group: '', version: first };
    return resourcePath('', first, [second, ...rest]);
  }
  if (root === 'apis') {
    if (first === undefined || second === undefined) return { kind: 'discovery', group: first, version: undefined };
    if (rest.length === 0) return { kind: 'discovery', group: first, version: second };
    return resourcePath(first, second, rest);
  }
  return { kind: 'unknown' };
}
