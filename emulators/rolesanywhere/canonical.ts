/**
 * The emulator's own SigV4 canonicalisation, rebuilt from raw request bytes. Kept apart from the
 * client signer (and written byte-wise rather than on top of encodeURIComponent) so that a shared
 * mistake cannot make a wrong signature look right.
 * @module
 */

const UNRESERVED = /[A-Za-z0-9\-_.~]/;

/** RFC 3986 encoding over the UTF-8 bytes: only unreserved characters stay literal. */
function strictEncode(value: string): string {
  let out = '';
  for (const byte of Buffer.from(value, 'utf8')) {
    const ch = String.fromCharCode(byte);
    out += byte < 0x80 && UNRESERVED.test(ch) ? ch : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** Decodes `%XX` escapes; undefined on a broken escape or invalid UTF-8. */
function percentDecode(value: string): string | undefined {
  const bytes: number[] = [];
  for (let i = 0; i < value.length; i++) {
    const ch = value.charAt(i);
    if (ch === '%') {
      const hex = value.slice(i + 1, i + 3);
      if (!/^[0-9A-Fa-f]{2}$/.test(hex)) return undefined;
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else {
      for (const b of Buffer.from(ch, 'utf8')) bytes.push(b);
    }
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(new Uint8Array(bytes));
  } catch {
    return undefined;
  }
}

/** Canonical query from the raw query string: decode, re-encode strictly, sort by name then value. */
export function canonicalQueryFromRaw(raw: string): string | undefined {
  if (raw === '') return '';
  const pairs: [string, string][] = [];
  for (const part of raw.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const name = percentDecode(eq < 0 ? part : part.slice(0, eq));
    const value = percentDecode(eq < 0 ? '' : part.slice(eq + 1));
    if (name === undefined || value === undefined) return undefined;
    pairs.push([strictEncode(name), strictEncode(value)]);
  }
  pairs.sort((a, b) => (a[0] === b[0] ? byBytes(a[1], b[1]) : byBytes(a[0], b[0])));
  return pairs.map((p) => `${p[0]}=${p[1]}`).join('&');
}

function byBytes(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/**
 * `name:value\n` for each name in `signed` (in the order given), values from the raw header
 * pairs: trimmed, space runs collapsed, repeats joined with `,`. A listed header that was not
 * sent contributes an empty value, which then fails the signature check.
 */
export function canonicalHeaderBlock(rawHeaders: readonly string[], signed: readonly string[]): string {
  let block = '';
  for (const name of signed) {
    const values: string[] = [];
    for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
      if (rawHeaders[i]?.toLowerCase() === name) {
        values.push((rawHeaders[i + 1] ?? '').trim().split(/ +/).join(' '));
      }
    }
    block += `${name}:${values.join(',')}\n`;
  }
  return block;
}
