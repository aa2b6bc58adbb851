/**
 * Route53 name forms: it returns names with a trailing dot and writes every character outside
 * `a-z0-9-_.` as a three-digit octal escape (`*` is `\052`). We keep canonical names (no trailing dot).
 * @module
 */

/** Decodes `\ooo` escapes (e.g. `\052` → `*`); other text is left as is. */
export function decodeOctalEscapes(name: string): string {
  return name.replace(/\\([0-3][0-7]{2})/g, (_m, oct: string) => String.fromCharCode(parseInt(oct, 8)));
}

/** A name as Route53 lists it → zonekeeper's canonical form (decoded, lower case, no trailing dot). */
export function fromRoute53Name(name: string): string {
  return decodeOctalEscapes(name).replace(/\.$/, '').toLowerCase();
}

/** Canonical zone name of a hosted zone name. */
export const zoneNameOf = fromRoute53Name;
