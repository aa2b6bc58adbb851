// Label and field selectors, parsed once per request into predicates. Grammar follows the API server:
// labels `a=b, a==b, a!=b, a in (x,y), a notin (x), a, !a`; fields `path=value, path==value, path!=value`.

import { badRequest } from './errors.ts';
import { isPlainObject } from './object.ts';
import type { KubeObject } from './object.ts';

export type Selector = (obj: KubeObject) => boolean;

export const matchAll: Selector = () => true;

type LabelTerm =
  | { readonly op: 'exists' | 'absent'; readonly key: string }
  | { readonly op: 'in' | 'notin'; readonly key: string; readonly values: ReadonlySet<string> };

/** Splits on commas that are not inside parentheses (`in (a,b)` keeps its list). */
function splitTerms(text: string): string[] {
  const terms: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of text) {
    if (ch === '(') depth += 1;
    if (ch === ')') depth -= 1;
    if (ch === ',' && depth === 0) {
      terms.push(current.trim());
      current = '';
    } else {
      current += ch;
    }
  }
  terms.push(current.trim());
  return terms.filter((term) => term !== '');
}

const SET_TERM = /^([A-Za-z0-9._/-]+)\s+(in|notin)\s*\(([^)]*)\)$/;
const EQ_TERM = /^([A-Za-z0-9._/-]+)\s*(==|=|!=)\s*([A-Za-z0-9._-]*)$/;
const KEY_TERM = /^(!?)\s*([A-Za-z0-9._/-]+)$/;

function parseLabelTerm(term: string, whole: string): LabelTerm {
  const set = SET_TERM.exec(term);
  if (set) {
    const values = (set[3] ?? '').split(',').map((value) => value.trim());
    return { op: set[2] === 'in' ? 'in' : 'notin', key: set[1] ?? '', values: new Set(values) };
  }
  const eq = EQ_TERM.exec(term);
  if (eq) {
    return { op: eq[2] === '!=' ? 'notin' : 'in', key: eq[1] ?? '', values: new Set([eq[3] ?? '']) };
  }
  const key = KEY_TERM.exec(term);
  if (key) return { op: key[1] === '!' ? 'absent' : 'exists', key: key[2] ?? '' };
  throw badRequest(`unable to parse requirement: labelSelector "${whole}": term "${term}" is not a valid selector term`);
}

function labelTermMatches(term: LabelTerm, labels: Record<string, string>): boolean {
  const has = Object.hasOwn(labels, term.key);
  switch (term.op) {
    case 'exists':
      return has;
    case 'absent':
      return !has;
    case 'in':
      return has && term.values.has(labels[term.key] ?? '');
    case 'notin':
      return !has || !term.values.has(labels[term.key] ?? '');
  }
}

export function parseLabelSelector(text: string | null | undefined): Selector {
  if (text === null || text === undefined || text.trim() === '') return matchAll;
  const terms = splitTerms(text).map((term) => parseLabelTerm(term, text));
  return (obj) => {
    const labels = obj.metadata.labels ?? {};
    return terms.every((term) => labelTermMatches(term, labels));
  };
}

const FIELD_TERM = /^([A-Za-z0-9._-]+)\s*(==|=|!=)\s*(.*)$/;

function fieldValue(obj: KubeObject, path: string): string {
  let current: unknown = obj;
  for (const part of path.split('.')) {
    if (!isPlainObject(current)) return '';
    current = current[part];
  }
  if (typeof current === 'string') return current;
  if (typeof current === 'number' || typeof current === 'boolean') return String(current);
  return '';
}

/** Field selectors compare a dotted path's scalar value: metadata.name, metadata.namespace, spec.nodeName... */
export function parseFieldSelector(text: string | null | undefined): Selector {
  if (text === null || text === undefined || text.trim() === '') return matchAll;
  const terms = text.split(',').map((term) => {
    const match = FIELD_TERM.exec(term.trim());
    if (!match) throw badRequest(`invalid fieldSelector "${text}": term "${term}" must be <field>=<value> or <field>!=<value>`);
    return { path: match[1] ?? '', negate: match[2] === '!=', value: match[3] ?? '' };
  });
  return (obj) => terms.every((term) => (fieldValue(obj, term.path) === term.value) !== term.negate);
}

export function both(a: Selector, b: Selector): Selector {
  if (a === matchAll) return b;
  if (b === matchAll) return a;
  return (obj) => a(obj) && b(obj);
}
