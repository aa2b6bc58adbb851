/**
 * `--fqdn-template`: a small, safe subset of Go text/template, parsed once at startup.
 * Supported: literal text; actions `{{ pipeline }}` (with `{{-`/`-}}` trimming) whose commands are
 * fields (.Name .Namespace .Kind .APIVersion .Labels.key .Annotations.key), string literals, or
 * calls of toLower, trim, trimPrefix, trimSuffix, replace and index. As in Go, a piped value
 * becomes the LAST argument, and ExternalDNS binds trimPrefix/trimSuffix to Go's
 * strings.TrimPrefix(s, prefix): so `{{ trimPrefix .Name "x" }}` trims, while
 * `{{ .Name | trimPrefix "x" }}` computes TrimPrefix("x", .Name), exactly like ExternalDNS.
 * @module
 */

/** The fields a template can read, from the object's metadata and type. */
export type TemplateData = Readonly<{
  name: string;
  namespace: string;
  kind: string;
  apiVersion: string;
  labels: Readonly<Record<string, string>>;
  annotations: Readonly<Record<string, string>>;
}>;

/** Host names for one object, or why the template cannot be executed for it. */
export type TemplateOutput = { readonly ok: true; readonly names: readonly string[] } | { readonly ok: false; readonly error: string };

export type FqdnTemplate = Readonly<{
  text: string;
  /** Host names produced for an object: split on ",", trimmed, trailing dots removed, de-duplicated, sorted. */
  execute(data: TemplateData): TemplateOutput;
}>;

export type FqdnTemplateResult = { readonly ok: true; readonly template: FqdnTemplate } | { readonly ok: false; readonly error: string };

type Arg = { kind: 'string'; value: string } | { kind: 'field'; path: readonly string[] } | { kind: 'map'; map: 'labels' | 'annotations' };
type Command = { fn: string | undefined; args: readonly Arg[] };
type Node = { text: string } | { pipeline: readonly Command[] };

const ARITY: Readonly<Record<string, number>> = { toLower: 1, trim: 1, trimPrefix: 2, trimSuffix: 2, replace: 3, index: 2 };
const SCALAR_FIELDS = ['Name', 'Namespace', 'Kind', 'APIVersion'];

class TemplateError extends Error {}

/** Parses `text`; an unsupported construct is an error naming the template and the construct. */
export function parseFqdnTemplate(text: string): FqdnTemplateResult {
  try {
    const nodes = parseNodes(text);
    return { ok: true, template: { text, execute: (data) => execute(nodes, data) } };
  } catch (err) {
    if (!(err instanceof TemplateError)) throw err;
    return { ok: false, error: `fqdn template "${text}": ${err.message}` };
  }
}

function parseNodes(text: string): Node[] {
  const nodes: Node[] = [];
  let rest = text;
  let trimNext = false;
  while (rest !== '') {
    const open = rest.indexOf('{{');
    let literal = open === -1 ? rest : rest.slice(0, open);
    if (trimNext) literal = literal.trimStart();
    if (open === -1) {
      if (literal !== '') nodes.push({ text: literal });
      break;
    }
    let body = rest.slice(open + 2);
    if (/^-\s/.test(body)) {
      literal = literal.trimEnd();
      body = body.slice(1);
    }
    if (literal !== '') nodes.push({ text: literal });
    const close = findClose(body);
    if (close === -1) throw new TemplateError(`unclosed action "{{${body}"`);
    let inner = body.slice(0, close);
    trimNext = /\s-$/.test(inner);
    if (trimNext) inner = inner.slice(0, -1);
    nodes.push({ pipeline: parsePipeline(inner.trim()) });
    rest = body.slice(close + 2);
  }
  return nodes;
}

function findClose(body: string): number {
  let quote: string | undefined;
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (quote !== undefined) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = undefined;
    } else if (c === '"' || c === '`') quote = c;
    else if (body.startsWith('}}', i)) return i;
  }
  return -1;
}

function parsePipeline(source: string): Command[] {
  if (source === '') throw new TemplateError('empty action "{{}}"');
  const tokens = tokenize(source);
  const commands: Command[] = [];
  let current: string[] = [];
  for (const t of [...tokens, '|']) {
    if (t !== '|') {
      current.push(t);
      continue;
    }
    if (current.length === 0) throw new TemplateError(`missing command in "{{${source}}}"`);
    commands.push(parseCommand(current, commands.length > 0, source));
    current = [];
  }
  return commands;
}

function tokenize(source: string): string[] {
  const tokens: string[] = [];
  const re = /\s*("(?:[^"\\]|\\.)*"|`[^`]*`|\||[^\s|"`]+)/gy;
  let m: RegExpExecArray | null;
  while ((m = re.exec(source)) !== null) {
    tokens.push(m[1] ?? '');
    if (re.lastIndex >= source.length) break;
  }
  if (tokens.join('').replace(/\s/g, '').length !== source.replace(/\s/g, '').length) {
    throw new TemplateError(`cannot read "{{${source}}}" (unterminated string?)`);
  }
  return tokens;
}

function parseCommand(tokens: readonly string[], piped: boolean, source: string): Command {
  const [head = '', ...rest] = tokens;
  if (/^[A-Za-z_]\w*$/.test(head)) {
    const arity = ARITY[head];
    if (arity === undefined) throw new TemplateError(`unsupported construct "${head}" in "{{${source}}}": only ${Object.keys(ARITY).join(', ')} are available`);
    const args = rest.map((t) => parseArg(t, source));
    if (args.length + (piped ? 1 : 0) !== arity) {
      throw new TemplateError(`"${head}" takes ${arity} argument(s) (a piped value counts as the last) in "{{${source}}}"`);
    }
    const all = piped ? [...args, undefined] : args;
    all.forEach((a, i) => {
      const wantMap = head === 'index' && i === 0;
      if (a !== undefined && (a.kind === 'map') !== wantMap) {
        throw new TemplateError(wantMap ? `index needs .Labels or .Annotations first in "{{${source}}}"` : `a map (.Labels/.Annotations) can only be read with a key in "{{${source}}}"`);
      }
    });
    if (head === 'index' && piped) throw new TemplateError(`index cannot take a piped value in "{{${source}}}"`);
    return { fn: head, args };
  }
  if (rest.length > 0 || piped) throw new TemplateError(`unsupported construct "${tokens.join(' ')}" in "{{${source}}}"`);
  const arg = parseArg(head, source);
  if (arg.kind === 'map') throw new TemplateError(`a map (.Labels/.Annotations) can only be read with a key in "{{${source}}}"`);
  return { fn: undefined, args: [arg] };
}

function parseArg(token: string, source: string): Arg {
  if (token.startsWith('"')) {
    try {
      return { kind: 'string', value: JSON.parse(token) as string };
    } catch {
      throw new TemplateError(`unsupported escape in the string ${token} in "{{${source}}}"`);
    }
  }
  if (token.startsWith('`')) return { kind: 'string', value: token.slice(1, -1) };
  const m = /^\.(\w+)(?:\.(\w+))?$/.exec(token);
  if (m !== null) {
    const [, field = '', key] = m;
    if (SCALAR_FIELDS.includes(field) && key === undefined) return { kind: 'field', path: [field] };
    if (field === 'Labels' || field === 'Annotations') {
      return key === undefined ? { kind: 'map', map: field === 'Labels' ? 'labels' : 'annotations' } : { kind: 'field', path: [field, key] };
    }
  }
  throw new TemplateError(`unsupported construct "${token}" in "{{${source}}}": use .Name, .Namespace, .Kind, .APIVersion, .Labels.key, .Annotations.key or a quoted string`);
}

class MissingKeyError extends Error {}

function execute(nodes: readonly Node[], data: TemplateData): TemplateOutput {
  try {
    return { ok: true, names: splitNames(nodes.map((n) => render(n, data)).join('')) };
  } catch (err) {
    if (!(err instanceof MissingKeyError)) throw err;
    return { ok: false, error: err.message };
  }
}

function render(node: Node, data: TemplateData): string {
  if ('text' in node) return node.text;
  let value: string | undefined;
  for (const command of node.pipeline) {
    const args = command.args.map((a) => argValue(a, data));
    if (value !== undefined) args.push(value);
    value = command.fn === undefined ? String(args[0]) : call(command.fn, args, data, command.args);
  }
  return value ?? '';
}

function argValue(arg: Arg, data: TemplateData): string {
  switch (arg.kind) {
    case 'string':
      return arg.value;
    case 'map':
      return '';
    case 'field': {
      const [field, key = ''] = arg.path;
      // Go prints "<no value>" (or fails when piped) for a missing map key read as a field;
      // ExternalDNS then fails the object. Say so plainly instead of inventing a name.
      if (field === 'Labels' || field === 'Annotations') {
        const value = (field === 'Labels' ? data.labels : data.annotations)[key];
        if (value === undefined) throw new MissingKeyError(`the object has no ${field === 'Labels' ? 'label' : 'annotation'} "${key}" (read as .${field}.${key}); add it, or use index .${field} "${key}" to get "" when it is absent`);
        return value;
      }
      if (field === 'Name') return data.name;
      if (field === 'Namespace') return data.namespace;
      if (field === 'Kind') return data.kind;
      return data.apiVersion;
    }
  }
}

function call(fn: string, args: readonly string[], data: TemplateData, raw: readonly Arg[]): string {
  const [a = '', b = '', c = ''] = args;
  switch (fn) {
    case 'toLower':
      return a.toLowerCase();
    case 'trim':
      return a.trim();
    case 'trimPrefix':
      return a.startsWith(b) ? a.slice(b.length) : a;
    case 'trimSuffix':
      return b !== '' && a.endsWith(b) ? a.slice(0, a.length - b.length) : a;
    case 'replace':
      return c.split(a).join(b);
    default: {
      const first = raw[0];
      const map = first?.kind === 'map' && first.map === 'labels' ? data.labels : data.annotations;
      return map[b] ?? '';
    }
  }
}

function splitNames(output: string): readonly string[] {
  const names = output
    .split(',')
    .map((s) => s.trim().replace(/\.+$/, ''))
    .filter((s) => s !== '');
  return [...new Set(names)].sort();
}
