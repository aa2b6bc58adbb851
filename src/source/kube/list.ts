/**
 * A paginated LIST of one collection as plain JSON, with the same selectors the watch uses
 * (client-node's ListWatch sends its labelSelector only on the watch). Plain JSON, not client-node's
 * typed models: the typed deserialiser costs CPU and memory and the watch delivers plain JSON anyway.
 * @module
 */
import { HttpMethod, IsomorphicFetchHttpLibrary, RequestContext, type KubeConfig } from '@kubernetes/client-node';

export type ListQuery = Readonly<{
  labelSelector?: string;
  fieldSelector?: string;
  /** Items per page (`limit`); 0 = one request. */
  pageSize: number;
  signal?: AbortSignal;
  /** Called after each page: a long list is progress, not a stall. */
  onPage?: () => void;
}>;

export type ListResult = Readonly<{ items: unknown[]; metadata: { resourceVersion: string } }>;

/** An HTTP failure of a list request; `statusCode` lets client-node treat 410 as "relist". */
export class KubeListError extends Error {
  override readonly name = 'KubeListError';
  readonly statusCode: number;
  constructor(message: string, statusCode: number) {
    super(message);
    this.statusCode = statusCode;
  }
}

const http = new IsomorphicFetchHttpLibrary();

/** GET `url` as JSON with the configuration's credentials; throws KubeListError on a non-2xx answer. */
export async function getJson(kc: KubeConfig, url: URL, what: string, signal?: AbortSignal): Promise<unknown> {
  const ctx = new RequestContext(url.toString(), HttpMethod.GET);
  ctx.setHeaderParam('Accept', 'application/json');
  if (signal !== undefined) ctx.setSignal(signal);
  await kc.applySecurityAuthentication(ctx);
  const response = await http.send(ctx).toPromise();
  const text = await response.body.text();
  if (response.httpStatusCode < 200 || response.httpStatusCode > 299) {
    throw new KubeListError(`${what}: HTTP ${response.httpStatusCode}: ${statusMessage(text)}${hint(response.httpStatusCode)}`, response.httpStatusCode);
  }
  return JSON.parse(text) as unknown;
}

function serverOf(kc: KubeConfig, what: string): string {
  const cluster = kc.getCurrentCluster();
  if (cluster === null) throw new Error(`${what}: the Kubernetes configuration has no current cluster`);
  return cluster.server;
}

export async function listCollection(kc: KubeConfig, path: string, query: ListQuery): Promise<ListResult> {
  const server = serverOf(kc, `list ${path}`);
  const items: unknown[] = [];
  let token = '';
  let resourceVersion = '';
  for (let page = 0; ; page++) {
    const url = new URL(server + path);
    if (query.labelSelector !== undefined && query.labelSelector !== '') url.searchParams.set('labelSelector', query.labelSelector);
    if (query.fieldSelector !== undefined && query.fieldSelector !== '') url.searchParams.set('fieldSelector', query.fieldSelector);
    if (query.pageSize > 0) url.searchParams.set('limit', String(query.pageSize));
    if (token !== '') url.searchParams.set('continue', token);
    const body = (await getJson(kc, url, `list ${path}`, query.signal)) as { items?: unknown; metadata?: { resourceVersion?: unknown; continue?: unknown } };
    if (Array.isArray(body.items)) for (const item of body.items as unknown[]) items.push(item);
    query.onPage?.();
    resourceVersion = typeof body.metadata?.resourceVersion === 'string' ? body.metadata.resourceVersion : resourceVersion;
    token = typeof body.metadata?.continue === 'string' ? body.metadata.continue : '';
    if (token === '') break;
    if (page > 100_000) throw new Error(`list ${path}: more than 100000 pages; the server keeps returning a continue token`);
  }
  return { items, metadata: { resourceVersion } };
}

/** Whether the API server serves `plural` at `/apis/<groupVersion>` (API discovery). */
export async function servesResource(kc: KubeConfig, groupVersion: string, plural: string, signal?: AbortSignal): Promise<boolean> {
  const path = `/apis/${groupVersion}`;
  try {
    const doc = (await getJson(kc, new URL(serverOf(kc, path) + path), `discovery ${path}`, signal)) as { resources?: unknown };
    return Array.isArray(doc.resources) && (doc.resources as unknown[]).some((r) => (r as { name?: unknown } | null)?.name === plural);
  } catch (error) {
    if (error instanceof KubeListError && error.statusCode === 404) return false;
    throw error;
  }
}

function statusMessage(text: string): string {
  try {
    const status = JSON.parse(text) as { message?: unknown };
    if (typeof status.message === 'string') return status.message;
  } catch {
    // not a Status object: fall through to the raw text
  }
  return text.slice(0, 200);
}

function hint(code: number): string {
  if (code === 401) return ' (the credentials were refused; check the token or kubeconfig user)';
  if (code === 403) return ' (RBAC: grant list and watch on this resource to the service account)';
  if (code === 404) return ' (the resource is not served: is its CRD installed?)';
  return '';
}
