/**
 * Domain filters as ExternalDNS defines them (`--domain-filter`, `--exclude-domains`,
 * `--regex-domain-filter`, `--regex-domain-exclusion`).
 * @module
 */
import { normalizeName } from './name.ts';

export type DomainFilterSpec = Readonly<{
  include?: readonly string[];
  exclude?: readonly string[];
  regexInclude?: string;
  regexExclude?: string;
}>;

export type DomainFilter = (name: string) => boolean;

/**
 * Builds a predicate over canonical names. A plain entry `f` matches `f` and its subdomains; an
 * entry starting with `.` matches only strict subdomains. An empty include list matches all;
 * exclusion wins. If either regex is set, the plain lists are ignored (as in ExternalDNS).
 */
export function createDomainFilter(spec: DomainFilterSpec): DomainFilter {
  if (spec.regexInclude || spec.regexExclude) {
    const inc = spec.regexInclude ? new RegExp(spec.regexInclude) : undefined;
    const exc = spec.regexExclude ? new RegExp(spec.regexExclude) : undefined;
    return (name) => !(exc?.test(name) ?? false) && (inc?.test(name) ?? true);
  }
  const include = (spec.include ?? []).map(canonicalFilter).filter((f) => f !== '');
  const exclude = (spec.exclude ?? []).map(canonicalFilter).filter((f) => f !== '');
  return (name) => {
    if (exclude.some((f) => matches(name, f))) return false;
    return include.length === 0 || include.some((f) => matches(name, f));
  };
}

function canonicalFilter(entry: string): string {
  const trimmed = entry.trim().replace(/\.$/, '');
  if (trimmed === '') return '';
  const strict = trimmed.startsWith('.');
  const normal = normalizeName(strict ? trimmed.slice(1) : trimmed);
  const body = normal.ok ? normal.name : trimmed.toLowerCase();
  return strict ? `.${body}` : body;
}

function matches(name: string, filter: string): boolean {
  if (filter.startsWith('.')) return name.endsWith(filter);
  return name === filter || name.endsWith(`.${filter}`);
}
