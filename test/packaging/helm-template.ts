/**
 * A small Go-template renderer for the subset of Helm's template language the zonekeeper chart
 * uses on purpose (see charts/zonekeeper/README.md). Helm cannot run in this project's test
 * environment; this lets the tests render the chart and compare it with the Kustomize base.
 * Anything outside the subset throws, so the chart cannot drift beyond what is tested.
 *
 * Actions: `{{ pipeline }}`, `{{ if }}`/`{{ else }}`/`{{ end }}`, `{{ range pipeline }}` (dot
 * rebinds to each item), `{{ define "name" }}`, `{{/* comment *\/}}`, `{{-` and `-}}` trimming.
 * Operands: `.`, `.a.b`, `$`, `$.a.b`, "strings", numbers, true/false, `( pipeline )`.
 * Functions: see FUNCTIONS in helm-functions.ts.
 * @module
 */
import { callFunction, isFunction } from './helm-functions.ts';

type Node =
  | { kind: 'text'; text: string }
  | { kind: 'out'; expr: string }
  | { kind: 'if'; cond: string; then: Node[]; else: Node[] }
  | { kind: 'range'; over: string; body: Node[] }
  | { kind: 'define'; name: string; body: Node[] };

export interface Scope {
  readonly root: unknown;
  readonly dot: unknown;
  readonly defines: ReadonlyMap<string, Node[]>;
  readonly file: string;
}

export class TemplateError extends Error {
  override name = 'TemplateError';
}

/** `{{ fail "..." }}` raised this: the chart refused the values, as Helm would. */
export class FailError extends Error {
  override name = 'FailError';
}

/** Splits a template into text and actions, applying `{{-` / `-}}` whitespace trimming. */
function lex(source: string, file: string): { kind: 'text' | 'action'; text: string }[] {
  const out: { kind: 'text' | 'action'; text: string }[] = [];
  let pos = 0;
  let trimNext = false;
  while (pos < source.length) {
    const open = source.indexOf('{{', pos);
    let text = source.slice(pos, open === -1 ? source.length : open);
    if (trimNext) text = text.replace(/^\s+/, '');
    if (open === -1) {
      out.push({ kind: 'text', text });
      break;
    }
    const close = source.indexOf('}}', open);
    if (close === -1) throw new TemplateError(`${file}: "{{" at offset ${open} is never closed`);
    let inner = source.slice(open + 2, close);
    if (/^-\s/.test(inner)) {
      text = text.replace(/\s+$/, '');
      inner = inner.slice(1);
    }
    trimNext = /\s-$/.test(inner);
    if (trimNext) inner = inner.slice(0, -1);
    out.push({ kind: 'text', text });
    const action = inner.trim();
    if (!(action.startsWith('/*') && action.endsWith('*/'))) out.push({ kind: 'action', text: action });
    pos = close + 2;
  }
  return out.filter((t) => !(t.kind === 'text' && t.text === ''));
}

/** Builds the tree of if/range/define blocks. */
export function parseTemplate(source: string, file: string): Node[] {
  const tokens = lex(source, file);
  let i = 0;
  const block = (closers: readonly string[]): { nodes: Node[]; closer: string } => {
    const nodes: Node[] = [];
    while (i < tokens.length) {
      const tok = tokens[i++]!;
      if (tok.kind === 'text') {
        nodes.push({ kind: 'text', text: tok.text });
        continue;
      }
      const [word = '', ...rest] = tok.text.split(/\s+/);
      const arg = rest.join(' ');
      if (closers.includes(word) && arg === '') return { nodes, closer: word };
      if (word === 'if') {
        const then = block(['else', 'end']);
        const otherwise = then.closer === 'else' ? block(['end']).nodes : [];
        nodes.push({ kind: 'if', cond: arg, then: then.nodes, else: otherwise });
      } else if (word === 'range') {
        nodes.push({ kind: 'range', over: arg, body: block(['end']).nodes });
      } else if (word === 'define') {
        const name = /^"([^"]+)"$/.exec(arg)?.[1];
        if (name === undefined) throw new TemplateError(`${file}: define needs a quoted name, got "${arg}"`);
        nodes.push({ kind: 'define', name, body: block(['end']).nodes });
      } else if (['else', 'end', 'with', 'template', 'block', 'break', 'continue'].includes(word)) {
        throw new TemplateError(`${file}: "{{ ${tok.text} }}" is outside the chart's template subset (or misplaced)`);
      } else {
        nodes.push({ kind: 'out', expr: tok.text });
      }
    }
    if (closers.length > 0) throw new TemplateError(`${file}: a block is never closed with {{ end }}`);
    return { nodes, closer: '' };
  };
  return block([]).nodes;
}

/** Collects `define` blocks (from _helpers.tpl and any other file). */
export function collectDefines(nodes: readonly Node[], into: Map<string, Node[]>): void {
  for (const node of nodes) if (node.kind === 'define') into.set(node.name, node.body);
}

/** Helm's truthiness: false, 0, "", null/undefined, empty list and empty map are false. */
export function truthy(value: unknown): boolean {
  if (value === undefined || value === null || value === false || value === 0 || value === '') return false;
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === 'object') return Object.keys(value).length > 0;
  return true;
}

function printValue(value: unknown, expr: string, file: string): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value === undefined || value === null) {
    throw new TemplateError(`${file}: {{ ${expr} }} has no value; set it in values.yaml or guard it with if`);
  }
  throw new TemplateError(`${file}: {{ ${expr} }} is a list or map; print it with toYaml`);
}

export function renderNodes(nodes: readonly Node[], scope: Scope): string {
  let out = '';
  for (const node of nodes) {
    switch (node.kind) {
      case 'text':
        out += node.text;
        break;
      case 'out':
        out += printValue(evaluate(node.expr, scope), node.expr, scope.file);
        break;
      case 'if':
        out += renderNodes(truthy(evaluate(node.cond, scope)) ? node.then : node.else, scope);
        break;
      case 'range': {
        const list = evaluate(node.over, scope);
        if (list === undefined || list === null) break;
        if (!Array.isArray(list)) throw new TemplateError(`${scope.file}: range ${node.over} is not a list`);
        for (const item of list) out += renderNodes(node.body, { ...scope, dot: item });
        break;
      }
      case 'define':
        break;
    }
  }
  return out;
}

/* ---------- expressions ---------- */

type Token = { t: 'str'; v: string } | { t: 'num'; v: number } | { t: 'sym'; v: string };

function tokenize(expr: string, file: string): Token[] {
  const re = /\s*(?:("(?:[^"\\]|\\.)*")|(-?\d+(?:\.\d+)?)(?![\w.])|(\$?(?:\.[A-Za-z_]\w*)+|\$|\.)|([A-Za-z_]\w*)|([()|]))/y;
  const tokens: Token[] = [];
  re.lastIndex = 0;
  while (re.lastIndex < expr.length) {
    if (/^\s*$/.test(expr.slice(re.lastIndex))) break;
    const at = re.lastIndex;
    const m = re.exec(expr);
    if (m === null) throw new TemplateError(`${file}: cannot parse "${expr}" at "${expr.slice(at)}"`);
    if (m[1] !== undefined) tokens.push({ t: 'str', v: JSON.parse(m[1]) as string });
    else if (m[2] !== undefined) tokens.push({ t: 'num', v: Number(m[2]) });
    else tokens.push({ t: 'sym', v: m[3] ?? m[4] ?? m[5] ?? '' });
  }
  return tokens;
}

function lookup(path: string, scope: Scope, file: string): unknown {
  let value: unknown = path.startsWith('$') ? scope.root : scope.dot;
  const parts = path.replace(/^\$/, '').split('.').filter((p) => p !== '');
  for (const [index, part] of parts.entries()) {
    if (value === undefined || value === null) {
      const parent = `.${parts.slice(0, index).join('.')}`;
      throw new TemplateError(`${file}: ${path}: ${parent} is not set, so .${part} cannot be read`);
    }
    if (typeof value !== 'object' || Array.isArray(value)) {
      throw new TemplateError(`${file}: ${path}: .${part} is read from a ${typeof value}, not a map`);
    }
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

/** Evaluates a pipeline such as `.Values.x | default "y" | quote`. */
export function evaluate(expr: string, scope: Scope): unknown {
  const tokens = tokenize(expr, scope.file);
  let pos = 0;
  const pipeline = (): unknown => {
    let value = command(undefined, false);
    while (pos < tokens.length && tokens[pos]?.t === 'sym' && tokens[pos]?.v === '|') {
      pos++;
      value = command(value, true);
    }
    return value;
  };
  const operand = (): unknown => {
    const tok = tokens[pos++];
    if (tok === undefined) throw new TemplateError(`${scope.file}: "${expr}" ends too early`);
    if (tok.t !== 'sym') return tok.v;
    if (tok.v === '(') {
      const value = pipeline();
      if (tokens[pos]?.v !== ')') throw new TemplateError(`${scope.file}: "${expr}" misses a ")"`);
      pos++;
      return value;
    }
    if (tok.v === 'true' || tok.v === 'false') return tok.v === 'true';
    if (tok.v.startsWith('.') || tok.v.startsWith('$')) return lookup(tok.v, scope, scope.file);
    throw new TemplateError(`${scope.file}: "${tok.v}" in "${expr}" is not a value (functions come first)`);
  };
  const command = (piped: unknown, hasPiped: boolean): unknown => {
    const head = tokens[pos];
    const atEnd = (): boolean => pos >= tokens.length || tokens[pos]?.v === '|' || tokens[pos]?.v === ')';
    if (head?.t === 'sym' && /^[A-Za-z_]/.test(head.v) && head.v !== 'true' && head.v !== 'false') {
      if (!isFunction(head.v)) {
        throw new TemplateError(`${scope.file}: function "${head.v}" is outside the chart's template subset`);
      }
      pos++;
      const args: unknown[] = [];
      while (!atEnd()) args.push(operand());
      if (hasPiped) args.push(piped);
      return callFunction(head.v, args, scope, { renderNodes, FailError, TemplateError, truthy });
    }
    if (hasPiped) throw new TemplateError(`${scope.file}: "${expr}" pipes into something that is not a function`);
    const value = operand();
    if (!atEnd()) throw new TemplateError(`${scope.file}: "${expr}" has extra operands after a value`);
    return value;
  };
  const value = pipeline();
  if (pos !== tokens.length) throw new TemplateError(`${scope.file}: "${expr}" has unexpected "${String(tokens[pos]?.v)}"`);
  return value;
}
