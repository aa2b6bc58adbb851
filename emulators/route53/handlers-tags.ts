/**
 * Tag operations on hosted zones and health checks: ListTagsForResource, ListTagsForResources
 * (1–10 IDs) and ChangeTagsForResource (≤ 10 adds, ≤ 10 removals, ≤ 50 tags per resource).
 * @module
 */
import { NS, constraint, invalidInput, noSuchHealthCheck, noSuchHostedZone } from './errors.ts';
import { bareId } from './context.ts';
import type { Context, Handler } from './context.ts';
import { CHANGE_TAGS, LIST_TAGS_FOR_RESOURCES, decodeBody } from './schema.ts';
import { leaf, node } from './xml.ts';
import type { XmlNode } from './xml.ts';

const TYPES = ['healthcheck', 'hostedzone'];
const MAX_TAGS = 50;

function tagsOf(ctx: Context, type: string, rawId: string): Record<string, string> {
  if (!TYPES.includes(type)) {
    throw invalidInput(`Invalid request: resource type '${type}' is not one of [${TYPES.join(', ')}]`);
  }
  const id = bareId(rawId);
  if (type === 'hostedzone') {
    const zone = ctx.store.zone(id);
    if (zone === undefined) throw noSuchHostedZone(id);
    return zone.tags;
  }
  const check = ctx.store.healthCheck(id);
  if (check === undefined) throw noSuchHealthCheck(id);
  return check.tags;
}

function tagSetXml(type: string, id: string, tags: Record<string, string>): XmlNode {
  return node(
    'ResourceTagSet',
    leaf('ResourceType', type),
    leaf('ResourceId', bareId(id)),
    node('Tags', ...Object.entries(tags).map(([k, v]) => node('Tag', leaf('Key', k), leaf('Value', v)))),
  );
}

export const listTagsForResource: Handler = (ctx, req) => {
  const type = req.params.type ?? '';
  const id = req.params.id ?? '';
  const tags = tagsOf(ctx, type, id);
  return { status: 200, body: { name: 'ListTagsForResourceResponse', attrs: { xmlns: NS }, children: [tagSetXml(type, id, tags)] } };
};

export const listTagsForResources: Handler = (ctx, req) => {
  const type = req.params.type ?? '';
  const body = decodeBody(req.body, 'ListTagsForResourcesRequest', LIST_TAGS_FOR_RESOURCES) as { ResourceIds?: string[] };
  const ids = body.ResourceIds ?? [];
  if (ids.length < 1) throw constraint('[]', 'resourceIds', 'Member must have length greater than or equal to 1');
  if (ids.length > 10) throw constraint(`[${ids.join(', ')}]`, 'resourceIds', 'Member must have length less than or equal to 10');
  const sets = ids.map((id) => tagSetXml(type, id, tagsOf(ctx, type, id)));
  return {
    status: 200,
    body: { name: 'ListTagsForResourcesResponse', attrs: { xmlns: NS }, children: [node('ResourceTagSets', ...sets)] },
  };
};

export const changeTagsForResource: Handler = (ctx, req) => {
  const type = req.params.type ?? '';
  const tags = tagsOf(ctx, type, req.params.id ?? '');
  const body = decodeBody(req.body, 'ChangeTagsForResourceRequest', CHANGE_TAGS) as {
    AddTags?: { Key?: string; Value?: string }[];
    RemoveTagKeys?: string[];
  };
  const add = body.AddTags ?? [];
  const remove = body.RemoveTagKeys ?? [];
  if (add.length > 10) throw constraint(`${add.length} tags`, 'addTags', 'Member must have length less than or equal to 10');
  if (remove.length > 10) throw constraint(`${remove.length} keys`, 'removeTagKeys', 'Member must have length less than or equal to 10');
  const next = { ...tags };
  for (const key of remove) Reflect.deleteProperty(next, key);
  for (const tag of add) {
    if (tag.Key === undefined || tag.Key.length < 1 || tag.Key.length > 128) {
      throw constraint(tag.Key ?? 'null', 'addTags.member.key', 'Member must have length between 1 and 128');
    }
    const value = tag.Value ?? '';
    if (value.length > 256) throw constraint(value, 'addTags.member.value', 'Member must have length less than or equal to 256');
    next[tag.Key] = value;
  }
  if (Object.keys(next).length > MAX_TAGS) {
    throw invalidInput(`Invalid request: ${type} ${req.params.id ?? ''} would have ${Object.keys(next).length} tags; the limit is ${MAX_TAGS}`);
  }
  for (const key of Object.keys(tags)) Reflect.deleteProperty(tags, key);
  Object.assign(tags, next);
  ctx.store.save();
  return { status: 200, body: { name: 'ChangeTagsForResourceResponse', attrs: { xmlns: NS }, children: [] } };
};
