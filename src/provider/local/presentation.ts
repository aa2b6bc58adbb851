/**
 * RFC 1035 presentation format, one physical line at a time: words, quoted character-strings,
 * `\X` and `\DDD` escapes, parentheses and `;` comments. Also how a TXT value maps to the
 * character-strings put on the wire, shared by the zone-file writer and the DNS server.
 * @module
 */

export type Token = Readonly<{
  kind: 'word' | 'quoted' | 'open' | 'close';
  /** The source text, quotes and escapes included. */
  raw: string;
  /** Decoded bytes (empty for parentheses). */
  value: Buffer;
  start: number;
  end: number;
}>;

export type LineTokens = { ok: true; tokens: Token[]; comment: string | undefined } | { ok: false; reason: string };

const SPECIAL = new Set([' ', '\t', ';', '(', ')', '"']);

/** Splits one physical line into tokens and its trailing comment (text after `;`, untrimmed). */
export function tokenizeLine(line: string): LineTokens {
  const tokens: Token[] = [];
  let i = 0;
  while (i < line.length) {
    const c = line.charAt(i);
    if (c === ' ' || c === '\t' || c === '\r') {
      i++;
    } else if (c === ';') {
      return { ok: true, tokens, comment: line.slice(i + 1) };
    } else if (c === '(' || c === ')') {
      tokens.push({ kind: c === '(' ? 'open' : 'close', raw: c, value: Buffer.alloc(0), start: i, end: i + 1 });
      i++;
    } else {
      const quoted = c === '"';
      const read = readString(line, quoted ? i + 1 : i, quoted);
      if (!read.ok) return read;
      const end = quoted ? read.end + 1 : read.end;
      tokens.push({ kind: quoted ? 'quoted' : 'word', raw: line.slice(i, end), value: read.value, start: i, end });
      i = end;
    }
  }
  return { ok: true, tokens, comment: undefined };
}

type Read = { ok: true; value: Buffer; end: number } | { ok: false; reason: string };

function readString(line: string, from: number, quoted: boolean): Read {
  const bytes: number[] = [];
  let i = from;
  for (;;) {
    if (i >= line.length) {
      if (quoted) return { ok: false, reason: `unterminated quoted string starting at column ${from}` };
      break;
    }
    const c = line.charAt(i);
    if (quoted ? c === '"' : SPECIAL.has(c) || c === '\r') break;
    if (c === '\\') {
      const digits = /^\d{3}/.exec(line.slice(i + 1, i + 4));
      if (digits !== null) {
        const n = Number(digits[0]);
        if (n > 255) return { ok: false, reason: `escape \\${digits[0]} at column ${i + 1} is above 255` };
        bytes.push(n);
        i += 4;
        continue;
      }
      if (i + 1 >= line.length) return { ok: false, reason: `a "\\" ends the line at column ${i + 1}; escape it as "\\\\"` };
      const next = String.fromCodePoint(line.codePointAt(i + 1) ?? 0);
      bytes.push(...Buffer.from(next));
      i += 1 + next.length;
      continue;
    }
    const ch = String.fromCodePoint(line.codePointAt(i) ?? 0);
    bytes.push(...Buffer.from(ch));
    i += ch.length;
  }
  return { ok: true, value: Buffer.from(bytes), end: i };
}

/** Encodes bytes as one quoted character-string: `"`, `\` and non-printable ASCII or non-ASCII bytes escaped. */
export function quoteBytes(bytes: Uint8Array): string {
  let out = '"';
  for (const b of bytes) {
    if (b === 0x22 || b === 0x5c) out += `\\${String.fromCharCode(b)}`;
    else if (b < 0x20 || b >= 0x7f) out += `\\${b.toString().padStart(3, '0')}`;
    else out += String.fromCharCode(b);
  }
  return `${out}"`;
}

export const MAX_STRING_OCTETS = 255;

/**
 * The character-strings of a value written in presentation form (e.g. `"a" "b"` or `v=spf1`), or
 * undefined when the value is not clean presentation: a comment, a parenthesis, a bad escape,
 * a control character, or a string longer than 255 octets.
 */
export function presentationStrings(value: string): Buffer[] | undefined {
  if (value !== value.trim() || value === '' || hasControl(value)) return undefined;
  const line = tokenizeLine(value);
  if (!line.ok || line.comment !== undefined || line.tokens.length === 0) return undefined;
  const strings: Buffer[] = [];
  for (const t of line.tokens) {
    if (t.kind === 'open' || t.kind === 'close' || t.value.length > MAX_STRING_OCTETS) return undefined;
    strings.push(t.value);
  }
  return strings;
}

/** A literal text cut into character-strings of at most 255 octets. */
export function literalStrings(text: string): Buffer[] {
  const bytes = Buffer.from(text);
  const out: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += MAX_STRING_OCTETS) out.push(bytes.subarray(i, i + MAX_STRING_OCTETS));
  return out.length > 0 ? out : [Buffer.alloc(0)];
}

/**
 * The character-strings a TXT value stands for. A value in presentation form (ExternalDNS's quoted
 * ownership values, `v=spf1 ...`) means its strings; anything else is taken literally.
 */
export function txtStrings(value: string): Buffer[] {
  return presentationStrings(value) ?? literalStrings(value);
}

function hasControl(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}
