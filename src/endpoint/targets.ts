/**
 * Targets are a set: order and case do not matter. They are kept canonical (sorted, de-duplicated,
 * hostnames lower-case without trailing dot, IPv6 in its shortest form) so that comparison is plain equality.
 * @module
 */
import { isIP } from 'node:net';
import type { RecordType } from './record-type.ts';

/** Canonical IPv6 text (RFC 5952), via the WHATWG URL parser. */
export function canonicalIPv6(address: string): string {
  return new URL(`http://[${address}]/`).hostname.slice(1, -1);
}

/** Canonical form of one target for a record of `type`. */
export function canonicalTarget(type: RecordType, target: string): string {
  const trimmed = target.trim();
  switch (type) {
    case 'TXT':
    case 'CAA':
      return trimmed;
    case 'A':
      return trimmed;
    case 'AAAA':
      return isIP(trimmed) === 6 ? canonicalIPv6(trimmed) : trimmed;
    case 'CNAME':
    case 'NS':
      return trimmed.toLowerCase().replace(/\.$/, '');
    case 'MX':
    case 'SRV':
      return trimmed.toLowerCase();
  }
}

/** Canonical target set: canonical targets, de-duplicated and sorted. */
export function canonicalTargets(type: RecordType, targets: readonly string[]): readonly string[] {
  const set = new Set(targets.map((t) => canonicalTarget(type, t)).filter((t) => t !== ''));
  return [...set].sort();
}

/** True when two canonical target sets are equal. */
export function sameTargets(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((t, i) => t === b[i]);
}

/**
 * ExternalDNS's `Targets.IsLess`, the conflict tie-break: fewer targets is less; otherwise the first
 * differing target decides, an IP sorting before a hostname, IPs by address, hostnames lexically.
 */
export function compareTargets(a: readonly string[], b: readonly string[]): number {
  if (a.length !== b.length) return a.length - b.length;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] ?? '';
    const y = b[i] ?? '';
    if (x === y) continue;
    return compareTarget(x, y);
  }
  return 0;
}

function compareTarget(x: string, y: string): number {
  const fx = isIP(x);
  const fy = isIP(y);
  if (fx !== 0 && fy === 0) return -1;
  if (fx === 0 && fy !== 0) return 1;
  if (fx !== 0 && fy !== 0) return compareBytes(ipBytes(x), ipBytes(y));
  return x < y ? -1 : 1;
}

function ipBytes(ip: string): number[] {
  if (isIP(ip) === 4) return [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, ...ip.split('.').map(Number)];
  const full = canonicalIPv6(ip);
  const [head = '', tail = ''] = full.split('::');
  const h = head === '' ? [] : head.split(':');
  const t = tail === '' ? [] : tail.split(':');
  const groups = full.includes('::') ? [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t] : h;
  return groups.flatMap((g) => {
    const n = parseInt(g, 16);
    return [n >> 8, n & 0xff];
  });
}

function compareBytes(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return a.length - b.length;
}

/** ExternalDNS's `SuitableType`: IPv4 → A, IPv6 → AAAA, anything else → CNAME. */
export function suitableType(target: string): 'A' | 'AAAA' | 'CNAME' {
  const family = isIP(target);
  if (family === 4) return 'A';
  if (family === 6) return 'AAAA';
  return 'CNAME';
}
