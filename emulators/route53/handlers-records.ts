/**
 * Record-set operations: ListResourceRecordSets (Route53 order and start semantics) and
 * ChangeResourceRecordSets (throttling of concurrent changes per zone, shape checks, size limits,
 * health-check references, then the transactional batch).
 * @module
 */
import { applyBatch } from './apply-batch.ts';
import { ApiError, NS, constraint, invalidInput } from './errors.ts';
import { maxItems, optionalParam } from './context.ts';
import type { Handler } from './context.ts';
import { findZone } from './handlers-zones.ts';
import { parseName, wireName } from './names.ts';
import { pageOf } from './ordering.ts';
import { RECORD_TYPES } from './record-values.ts';
import { changeInfoXml, encode } from './render.ts';
import { CHANGE_BATCH, RESOURCE_RECORD_SET, decodeBody } from './schema.ts';
import { checkChangeShape, checkRequestLimits } from './validate-change.ts';
import { leaf, node } from './xml.ts';

export const MAX_RECORDS_PAGE = 300;

export const listResourceRecordSets: Handler = (ctx, req) => {
  const zone = findZone(ctx, req.params.id ?? '');
  const max = maxItems(req.query, MAX_RECORDS_PAGE, MAX_RECORDS_PAGE);
  const rawName = optionalParam(req.query, 'name');
  const type = optionalParam(req.query, 'type');
  const identifier = optionalParam(req.query, 'identifier');
  if (type !== undefined && rawName === undefined) {
    throw invalidInput(`Invalid request: the type parameter (type=${type}) needs a name parameter too`);
  }
  if (identifier !== undefined && type === undefined) {
    throw invalidInput(`Invalid request: the identifier parameter (identifier=${identifier}) needs name and type parameters too`);
  }
  if (type !== undefined && !RECORD_TYPES.includes(type)) {
    throw constraint(type, 'type', `Member must satisfy enum value set: [${RECORD_TYPES.join(', ')}]`);
  }
  let name: string | undefined;
  if (rawName !== undefined) {
    const parsed = parseName(rawName);
    if (!parsed.ok) throw invalidInput(`Invalid request: name '${rawName}' is not a valid DNS name: ${parsed.reason}`);
    name = wireName(parsed.labels);
  }
  const page = pageOf(zone.records, { name, type, identifier }, max);
  const next = page.next;
  return {
    status: 200,
    body: {
      name: 'ListResourceRecordSetsResponse',
      attrs: { xmlns: NS },
      children: [
        node('ResourceRecordSets', ...page.items.map((r) => ({ name: 'ResourceRecordSet', children: encode(r, RESOURCE_RECORD_SET) }))),
        leaf('IsTruncated', next !== undefined),
        leaf('NextRecordName', next?.Name),
        leaf('NextRecordType', next?.Type),
        leaf('NextRecordIdentifier', next?.SetIdentifier),
        leaf('MaxItems', max),
      ],
    },
  };
};

interface BatchBody {
  ChangeBatch?: { Comment?: string; Changes?: { Action?: unknown; ResourceRecordSet?: unknown }[] };
}

export const changeResourceRecordSets: Handler = (ctx, req) => {
  const zone = findZone(ctx, req.params.id ?? '');
  const now = ctx.now();
  if (now < (ctx.inFlightUntil.get(zone.id) ?? 0)) {
    throw new ApiError('PriorRequestNotComplete', 'The request was rejected because Route 53 was still processing a prior request.');
  }
  const body = decodeBody(req.body, 'ChangeResourceRecordSetsRequest', CHANGE_BATCH, 'ChangeBatch') as BatchBody;
  const batch = body.ChangeBatch;
  if (batch === undefined) {
    throw invalidInput(`Invalid XML ; cvc-complex-type.2.4.b: The content of element 'ChangeResourceRecordSetsRequest' is not complete. One of '{ChangeBatch}' is expected.`);
  }
  if (batch.Changes === undefined || batch.Changes.length === 0) {
    throw constraint('[]', 'changeBatch.changes', 'Member must have length greater than or equal to 1');
  }
  if (batch.Comment !== undefined && batch.Comment.length > 256) {
    throw constraint(batch.Comment, 'changeBatch.comment', 'Member must have length less than or equal to 256');
  }
  const changes = batch.Changes.map((c, i) => checkChangeShape(c, i + 1));
  checkRequestLimits(changes);
  for (const change of changes) {
    const id = change.ResourceRecordSet.HealthCheckId;
    if (id !== undefined && ctx.store.healthCheck(id) === undefined) {
      throw new ApiError('NoSuchHealthCheck', `No health check exists with the specified ID ${id} (used by ${change.ResourceRecordSet.Name} ${change.ResourceRecordSet.Type}).`, 404);
    }
  }
  const throttler = ctx.throttler();
  if (throttler !== undefined && !throttler.admitChanges(changes.length, now)) throw new ApiError('Throttling', 'Rate exceeded');
  applyBatch(ctx.store.data, zone, changes, { maxRecordsPerZone: ctx.limits.maxRecordsPerZone });
  const change = ctx.store.addChange(now, batch.Comment);
  ctx.store.save();
  const busyFor = ctx.limits.inFlightMs + req.answerDelayMs;
  if (busyFor > 0) ctx.inFlightUntil.set(zone.id, now + busyFor);
  return {
    status: 200,
    body: { name: 'ChangeResourceRecordSetsResponse', attrs: { xmlns: NS }, children: [changeInfoXml(change, 'PENDING')] },
  };
};
