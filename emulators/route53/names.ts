/**
 * DNS names as Route53 stores and returns them: lower case, trailing dot, and every byte other than
 * `a-z0-9-_` as a `\ooo` octal escape (so `*` comes back as `\052`). Also the ordering key Route53
 * lists by: labels reversed, joined with dots, trailing dot included.
 * @module
 */

export const MAX_LABEL_BYTES = 63;
export const MAX_NAME_BYTES = 255;

/** A parsed name: escaped labels, leftmost first (empty for the root). */
export type NameParse = { readonly ok: true; readonly labels: readonly string[] } | { readonly ok: false; readonly reason: string };

const LITERAL = /^[a-z0-9_-]$/;

function escapeByte(byte: number): string {
  const ch = String.fromCharCode(byte);
  return LITERAL.test(ch) ? ch : `\\${byte.toString(8).padStart(3, '0')}`;
}

/** Parses a name as a client may write it (`\ooo` escapes, either case, optional trailing dot). */
export function parseName(raw: string): NameParse {
  const bytes = Buffer.from(raw, 'utf8');
  const labels: string[] = [];
  let label: number[] = [];
  let total = 1;
  const finish = (): string | undefined => {
    if (label.length === 0) return 'it has an empty label';
    if (label.length > MAX_LABEL_BYTES) return `a label is ${label.length} bytes long; the limit is ${MAX_LABEL_BYTES}`;
    labels.push(label.map(escapeByte).join(''));
    total += label.length + 1;
    label = [];
    return undefined;
  };
  if (raw === '') return { ok: false, reason: 'the name is empty' };
  if (raw === '.') return { ok: true, labels: [] };
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i] ?? 0;
    const digits = bytes.subarray(i + 1, i + 4).toString('latin1');
    if (b === 0x5c && /^[0-3][0-7]{2}$/.test(digits)) {
      label.push(parseInt(digits, 8));
      i += 3;
    } else if (b === 0x2e) {
      const problem = finish();
      if (problem !== undefined) return { ok: false, reason: problem };
    } else {
      label.push(b >= 0x41 && b <= 0x5a ? b + 0x20 : b);
    }
  }
  if (label.length > 0) {
    const problem = finish();
    if (problem !== undefined) return { ok: false, reason: problem };
  }
  if (total > MAX_NAME_BYTES) return { ok: false, reason: `the name is ${total} bytes long; the limit is ${MAX_NAME_BYTES}` };
  return { ok: true, labels };
}

/** The name as Route53 returns it: escaped labels, trailing dot. */
export function wireName(labels: readonly string[]): string {
  return labels.length === 0 ? '.' : `${labels.join('.')}.`;
}

/** Canonical wire form of `raw`, or undefined if it is not a valid name. */
export function canonicalName(raw: string): string | undefined {
  const parsed = parseName(raw);
  return parsed.ok ? wireName(parsed.labels) : undefined;
}

/** The key Route53 sorts names by: `www.example.com.` → `com.example.www.`. */
export function sortKey(wire: string): string {
  if (wire === '.') return '.';
  return `${wire.slice(0, -1).split('.').reverse().join('.')}.`;
}

/** Whether `name` (wire form) is `zone` or below it. */
export function isInZone(name: string, zone: string): boolean {
  return name === zone || zone === '.' || name.endsWith(`.${zone}`);
}
