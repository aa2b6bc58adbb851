/**
 * DNS name normalisation: lower case, no trailing dot, IDN as punycode,
 * wildcard only as the whole first label, label ≤ 63 octets and name ≤ 253 octets.
 * @module
 */
import { domainToASCII } from 'node:url';

export const MAX_LABEL_OCTETS = 63;
export const MAX_NAME_OCTETS = 253;

/** Result of normalising a name: the canonical form, or why it is not a valid DNS name. */
export type NameResult = { readonly ok: true; readonly name: string } | { readonly ok: false; readonly reason: string };

const LABEL = /^[a-z0-9_](?:[a-z0-9_-]*[a-z0-9_])?$/;

export type NameOptions = Readonly<{
  /**
   * Allow `*` as a literal character inside a label, as Route53 does. ExternalDNS's ownership TXT
   * for a wildcard record without --txt-wildcard-replacement is named like `a-*.apps.example.com`.
   */
  literalAsterisk?: boolean;
}>;

const LABEL_WITH_ASTERISK = /^[a-z0-9_*](?:[a-z0-9_*-]*[a-z0-9_*])?$/;

/** Normalises `raw` into zonekeeper's canonical DNS name, or explains why it cannot. */
export function normalizeName(raw: string, options: NameOptions = {}): NameResult {
  let name = raw.trim();
  if (name.endsWith('.')) name = name.slice(0, -1);
  if (name === '') return { ok: false, reason: 'the name is empty' };
  const ascii = domainToASCII(name);
  if (ascii === '') return { ok: false, reason: 'the name is not a valid domain name' };
  const labels = ascii.split('.');
  for (const [index, label] of labels.entries()) {
    if (label === '') return { ok: false, reason: 'the name has an empty label' };
    if (label.length > MAX_LABEL_OCTETS) {
      return { ok: false, reason: `label "${label}" is ${label.length} octets long; the limit is ${MAX_LABEL_OCTETS}` };
    }
    if (label === '*') {
      if (index !== 0) return { ok: false, reason: 'a wildcard "*" is only allowed as the whole first label' };
      continue;
    }
    if (!(options.literalAsterisk === true ? LABEL_WITH_ASTERISK : LABEL).test(label)) {
      return { ok: false, reason: `label "${label}" may only hold letters, digits, "-" and "_", and may not start or end with "-"` };
    }
  }
  if (ascii.length > MAX_NAME_OCTETS) {
    return { ok: false, reason: `the name is ${ascii.length} octets long; the limit is ${MAX_NAME_OCTETS}` };
  }
  return { ok: true, name: ascii };
}

/** True when `name` equals `zone` or lies below it. Both must be normalised. */
export function isInZone(name: string, zone: string): boolean {
  return name === zone || name.endsWith(`.${zone}`);
}

/** The longest zone in `zones` that holds `name`, or undefined. */
export function zoneOf(name: string, zones: readonly string[]): string | undefined {
  let best: string | undefined;
  for (const zone of zones) {
    if (isInZone(name, zone) && (best === undefined || zone.length > best.length)) best = zone;
  }
  return best;
}
