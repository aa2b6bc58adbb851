/**
 * The template functions of the chart's subset, with Helm's (Sprig's) semantics for the cases
 * the chart uses. Unknown functions are refused by the caller before they get here.
 * @module
 */
import { stringify } from 'yaml';
import type { Scope } from './helm-template.ts';

/** What helm-template.ts lends the functions, passed in to avoid a circular import. */
export interface Engine {
  renderNodes: (nodes: never[], scope: Scope) => string;
  FailError: new (message: string) => Error;
  TemplateError: new (message: string) => Error;
  truthy: (value: unknown) => boolean;
}

const NAMES = [
  'toYaml',
  'nindent',
  'indent',
  'quote',
  'default',
  'include',
  'fail',
  'not',
  'and',
  'or',
  'eq',
  'ne',
  'gt',
  'lt',
  'int',
  'printf',
] as const;

export function isFunction(name: string): boolean {
  return (NAMES as readonly string[]).includes(name);
}

function arity(name: string, args: readonly unknown[], n: number, engine: Engine, file: string): void {
  if (args.length !== n) {
    throw new engine.TemplateError(`${file}: ${name} takes ${n} argument(s), got ${args.length}`);
  }
}

function number(name: string, value: unknown, engine: Engine, file: string): number {
  if (typeof value !== 'number') {
    throw new engine.TemplateError(`${file}: ${name} needs numbers, got ${JSON.stringify(value) ?? 'nothing'}`);
  }
  return value;
}

/** A scalar as Go's text/template prints it; lists and maps as JSON (the chart never prints them). */
function text(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value) ?? '';
}

function indentLines(spaces: number, text: string): string {
  const pad = ' '.repeat(spaces);
  return pad + text.replace(/\n/g, `\n${pad}`);
}

function printf(format: string, args: readonly unknown[], engine: Engine, file: string): string {
  let i = 0;
  return format.replace(/%([sdv%])/g, (_, verb: string) => {
    if (verb === '%') return '%';
    if (i >= args.length) throw new engine.TemplateError(`${file}: printf "${format}" has too few arguments`);
    const value = args[i++];
    if (verb === 'd') return String(Math.trunc(number('printf %d', value, engine, file)));
    if (value === undefined || value === null) {
      throw new engine.TemplateError(`${file}: printf "${format}": argument ${i} has no value`);
    }
    return text(value);
  });
}

export function callFunction(name: string, args: unknown[], scope: Scope, engine: Engine): unknown {
  const file = scope.file;
  switch (name) {
    case 'toYaml': {
      arity(name, args, 1, engine, file);
      // Helm trims the trailing newline; map keys come out sorted, as sigs.k8s.io/yaml does.
      return stringify(args[0] ?? null, { sortMapEntries: true, indentSeq: false }).replace(/\n$/, '');
    }
    case 'nindent':
    case 'indent': {
      arity(name, args, 2, engine, file);
      const indented = indentLines(number(name, args[0], engine, file), text(args[1]));
      return name === 'nindent' ? `\n${indented}` : indented;
    }
    case 'quote':
      return args
        .filter((a) => a !== undefined && a !== null)
        .map((a) => JSON.stringify(text(a)))
        .join(' ');
    case 'default':
      arity(name, args, 2, engine, file);
      return engine.truthy(args[1]) ? args[1] : args[0];
    case 'include': {
      arity(name, args, 2, engine, file);
      const body = scope.defines.get(text(args[0]));
      if (body === undefined) throw new engine.TemplateError(`${file}: include "${text(args[0])}": no such define`);
      return engine.renderNodes(body as never[], { ...scope, root: args[1], dot: args[1] });
    }
    case 'fail':
      arity(name, args, 1, engine, file);
      throw new engine.FailError(text(args[0]));
    case 'not':
      arity(name, args, 1, engine, file);
      return !engine.truthy(args[0]);
    case 'and':
      return args.find((a) => !engine.truthy(a)) ?? args.at(-1);
    case 'or':
      return args.find((a) => engine.truthy(a)) ?? args.at(-1);
    case 'eq':
    case 'ne':
      arity(name, args, 2, engine, file);
      return (args[0] === args[1]) === (name === 'eq');
    case 'gt':
    case 'lt': {
      arity(name, args, 2, engine, file);
      const [a, b] = [number(name, args[0], engine, file), number(name, args[1], engine, file)];
      return name === 'gt' ? a > b : a < b;
    }
    case 'int': {
      arity(name, args, 1, engine, file);
      const n = Number(args[0] ?? 0);
      if (Number.isNaN(n)) throw new engine.TemplateError(`${file}: int of ${JSON.stringify(args[0])} is not a number`);
      return Math.trunc(n);
    }
    case 'printf': {
      const [format, ...rest] = args;
      if (typeof format !== 'string') throw new engine.TemplateError(`${file}: printf needs a format string first`);
      return printf(format, rest, engine, file);
    }
    default:
      throw new engine.TemplateError(`${file}: function "${name}" is outside the chart's template subset`);
  }
}
