/**
 * Minimal XML for the emulator: a strict parser for the fixed request bodies Route53 accepts
 * (elements, attributes, text, the five entities, character references, CDATA, comments) and a
 * serializer that escapes every text and attribute value. Anything else is malformed input.
 * @module
 */

/** One parsed element. `text` is the decoded character data (only meaningful for leaf elements). */
export interface XmlElement {
  readonly name: string;
  readonly attrs: ReadonlyMap<string, string>;
  readonly children: readonly XmlElement[];
  readonly text: string;
}

/** Thrown for any input that is not well-formed XML; carries the offset to help fix the body. */
export class XmlSyntaxError extends Error {
  readonly offset: number;
  constructor(message: string, offset: number) {
    super(`${message} at offset ${offset}`);
    this.name = 'XmlSyntaxError';
    this.offset = offset;
  }
}

const NAME = /[A-Za-z_][A-Za-z0-9_.:-]*/y;
const ENTITIES: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

interface MutableElement {
  name: string;
  attrs: Map<string, string>;
  children: MutableElement[];
  text: string;
  hasText: boolean;
}

/** XML 1.0 allows only tab, LF and CR below 0x20. */
function hasControlChar(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 && c !== 0x9 && c !== 0xa && c !== 0xd) return true;
  }
  return false;
}

/** Parses a whole document with exactly one root element. Mixed content is rejected. */
export function parseXml(input: string): XmlElement {
  let pos = 0;
  const fail = (message: string): never => {
    throw new XmlSyntaxError(message, pos);
  };
  const skipSpace = (): void => {
    while (pos < input.length && /\s/.test(input.charAt(pos))) pos++;
  };
  const readName = (): string => {
    NAME.lastIndex = pos;
    const m = NAME.exec(input);
    if (m === null) return fail('expected a name');
    pos += m[0].length;
    return m[0];
  };
  const decode = (raw: string, at: number): string =>
    raw.replace(/&([^;&<]*);|&/g, (whole, ref: string | undefined) => {
      if (ref === undefined) throw new XmlSyntaxError('bare "&" (write &amp;)', at);
      const named = ENTITIES[ref];
      if (named !== undefined) return named;
      const num = /^#(?:x([0-9A-Fa-f]+)|([0-9]+))$/.exec(ref);
      if (num === null) throw new XmlSyntaxError(`unknown entity "${whole}"`, at);
      const code = num[1] !== undefined ? parseInt(num[1], 16) : parseInt(num[2] ?? '', 10);
      if ((code < 0x20 && code !== 0x9 && code !== 0xa && code !== 0xd) || code > 0x10ffff) throw new XmlSyntaxError(`invalid character reference "${whole}"`, at);
      return String.fromCodePoint(code);
    });
  const skipMisc = (): void => {
    for (;;) {
      skipSpace();
      if (input.startsWith('<!--', pos)) {
        const end = input.indexOf('-->', pos + 4);
        if (end < 0) fail('unterminated comment');
        pos = end + 3;
      } else if (input.startsWith('<?', pos) && !input.startsWith('<?xml ', pos)) {
        const end = input.indexOf('?>', pos + 2);
        if (end < 0) fail('unterminated processing instruction');
        pos = end + 2;
      } else return;
    }
  };

  if (input.charCodeAt(0) === 0xfeff) pos = 1;
  if (input.startsWith('<?xml', pos)) {
    const end = input.indexOf('?>', pos);
    if (end < 0) fail('unterminated XML declaration');
    pos = end + 2;
  }
  skipMisc();
  if (input.startsWith('<!DOCTYPE', pos)) fail('DOCTYPE is not allowed');
  if (input.charAt(pos) !== '<') fail('expected the root element');

  const stack: MutableElement[] = [];
  let root: MutableElement | undefined;
  while (pos < input.length) {
    if (stack.length === 0 && root !== undefined) {
      skipMisc();
      if (pos < input.length) fail('content after the root element');
      break;
    }
    const c = input.charAt(pos);
    if (c !== '<') {
      const end = input.indexOf('<', pos);
      const raw = input.slice(pos, end < 0 ? input.length : end);
      const parent = stack.at(-1);
      if (parent === undefined) return fail('text outside the root element');
      if (raw.includes(']]>')) fail('"]]>" in text');
      if (hasControlChar(raw)) fail('a control character in text (not allowed in XML 1.0)');
      parent.text += decode(raw, pos);
      if (raw.trim() !== '') parent.hasText = true;
      pos += raw.length;
      continue;
    }
    if (input.startsWith('<!--', pos)) {
      const end = input.indexOf('-->', pos + 4);
      if (end < 0) fail('unterminated comment');
      pos = end + 3;
      continue;
    }
    if (input.startsWith('<![CDATA[', pos)) {
      const end = input.indexOf(']]>', pos);
      const parent = stack.at(-1);
      if (end < 0 || parent === undefined) return fail('unterminated or misplaced CDATA');
      parent.text += input.slice(pos + 9, end);
      parent.hasText = true;
      pos = end + 3;
      continue;
    }
    if (input.startsWith('</', pos)) {
      pos += 2;
      const name = readName();
      skipSpace();
      if (input.charAt(pos) !== '>') fail(`expected ">" to close </${name}`);
      pos++;
      const open = stack.pop();
      if (open?.name !== name) fail(`closing tag </${name}> does not match <${open?.name ?? ''}>`);
      continue;
    }
    pos++;
    const el: MutableElement = { name: readName(), attrs: new Map(), children: [], text: '', hasText: false };
    for (;;) {
      const before = pos;
      skipSpace();
      if (input.startsWith('/>', pos) || input.charAt(pos) === '>') break;
      if (pos === before) fail(`expected whitespace or ">" in <${el.name}>`);
      const attr = readName();
      skipSpace();
      if (input.charAt(pos) !== '=') fail(`expected "=" after attribute ${attr}`);
      pos++;
      skipSpace();
      const quote = input.charAt(pos);
      if (quote !== '"' && quote !== "'") fail(`expected a quoted value for attribute ${attr}`);
      const end = input.indexOf(quote, pos + 1);
      if (end < 0) fail(`unterminated value for attribute ${attr}`);
      const raw = input.slice(pos + 1, end);
      if (raw.includes('<')) fail(`"<" in the value of attribute ${attr}`);
      if (el.attrs.has(attr)) fail(`duplicate attribute ${attr}`);
      el.attrs.set(attr, decode(raw, pos));
      pos = end + 1;
    }
    const parent = stack.at(-1);
    if (parent !== undefined) parent.children.push(el);
    else root = el;
    if (input.startsWith('/>', pos)) {
      pos += 2;
    } else {
      pos++;
      stack.push(el);
    }
  }
  if (stack.length > 0 || root === undefined) fail('unexpected end of document');
  const freeze = (e: MutableElement): XmlElement => {
    if (e.hasText && e.children.length > 0) throw new XmlSyntaxError(`element <${e.name}> mixes text and elements`, 0);
    return { name: e.name, attrs: e.attrs, children: e.children.map(freeze), text: e.text };
  };
  return freeze(root as MutableElement);
}

/** A node to serialize: a leaf with text, or an element with children. `undefined` children are skipped. */
export interface XmlNode {
  readonly name: string;
  readonly attrs?: Readonly<Record<string, string>>;
  readonly text?: string;
  readonly children?: readonly (XmlNode | undefined)[];
}

const ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/** Escapes text and attribute values (quotes included, so one function serves both). */
export function escapeXml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

function render(node: XmlNode, out: string[]): void {
  const attrs = Object.entries(node.attrs ?? {})
    .map(([k, v]) => ` ${k}="${escapeXml(v)}"`)
    .join('');
  out.push(`<${node.name}${attrs}>`);
  if (node.text !== undefined) out.push(escapeXml(node.text));
  for (const child of node.children ?? []) if (child !== undefined) render(child, out);
  out.push(`</${node.name}>`);
}

/** Serializes a document with the XML declaration. */
export function toXml(root: XmlNode): string {
  const out = ['<?xml version="1.0" encoding="UTF-8"?>\n'];
  render(root, out);
  return out.join('');
}

/** Shorthand builders used by the handlers. */
export const leaf = (name: string, value: string | number | boolean | undefined): XmlNode | undefined =>
  value === undefined ? undefined : { name, text: String(value) };
export const node = (name: string, ...children: (XmlNode | undefined)[]): XmlNode => ({ name, children });
