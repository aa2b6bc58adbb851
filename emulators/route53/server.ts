/**
 * The HTTP edge: routes Route53 REST paths to handlers, records the SigV4 access key and the
 * outcome of every call, applies fault injection and throttling, and answers `text/xml`.
 * Paths under `/_emulator/` go to the emulator's own control endpoints (admin.ts).
 * @module
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { serveAdmin } from './admin.ts';
import { changesOf, type ChangeLog } from './change-log.ts';
import type { AdminParts } from './admin.ts';
import type { Context, Handler } from './context.ts';
import type { Counts } from './counts.ts';
import { ApiError, errorXml } from './errors.ts';
import type { Faults } from './faults.ts';
import * as hc from './handlers-healthchecks.ts';
import * as limits from './handlers-limits.ts';
import * as records from './handlers-records.ts';
import * as tags from './handlers-tags.ts';
import * as zones from './handlers-zones.ts';
import { toXml } from './xml.ts';

interface Route {
  readonly method: string;
  readonly pattern: RegExp;
  readonly operation: string;
  readonly handler: Handler;
}

const P = '^/2013-04-01';
const ROUTES: readonly Route[] = [
  { method: 'GET', pattern: new RegExp(`${P}/hostedzone$`), operation: 'ListHostedZones', handler: zones.listHostedZones },
  { method: 'POST', pattern: new RegExp(`${P}/hostedzone$`), operation: 'CreateHostedZone', handler: zones.createHostedZone },
  { method: 'GET', pattern: new RegExp(`${P}/hostedzonesbyname$`), operation: 'ListHostedZonesByName', handler: zones.listHostedZonesByName },
  { method: 'GET', pattern: new RegExp(`${P}/hostedzone/(?<id>[^/]+)$`), operation: 'GetHostedZone', handler: zones.getHostedZone },
  { method: 'DELETE', pattern: new RegExp(`${P}/hostedzone/(?<id>[^/]+)$`), operation: 'DeleteHostedZone', handler: zones.deleteHostedZone },
  { method: 'GET', pattern: new RegExp(`${P}/hostedzone/(?<id>[^/]+)/rrset/?$`), operation: 'ListResourceRecordSets', handler: records.listResourceRecordSets },
  { method: 'POST', pattern: new RegExp(`${P}/hostedzone/(?<id>[^/]+)/rrset/?$`), operation: 'ChangeResourceRecordSets', handler: records.changeResourceRecordSets },
  { method: 'GET', pattern: new RegExp(`${P}/change/(?<id>[^/]+)$`), operation: 'GetChange', handler: zones.getChange },
  { method: 'POST', pattern: new RegExp(`${P}/tags/(?<type>[^/]+)$`), operation: 'ListTagsForResources', handler: tags.listTagsForResources },
  { method: 'GET', pattern: new RegExp(`${P}/tags/(?<type>[^/]+)/(?<id>[^/]+)$`), operation: 'ListTagsForResource', handler: tags.listTagsForResource },
  { method: 'POST', pattern: new RegExp(`${P}/tags/(?<type>[^/]+)/(?<id>[^/]+)$`), operation: 'ChangeTagsForResource', handler: tags.changeTagsForResource },
  { method: 'POST', pattern: new RegExp(`${P}/healthcheck$`), operation: 'CreateHealthCheck', handler: hc.createHealthCheck },
  { method: 'GET', pattern: new RegExp(`${P}/healthcheck$`), operation: 'ListHealthChecks', handler: hc.listHealthChecks },
  { method: 'GET', pattern: new RegExp(`${P}/healthcheck/(?<id>[^/]+)$`), operation: 'GetHealthCheck', handler: hc.getHealthCheck },
  { method: 'DELETE', pattern: new RegExp(`${P}/healthcheck/(?<id>[^/]+)$`), operation: 'DeleteHealthCheck', handler: hc.deleteHealthCheck },
  { method: 'GET', pattern: new RegExp(`${P}/hostedzonelimit/(?<id>[^/]+)/(?<type>[^/]+)$`), operation: 'GetHostedZoneLimit', handler: limits.getHostedZoneLimit },
  { method: 'GET', pattern: new RegExp(`${P}/accountlimit/(?<type>[^/]+)$`), operation: 'GetAccountLimit', handler: limits.getAccountLimit },
  { method: 'GET', pattern: new RegExp(`${P}/hostedzonecount$`), operation: 'GetHostedZoneCount', handler: limits.getHostedZoneCount },
];

const MAX_BODY_BYTES = 4 * 1024 * 1024;
const CREDENTIAL = /^AWS4-HMAC-SHA256\s+Credential=([^/,\s]+)\/\d{8}\/[^/]+\/route53\/aws4_request\s*,\s*SignedHeaders=[^,]+,\s*Signature=[0-9a-f]{64}$/;

export interface ServerParts extends AdminParts {
  readonly ctx: Context;
  readonly counts: Counts;
  readonly faults: Faults;
  readonly requireAuth: boolean;
  /** Told about every ChangeResourceRecordSets call (when it has listeners). */
  readonly changeLog?: ChangeLog;
}

/** Decodes a path segment; a malformed %-escape stays as given (and then matches nothing). */
function segment(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

function match(method: string, path: string): { route: Route; params: Record<string, string> } | undefined {
  for (const route of ROUTES) {
    if (route.method !== method) continue;
    const m = route.pattern.exec(path);
    if (m === null) continue;
    const params: Record<string, string> = {};
    for (const [k, v] of Object.entries(m.groups ?? {})) params[k] = segment(v);
    return { route, params };
  }
  return undefined;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) reject(new ApiError('InvalidInput', `Request body exceeds ${MAX_BODY_BYTES} bytes`));
      else chunks.push(chunk);
    });
    req.on('end', () => {
      resolve(Buffer.concat(chunks).toString('utf8'));
    });
    req.on('error', reject);
  });
}

/** Returns the access key id, or throws the error AWS gives an unsigned or badly signed request. */
function accessKeyOf(req: IncomingMessage, required: boolean): string | undefined {
  const header = req.headers.authorization;
  if (header === undefined) {
    if (!required) return undefined;
    throw new ApiError('MissingAuthenticationToken', 'Missing Authentication Token', 403);
  }
  const m = CREDENTIAL.exec(header);
  if (m === null) {
    if (!required) return undefined;
    throw new ApiError('IncompleteSignature', 'Authorization header is not a well-formed AWS4-HMAC-SHA256 signature for service route53', 403);
  }
  return m[1];
}

/** Handles one HTTP request end to end. */
export async function serve(parts: ServerParts, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://emulator');
  if (url.pathname.startsWith('/_emulator/') && (await serveAdmin(parts, url.pathname, req, res))) return;
  const requestId = randomUUID();
  const found = match(req.method ?? 'GET', url.pathname);
  const operation = found?.route.operation ?? 'Unknown';
  let accessKey: string | undefined;
  let status = 200;
  let body: string;
  let headers: Record<string, string> = {};
  const delay = parts.faults.delayFor(operation);
  const receivedAt = parts.ctx.now();
  let raw = '';
  let outcome = 'ok';
  try {
    raw = await readBody(req);
    accessKey = accessKeyOf(req, parts.requireAuth);
    const fault = parts.faults.decide(operation);
    if (fault === 'drop') {
      parts.counts.record(operation, accessKey, 'dropped');
      req.socket.destroy();
      return;
    }
    if (fault === 'internal-error') throw new ApiError('InternalFailure', 'We encountered an internal error. Please try again.', 500);
    if (fault === 'throttle') throw new ApiError('Throttling', 'Rate exceeded');
    if (found === undefined) {
      throw new ApiError('InvalidAction', `The action or operation requested is invalid: ${req.method ?? ''} ${url.pathname} is not a Route53 operation this emulator serves`, 404);
    }
    const throttler = parts.ctx.throttler();
    if (throttler !== undefined && !throttler.admit(operation, parts.ctx.now())) throw new ApiError('Throttling', 'Rate exceeded');
    const answer = found.route.handler(parts.ctx, { params: found.params, query: url.searchParams, body: raw, answerDelayMs: delay });
    status = answer.status;
    body = toXml(answer.body);
    headers = { ...answer.headers };
    parts.counts.record(operation, accessKey, 'ok');
  } catch (error) {
    const apiError =
      error instanceof ApiError ? error : new ApiError('InternalFailure', `Emulator bug while handling ${operation}: ${String(error)}`, 500);
    status = apiError.status;
    body = errorXml(apiError, requestId);
    parts.counts.record(operation, accessKey, apiError.code);
    outcome = apiError.code;
  }
  if (operation === 'ChangeResourceRecordSets' && parts.changeLog?.active === true) {
    parts.changeLog.emit({
      operation,
      accessKeyId: accessKey,
      zoneId: found?.params.id ?? '',
      receivedAt,
      answeredAt: parts.ctx.now(),
      outcome,
      changes: changesOf(raw),
    });
  }
  const send = (): void => {
    res.writeHead(status, { 'Content-Type': 'text/xml', 'x-amzn-RequestId': requestId, ...headers }).end(body);
  };
  if (delay > 0) setTimeout(send, delay);
  else send();
}
