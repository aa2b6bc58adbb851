/**
 * Ownership TXT names, exactly as ExternalDNS's AffixNameMapper spells them (`--txt-prefix`,
 * `--txt-suffix`, `--txt-wildcard-replacement`), and the reverse mapping used when reading.
 * Names must be byte-identical to ExternalDNS's: both controllers read each other's TXT records.
 * @module
 */

/** The template that `--txt-prefix` / `--txt-suffix` may contain. */
export const RECORD_TYPE_TEMPLATE = '%{record_type}';

/** Types tried, in this order, when a templated affix is matched on read (ExternalDNS's order). */
export const MAPPER_TYPES = ['A', 'AAAA', 'CNAME', 'NS', 'MX', 'PTR', 'SRV', 'NAPTR', 'TXT', 'DNAME'] as const;

export type NameMapperOptions = Readonly<{ prefix?: string; suffix?: string; wildcardReplacement?: string }>;

/** The record a TXT name belongs to; `recordType` is '' for a legacy (un-typed) TXT name. */
export type MappedName = Readonly<{ name: string; recordType: string }>;

export interface NameMapper {
  /** The typed TXT name of a record (the only form written since ExternalDNS v0.18). */
  toTxtName(name: string, recordType: string): string;
  /** The legacy (≤ v0.17) un-typed TXT name: read only, never written. */
  toLegacyTxtName(name: string): string;
  /** The record a TXT name stands for, or `{ name: '', recordType: '' }` when it matches no affix. */
  toEndpointName(txtName: string): MappedName;
}

/** A configuration error: the flag named, the value, and what to do. */
export class TxtConfigError extends Error {
  override readonly name = 'TxtConfigError';
}

const NO_MATCH: MappedName = { name: '', recordType: '' };

/**
 * Builds the mapper. Affixes and the replacement are lower-cased (names are canonical lower case).
 * Throws TxtConfigError when both a prefix and a suffix are given: ExternalDNS refuses that too.
 */
export function createNameMapper(options: NameMapperOptions = {}): NameMapper {
  const prefix = (options.prefix ?? '').toLowerCase();
  const suffix = (options.suffix ?? '').toLowerCase();
  const wildcard = (options.wildcardReplacement ?? '').toLowerCase();
  if (prefix !== '' && suffix !== '') {
    throw new TxtConfigError(
      `--txt-prefix="${prefix}" and --txt-suffix="${suffix}" are both set; they are mutually exclusive, keep only one`,
    );
  }
  const templated = prefix.includes(RECORD_TYPE_TEMPLATE) || suffix.includes(RECORD_TYPE_TEMPLATE);
  // ExternalDNS is in prefix mode whenever there is no suffix (also with no affix at all).
  const prefixMode = suffix === '';

  function build(name: string, type: string, typed: boolean): string {
    const dot = name.indexOf('.');
    let label = dot < 0 ? name : name.slice(0, dot);
    const rest = dot < 0 ? undefined : name.slice(dot + 1);
    const fill = typed ? type : '';
    const p = prefix.replaceAll(RECORD_TYPE_TEMPLATE, fill);
    const s = suffix.replaceAll(RECORD_TYPE_TEMPLATE, fill);
    if (wildcard !== '' && label === '*') label = wildcard;
    if (typed && !templated) label = `${type}-${label}`;
    return rest === undefined ? `${p}${label}${s}` : `${p}${label}${s}.${rest}`;
  }

  /** Removes the affix from `part` and reads the record type (templated affix, or a `<type>-` head). */
  function dropAffix(part: string): MappedName {
    if (templated) {
      for (const type of MAPPER_TYPES) {
        const t = type.toLowerCase();
        const p = prefix.replaceAll(RECORD_TYPE_TEMPLATE, t);
        const s = suffix.replaceAll(RECORD_TYPE_TEMPLATE, t);
        if (prefixMode && part.startsWith(p)) return { name: part.slice(p.length), recordType: type };
        if (!prefixMode && part.endsWith(s)) return { name: part.slice(0, part.length - s.length), recordType: type };
      }
    }
    // Not templated, or a legacy record written with the template removed.
    const p = prefix.replaceAll(RECORD_TYPE_TEMPLATE, '');
    const s = suffix.replaceAll(RECORD_TYPE_TEMPLATE, '');
    if (prefixMode && part.startsWith(p)) return typeFromHead(part.slice(p.length));
    if (!prefixMode && part.endsWith(s)) return typeFromHead(part.slice(0, part.length - s.length));
    return NO_MATCH;
  }

  return {
    toTxtName: (name, recordType) => build(name, recordType.toLowerCase(), true),
    toLegacyTxtName: (name) => build(name, '', false),
    toEndpointName(txtName) {
      const lower = txtName.toLowerCase();
      if (prefixMode) return dropAffix(lower);
      // Suffix mode works on the first 1 + dots(suffix) labels; the rest is the record's parent.
      const affixLabels = suffix.split('.').length;
      const labels = lower.split('.');
      if (labels.length < affixLabels + 1) return NO_MATCH;
      const mapped = dropAffix(labels.slice(0, affixLabels).join('.'));
      return { name: `${mapped.name}.${labels.slice(affixLabels).join('.')}`, recordType: mapped.recordType };
    },
  };
}

/** `a-www.example.com` → A of `www.example.com`; no `<type>-` head → legacy (type ''). */
function typeFromHead(name: string): MappedName {
  const head = name.split('-', 1)[0] ?? '';
  for (const type of MAPPER_TYPES) {
    // As in ExternalDNS, a bare `a` (no dash) still reads as type A, with the name unchanged.
    if (head === type.toLowerCase()) return { name: name.startsWith(`${head}-`) ? name.slice(head.length + 1) : name, recordType: type };
  }
  return { name, recordType: '' };
}
