/**
 * Kubernetes label-selector syntax (`a=b,c!=d,e in (x,y),f notin (z),g,!h`), used for
 * `--label-filter` on labels and for `--annotation-filter` on annotations.
 * @module
 */

type Requirement =
  | { op: 'in' | 'notin'; key: string; values: readonly string[] }
  | { op: 'exists' | 'notexists'; key: string };

export type Selector = Readonly<{
  text: string;
  matches(map: Readonly<Record<string, string>>): boolean;
}>;

export type SelectorResult = { readonly ok: true; readonly selector: Selector } | { readonly ok: false; readonly error: string };

const KEY = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const VALUE = /^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?$/;

/** Parses a selector; the empty string selects everything. */
export function parseSelector(text: string): SelectorResult {
  const requirements: Requirement[] = [];
  for (const clause of splitClauses(text)) {
    const r = parseClause(clause);
    if (typeof r === 'string') return { ok: false, error: `selector "${text}": ${r}` };
    requirements.push(r);
  }
  return { ok: true, selector: { text, matches: (map) => requirements.every((r) => holds(r, map)) } };
}

function splitClauses(text: string): string[] {
  const clauses: string[] = [];
  let depth = 0;
  let current = '';
  for (const c of text) {
    if (c === '(') depth++;
    if (c === ')') depth--;
    if (c === ',' && depth === 0) {
      clauses.push(current.trim());
      current = '';
    } else current += c;
  }
  clauses.push(current.trim());
  return clauses.length === 1 && clauses[0] === '' ? [] : clauses;
}

function parseClause(clause: string): Requirement | string {
  if (clause === '') return 'empty requirement (stray ",")';
  let m = /^!\s*(\S+)$/.exec(clause);
  if (m !== null) return checkKey(m[1] ?? '') ?? { op: 'notexists', key: m[1] ?? '' };
  m = /^(\S+)\s+(in|notin)\s*\(([^()]*)\)$/.exec(clause);
  if (m !== null) {
    const [, key = '', op = '', list = ''] = m;
    const values = list.split(',').map((v) => v.trim());
    if (values.length === 1 && values[0] === '') return `"${clause}" needs at least one value in the parentheses`;
    const bad = values.find((v) => !VALUE.test(v));
    if (bad !== undefined) return `"${bad}" in "${clause}" is not a valid label value`;
    return checkKey(key) ?? { op: op === 'in' ? 'in' : 'notin', key, values };
  }
  m = /^([^=!\s]+)\s*(==|=|!=)\s*(\S*)$/.exec(clause);
  if (m !== null) {
    const [, key = '', op = '', value = ''] = m;
    if (!VALUE.test(value)) return `"${value}" in "${clause}" is not a valid label value`;
    return checkKey(key) ?? { op: op === '!=' ? 'notin' : 'in', key, values: [value] };
  }
  if (!/\s/.test(clause)) return checkKey(clause) ?? { op: 'exists', key: clause };
  return `cannot read "${clause}"; use key=value, key!=value, key in (a,b), key notin (a,b), key or !key`;
}

function checkKey(key: string): string | undefined {
  return KEY.test(key) ? undefined : `"${key}" is not a valid label or annotation key`;
}

function holds(r: Requirement, map: Readonly<Record<string, string>>): boolean {
  const present = Object.hasOwn(map, r.key);
  switch (r.op) {
    case 'exists':
      return present;
    case 'notexists':
      return !present;
    case 'in':
      return present && r.values.includes(map[r.key] ?? '');
    case 'notin':
      return !present || !r.values.includes(map[r.key] ?? '');
  }
}
