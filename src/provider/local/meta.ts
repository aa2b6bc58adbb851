/**
 * The structured comment that carries what RFC 1035 cannot say about the next resource record:
 * its set identifier, provider-specific properties (`aws/weight`, `alias`, ...) and whether a TXT
 * value is literal text rather than presentation format. Example:
 * `; zonekeeper: set-identifier=app-v1 aws/weight=80`. Keys and values are %-encoded where needed.
 * @module
 */
import type { ProviderSpecific } from '../../endpoint/index.ts';

export const META_TAG = 'zonekeeper:';

export type RecordMeta = Readonly<{ setIdentifier: string; providerSpecific: ProviderSpecific; txtLiteral: boolean }>;

export const NO_META: RecordMeta = { setIdentifier: '', providerSpecific: {}, txtLiteral: false };

const SET_ID = 'set-identifier';
const TXT = 'txt';
/** Prefix for a provider-specific key that would read as one of ours. */
const ESCAPED_KEY = 'ps:';

/** The comment line (with its leading `;`), or undefined when the record needs none. */
export function formatMeta(meta: RecordMeta): string | undefined {
  const fields: string[] = [];
  if (meta.setIdentifier !== '') fields.push(`${SET_ID}=${encode(meta.setIdentifier)}`);
  if (meta.txtLiteral) fields.push(`${TXT}=literal`);
  for (const [key, value] of Object.entries(meta.providerSpecific).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const written = key === SET_ID || key === TXT || key.startsWith(ESCAPED_KEY) ? `${ESCAPED_KEY}${key}` : key;
    fields.push(`${encode(written)}=${encode(value)}`);
  }
  return fields.length === 0 ? undefined : `; ${META_TAG} ${fields.join(' ')}`;
}

export type MetaResult = { ok: true; meta: RecordMeta } | { ok: false; reason: string };

/** True when a comment's text (after `;`) is one of our structured comments. */
export function isMetaComment(comment: string): boolean {
  return comment.trimStart().startsWith(META_TAG);
}

/** Reads the text after `;` of a structured comment. */
export function parseMeta(comment: string): MetaResult {
  const body = comment.trimStart().slice(META_TAG.length).trim();
  let setIdentifier = '';
  let txtLiteral = false;
  const properties: [string, string][] = [];
  for (const field of body === '' ? [] : body.split(/\s+/)) {
    const eq = field.indexOf('=');
    if (eq <= 0) return { ok: false, reason: `field "${field}" of the zonekeeper comment is not key=value` };
    const key = decode(field.slice(0, eq));
    const value = decode(field.slice(eq + 1));
    if (key === undefined || value === undefined) return { ok: false, reason: `field "${field}" of the zonekeeper comment has a bad %-escape` };
    if (key === SET_ID) setIdentifier = value;
    else if (key === TXT) {
      if (value !== 'literal') return { ok: false, reason: `"${TXT}=${value}" is unknown; the only value is "literal"` };
      txtLiteral = true;
    } else properties.push([key.startsWith(ESCAPED_KEY) ? key.slice(ESCAPED_KEY.length) : key, value]);
  }
  // fromEntries defines own properties, so a key such as "__proto__" stays data.
  return { ok: true, meta: { setIdentifier, providerSpecific: Object.fromEntries(properties), txtLiteral } };
}

function encode(text: string): string {
  return text.replace(/[^A-Za-z0-9._~:/,+@*!-]/gu, (c) => [...Buffer.from(c)].map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join(''));
}

function decode(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}
