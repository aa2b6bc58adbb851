// PATCH bodies: JSON merge patch (RFC 7386; strategic merge is treated the same) and JSON patch (RFC 6902).
// Pure functions over JSON values; failures are ApiErrors the server returns as-is.

import { ApiError, badRequest } from './errors.ts';
import { clone, deepEqual, isPlainObject } from './object.ts';

export const MERGE_PATCH = 'application/merge-patch+json';
export const STRATEGIC_MERGE_PATCH = 'application/strategic-merge-patch+json';
export const JSON_PATCH = 'application/json-patch+json';

export function mergePatch(target: unknown, patch: unknown): unknown {
  if (!isPlainObject(patch)) return clone(patch);
  const result: Record<string, unknown> = isPlainObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) {
      // eslint-disable-next-line @typescript-eslint/no-dynamic-delete -- RFC 7386: null removes the member
      delete result[key];
    } else {
      result[key] = mergePatch(result[key], value);
    }
  }
  return result;
}

interface Operation {
  readonly op: string;
  readonly path: string;
  readonly from?: string;
  readonly value?: unknown;
}

function patchFailed(message: string): ApiError {
  return new ApiError(422, 'Invalid', `the JSON patch could not be applied: ${message}`);
}

function parsePointer(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) throw patchFailed(`path "${pointer}" must be empty or start with "/"`);
  return pointer
    .slice(1)
    .split('/')
    .map((token) => token.replaceAll('~1', '/').replaceAll('~0', '~'));
}

type Container = Record<string, unknown> | unknown[];

/** Walks to the parent of the pointer's last token. */
function parentOf(doc: unknown, tokens: readonly string[], pointer: string): { parent: Container; last: string } {
  let current = doc;
  for (const token of tokens.slice(0, -1)) {
    current = Array.isArray(current) ? current[arrayIndex(current, token, pointer, false)] : childOf(current, token, pointer);
  }
  if (!Array.isArray(current) && !isPlainObject(current)) throw patchFailed(`path "${pointer}" has no container`);
  return { parent: current, last: tokens.at(-1) ?? '' };
}

function childOf(current: unknown, token: string, pointer: string): unknown {
  if (!isPlainObject(current) || !Object.hasOwn(current, token)) {
    throw patchFailed(`path "${pointer}": member "${token}" does not exist`);
  }
  return current[token];
}

function arrayIndex(array: readonly unknown[], token: string, pointer: string, forInsert: boolean): number {
  if (forInsert && token === '-') return array.length;
  const index = /^(0|[1-9]\d*)$/.test(token) ? Number(token) : Number.NaN;
  const limit = forInsert ? array.length : array.length - 1;
  if (Number.isNaN(index) || index > limit) throw patchFailed(`path "${pointer}": index "${token}" is out of range`);
  return index;
}

function getAt(doc: unknown, pointer: string): unknown {
  const tokens = parsePointer(pointer);
  if (tokens.length === 0) return doc;
  const { parent, last } = parentOf(doc, tokens, pointer);
  return Array.isArray(parent) ? parent[arrayIndex(parent, last, pointer, false)] : childOf(parent, last, pointer);
}

function removeAt(doc: unknown, pointer: string): void {
  const tokens = parsePointer(pointer);
  if (tokens.length === 0) throw patchFailed('cannot remove the whole document');
  const { parent, last } = parentOf(doc, tokens, pointer);
  if (Array.isArray(parent)) {
    parent.splice(arrayIndex(parent, last, pointer, false), 1);
  } else {
    childOf(parent, last, pointer);
    // eslint-disable-next-line @typescript-eslint/no-dynamic-delete -- removing the addressed member
    delete parent[last];
  }
}

function addAt(doc: unknown, pointer: string, value: unknown, replace: boolean): unknown {
  const tokens = parsePointer(pointer);
  if (tokens.length === 0) return clone(value);
  const { parent, last } = parentOf(doc, tokens, pointer);
  if (Array.isArray(parent)) {
    const index = arrayIndex(parent, last, pointer, !replace);
    parent.splice(index, replace ? 1 : 0, clone(value));
  } else {
    if (replace) childOf(parent, last, pointer);
    parent[last] = clone(value);
  }
  return doc;
}

function toOperations(patch: unknown): Operation[] {
  if (!Array.isArray(patch)) throw badRequest('a JSON patch must be an array of operations');
  return patch.map((op: unknown, i) => {
    if (!isPlainObject(op) || typeof op['op'] !== 'string' || typeof op['path'] !== 'string') {
      throw badRequest(`JSON patch operation ${i}: needs string "op" and "path", got ${JSON.stringify(op)}`);
    }
    const from = typeof op['from'] === 'string' ? op['from'] : undefined;
    return { op: op['op'], path: op['path'], value: op['value'], ...(from === undefined ? {} : { from }) };
  });
}

export function jsonPatch(target: unknown, patch: unknown): unknown {
  let doc = clone(target);
  for (const operation of toOperations(patch)) {
    const { op, path, from } = operation;
    switch (op) {
      case 'add':
      case 'replace':
        doc = addAt(doc, path, operation.value, op === 'replace');
        break;
      case 'remove':
        removeAt(doc, path);
        break;
      case 'move':
      case 'copy': {
        if (from === undefined) throw badRequest(`JSON patch ${op} at "${path}" needs "from"`);
        const value = clone(getAt(doc, from));
        if (op === 'move') removeAt(doc, from);
        doc = addAt(doc, path, value, false);
        break;
      }
      case 'test':
        if (!deepEqual(getAt(doc, path), operation.value)) {
          throw patchFailed(`test at "${path}" failed: value is not ${JSON.stringify(operation.value)}`);
        }
        break;
      default:
        throw badRequest(`JSON patch: unknown op "${op}" at "${path}"`);
    }
  }
  return doc;
}

/** Applies a PATCH body by content type; other types (apply-patch+yaml) are refused with 415. */
export function applyPatch(contentType: string, target: unknown, patch: unknown): unknown {
  const type = contentType.split(';')[0]?.trim() ?? '';
  if (type === MERGE_PATCH || type === STRATEGIC_MERGE_PATCH) return mergePatch(target, patch);
  if (type === JSON_PATCH) return jsonPatch(target, patch);
  throw new ApiError(
    415,
    'UnsupportedMediaType',
    'the body of the request was in an unknown format - accepted media types include: ' +
      `${JSON_PATCH}, ${MERGE_PATCH}, ${STRATEGIC_MERGE_PATCH} (got "${type}")`,
  );
}
