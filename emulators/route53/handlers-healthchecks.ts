/**
 * Health-check operations: CreateHealthCheck (CallerReference idempotency as Route53 documents
 * it), GetHealthCheck, ListHealthChecks, DeleteHealthCheck (refused while a record uses it).
 * @module
 */
import { isIP } from 'node:net';
import { ApiError, NS, constraint, invalidInput, noSuchHealthCheck } from './errors.ts';
import { bareId, maxItems, optionalParam } from './context.ts';
import type { ApiResponse, Handler } from './context.ts';
import { encode } from './render.ts';
import { CREATE_HEALTH_CHECK, HEALTH_CHECK_CONFIG, decodeBody } from './schema.ts';
import type { Decoded } from './schema.ts';
import { newHealthCheckId } from './state.ts';
import type { HealthCheck } from './state.ts';
import { leaf, node } from './xml.ts';
import type { XmlNode } from './xml.ts';

const TYPES = ['HTTP', 'HTTPS', 'HTTP_STR_MATCH', 'HTTPS_STR_MATCH', 'TCP', 'CALCULATED', 'CLOUDWATCH_METRIC', 'RECOVERY_CONTROL'];
const ENDPOINT_TYPES = new Set(['HTTP', 'HTTPS', 'HTTP_STR_MATCH', 'HTTPS_STR_MATCH', 'TCP']);

interface Config {
  IPAddress?: string;
  Port?: number;
  Type?: string;
  FullyQualifiedDomainName?: string;
  SearchString?: string;
  RequestInterval?: number;
  FailureThreshold?: number;
  ChildHealthChecks?: string[];
  HealthThreshold?: number;
}

/** Checks the config and fills Route53's defaults, so equal settings compare equal. */
function normalizeConfig(raw: Decoded): Decoded {
  const c = raw as Config;
  if (c.Type === undefined || !TYPES.includes(c.Type)) {
    throw invalidInput(`Invalid XML ; cvc-enumeration-valid: Value '${c.Type ?? ''}' is not facet-valid with respect to enumeration '[${TYPES.join(', ')}]'. It must be a value from the enumeration.`);
  }
  if (ENDPOINT_TYPES.has(c.Type)) {
    if (c.IPAddress === undefined && c.FullyQualifiedDomainName === undefined) {
      throw invalidInput(`Invalid request: a ${c.Type} health check needs IPAddress or FullyQualifiedDomainName`);
    }
    if (c.IPAddress !== undefined && isIP(c.IPAddress) === 0) throw invalidInput(`Invalid request: IPAddress '${c.IPAddress}' is not a valid IPv4 or IPv6 address`);
    if (c.Type === 'TCP' && c.Port === undefined) throw invalidInput('Invalid request: a TCP health check needs a Port');
    if (c.Type.endsWith('_STR_MATCH') && c.SearchString === undefined) throw invalidInput(`Invalid request: a ${c.Type} health check needs a SearchString`);
  }
  if (c.Type === 'CALCULATED' && c.ChildHealthChecks === undefined) throw invalidInput('Invalid request: a CALCULATED health check needs ChildHealthChecks');
  if (c.Port !== undefined && (c.Port < 1 || c.Port > 65535)) throw constraint(String(c.Port), 'healthCheckConfig.port', 'Member must have value between 1 and 65535');
  if (c.RequestInterval !== undefined && c.RequestInterval !== 10 && c.RequestInterval !== 30) {
    throw constraint(String(c.RequestInterval), 'healthCheckConfig.requestInterval', 'Member must be 10 or 30');
  }
  if (c.FailureThreshold !== undefined && (c.FailureThreshold < 1 || c.FailureThreshold > 10)) {
    throw constraint(String(c.FailureThreshold), 'healthCheckConfig.failureThreshold', 'Member must have value between 1 and 10');
  }
  const defaults: Decoded = ENDPOINT_TYPES.has(c.Type)
    ? {
        Port: c.Type.startsWith('HTTPS') ? 443 : 80,
        RequestInterval: 30,
        FailureThreshold: 3,
        MeasureLatency: false,
        Inverted: false,
        Disabled: false,
        EnableSNI: c.Type.startsWith('HTTPS'),
      }
    : { Inverted: false, Disabled: false };
  return { ...defaults, ...raw };
}

function healthCheckXml(check: HealthCheck): XmlNode {
  return node(
    'HealthCheck',
    leaf('Id', check.id),
    leaf('CallerReference', check.callerReference),
    { name: 'HealthCheckConfig', children: encode(check.config, HEALTH_CHECK_CONFIG) },
    leaf('HealthCheckVersion', check.version),
  );
}

const respond = (status: number, name: string, children: (XmlNode | undefined)[], headers?: Record<string, string>): ApiResponse => ({
  status,
  body: { name, attrs: { xmlns: NS }, children },
  ...(headers !== undefined ? { headers } : {}),
});

export const createHealthCheck: Handler = (ctx, req) => {
  const body = decodeBody(req.body, 'CreateHealthCheckRequest', CREATE_HEALTH_CHECK) as { CallerReference?: string; HealthCheckConfig?: Decoded };
  const ref = body.CallerReference;
  if (ref === undefined || ref.length < 1 || ref.length > 64) {
    throw constraint(ref ?? 'null', 'callerReference', 'Member must have length between 1 and 64 and must not be null');
  }
  if (body.HealthCheckConfig === undefined) {
    throw invalidInput(`Invalid XML ; cvc-complex-type.2.4.b: The content of element 'CreateHealthCheckRequest' is not complete. One of '{HealthCheckConfig}' is expected.`);
  }
  const config = normalizeConfig(body.HealthCheckConfig);
  const state = ctx.store.data;
  const existing = state.healthChecks.find((h) => h.callerReference === ref);
  const location = (id: string): Record<string, string> => ({ Location: `https://route53.amazonaws.com/2013-04-01/healthcheck/${id}` });
  if (existing !== undefined) {
    if (JSON.stringify(sortKeys(existing.config)) === JSON.stringify(sortKeys(config))) {
      return respond(201, 'CreateHealthCheckResponse', [healthCheckXml(existing)], location(existing.id));
    }
    throw new ApiError('HealthCheckAlreadyExists', `A health check with the CallerReference ${ref} already exists with different settings; use a new CallerReference.`, 409);
  }
  if (state.deletedHealthCheckRefs.includes(ref)) {
    throw new ApiError('HealthCheckAlreadyExists', `The CallerReference ${ref} belonged to a health check that was deleted; use a new CallerReference.`, 409);
  }
  if (state.healthChecks.length >= ctx.limits.maxHealthChecks) {
    throw new ApiError('TooManyHealthChecks', `This account has reached its limit of ${ctx.limits.maxHealthChecks} health checks.`);
  }
  const check: HealthCheck = { id: newHealthCheckId(), callerReference: ref, config, version: 1, tags: {} };
  state.healthChecks.push(check);
  ctx.store.save();
  return respond(201, 'CreateHealthCheckResponse', [healthCheckXml(check)], location(check.id));
};

function sortKeys(value: Decoded): Decoded {
  return Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : 1)));
}

export const getHealthCheck: Handler = (ctx, req) => {
  const id = bareId(req.params.id ?? '');
  const check = ctx.store.healthCheck(id);
  if (check === undefined) throw noSuchHealthCheck(id);
  return respond(200, 'GetHealthCheckResponse', [healthCheckXml(check)]);
};

export const listHealthChecks: Handler = (ctx, req) => {
  const max = maxItems(req.query, 100, 1000);
  const checks = ctx.store.data.healthChecks;
  const marker = optionalParam(req.query, 'marker');
  let first = 0;
  if (marker !== undefined) {
    first = checks.findIndex((h) => h.id === marker);
    if (first < 0) throw invalidInput(`Invalid request: marker '${marker}' does not match a health check; pass the NextMarker of the previous page`);
  }
  const page = checks.slice(first, first + max);
  const next = checks[first + max];
  return respond(200, 'ListHealthChecksResponse', [
    node('HealthChecks', ...page.map(healthCheckXml)),
    leaf('Marker', marker ?? ''),
    leaf('IsTruncated', next !== undefined),
    leaf('NextMarker', next?.id),
    leaf('MaxItems', max),
  ]);
};

export const deleteHealthCheck: Handler = (ctx, req) => {
  const id = bareId(req.params.id ?? '');
  const state = ctx.store.data;
  const check = ctx.store.healthCheck(id);
  if (check === undefined) throw noSuchHealthCheck(id);
  for (const zone of state.zones) {
    const user = zone.records.find((r) => r.HealthCheckId === id);
    if (user !== undefined) {
      throw new ApiError('HealthCheckInUse', `The health check ${id} is still referenced by the HealthCheckId of ${user.Name} ${user.Type} in zone ${zone.name}.`);
    }
  }
  state.healthChecks = state.healthChecks.filter((h) => h !== check);
  state.deletedHealthCheckRefs.push(check.callerReference);
  ctx.store.save();
  return respond(200, 'DeleteHealthCheckResponse', []);
};
