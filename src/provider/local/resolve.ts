/**
 * Authoritative lookup over the served zones (pure: no sockets). Handles CNAME chains inside the
 * zone, empty non-terminals (NODATA), RFC 4592 wildcards, delegations below the apex (referral),
 * weighted sets and names outside our zones (REFUSED).
 * @module
 */
import type { Answer, CaaData } from 'dns-packet';
import { zoneOf, type Endpoint } from '../../endpoint/index.ts';
import type { NameSets, ZoneView } from '../inmemory/zone-store.ts';
import { tokenizeLine, txtStrings } from './presentation.ts';
import { chooseSet } from './weighted.ts';
import type { Soa } from './zone-file.ts';

/** What the resolver reads: the zones, their live record sets and their SOA/default TTL. */
export interface ServedZones {
  zones(): readonly string[];
  view(zone: string): ZoneView | undefined;
  soa(zone: string): Readonly<{ soa: Soa; defaultTtl: number }> | undefined;
}

export type Resolution = Readonly<{
  rcode: 'NOERROR' | 'NXDOMAIN' | 'REFUSED' | 'SERVFAIL';
  authoritative: boolean;
  answers: Answer[];
  authorities: Answer[];
}>;

const MAX_CHAIN = 8;

/** Resolves `qname` (any case, no trailing dot) and `qtype` (dns-packet's type name). */
export function resolve(qname: string, qtype: string, served: ServedZones, random: () => number): Resolution {
  const wanted = qname.toLowerCase();
  const zone = zoneOf(wanted, served.zones());
  const view = zone === undefined ? undefined : served.view(zone);
  const meta = zone === undefined ? undefined : served.soa(zone);
  if (zone === undefined || view === undefined || meta === undefined) return { rcode: 'REFUSED', authoritative: false, answers: [], authorities: [] };
  const ttlOf = (e: Endpoint) => (e.ttl > 0 ? e.ttl : meta.defaultTtl);
  const soaRr: Answer = { type: 'SOA', name: zone, ttl: meta.defaultTtl, class: 'IN', data: { ...meta.soa } };
  const negative = (rcode: 'NOERROR' | 'NXDOMAIN', answers: Answer[]): Resolution => ({
    rcode,
    authoritative: true,
    answers,
    authorities: [{ ...soaRr, ttl: Math.min(meta.defaultTtl, meta.soa.minimum) }],
  });

  const cut = delegation(wanted, zone, view);
  if (cut !== undefined) {
    const ns = cut.sets.filter((e) => e.recordType === 'NS').flatMap((e) => toAnswers(e, cut.name, ttlOf(e)));
    return { rcode: 'NOERROR', authoritative: false, answers: [], authorities: ns };
  }

  const answers: Answer[] = [];
  const visited = new Set<string>();
  let name = wanted;
  for (let step = 0; step <= MAX_CHAIN; step++) {
    visited.add(name);
    const owner = name === wanted ? qname : name;
    const sets = view.at(name) ?? (name === zone ? new Map<string, Endpoint>() : undefined) ?? wildcard(name, zone, view);
    if (sets === undefined) return negative(view.hasDescendants(name) ? 'NOERROR' : 'NXDOMAIN', answers);
    const byType = groupByType(sets);
    if (name === zone && (qtype === 'SOA' || qtype === 'ANY')) answers.push(soaRr);
    if (qtype === 'ANY') {
      for (const group of byType.values()) {
        const chosen = chooseSet(group, random);
        if (chosen !== undefined) answers.push(...toAnswers(chosen, owner, ttlOf(chosen)));
      }
      return answers.length > 0 ? { rcode: 'NOERROR', authoritative: true, answers, authorities: [] } : negative('NOERROR', answers);
    }
    const chosen = chooseSet(byType.get(qtype) ?? [], random);
    if (chosen !== undefined) {
      answers.push(...toAnswers(chosen, owner, ttlOf(chosen)));
      return { rcode: 'NOERROR', authoritative: true, answers, authorities: [] };
    }
    const cname = chooseSet(byType.get('CNAME') ?? [], random);
    if (cname === undefined || qtype === 'CNAME') {
      return answers.length > 0 && qtype === 'SOA' ? { rcode: 'NOERROR', authoritative: true, answers, authorities: [] } : negative('NOERROR', answers);
    }
    answers.push(...toAnswers(cname, owner, ttlOf(cname)));
    const target = cname.targets[0] ?? '';
    // Only chase inside this zone: other zones, even ours, are answered by a fresh query.
    if (zoneOf(target, [zone]) === undefined || visited.has(target)) break;
    name = target;
  }
  return { rcode: 'NOERROR', authoritative: true, answers, authorities: [] };
}

function groupByType(sets: NameSets): Map<string, Endpoint[]> {
  const out = new Map<string, Endpoint[]>();
  for (const e of sets.values()) {
    const list = out.get(e.recordType) ?? [];
    list.push(e);
    out.set(e.recordType, list);
  }
  return out;
}

/** The NS record sets of a zone cut at or above `name` (below the apex), if any. */
function delegation(name: string, zone: string, view: ZoneView): { name: string; sets: Endpoint[] } | undefined {
  const cuts: { name: string; sets: Endpoint[] }[] = [];
  for (let n = name; n !== zone && n.includes('.'); n = n.slice(n.indexOf('.') + 1)) {
    const ns = [...(view.at(n)?.values() ?? [])].filter((e) => e.recordType === 'NS');
    if (ns.length > 0) cuts.push({ name: n, sets: ns });
  }
  // The highest cut wins: everything below it belongs to the child zone.
  return cuts[cuts.length - 1];
}

/** RFC 4592: the `*` child of the closest encloser, when `name` does not exist. */
function wildcard(name: string, zone: string, view: ZoneView): NameSets | undefined {
  if (view.hasDescendants(name)) return undefined;
  for (let n = name; n !== zone; ) {
    n = n.slice(n.indexOf('.') + 1);
    if (n === zone || view.at(n) !== undefined || view.hasDescendants(n)) return view.at(`*.${n}`);
  }
  return undefined;
}

/** The resource records of one record set, owned by `owner`. */
export function toAnswers(e: Endpoint, owner: string, ttl: number): Answer[] {
  const base = { name: owner, ttl, class: 'IN' as const };
  return e.targets.map((t): Answer => {
    const f = t.split(/\s+/);
    const host = (h: string | undefined) => (h ?? '').replace(/\.$/, '');
    switch (e.recordType) {
      case 'A':
      case 'AAAA':
      case 'CNAME':
      case 'NS':
        return { ...base, type: e.recordType, data: t };
      case 'MX':
        return { ...base, type: 'MX', data: { preference: Number(f[0]), exchange: host(f[1]) } };
      case 'SRV':
        return { ...base, type: 'SRV', data: { priority: Number(f[0]), weight: Number(f[1]), port: Number(f[2]), target: host(f[3]) } };
      case 'TXT':
        return { ...base, type: 'TXT', data: txtStrings(t) };
      case 'CAA': {
        const line = tokenizeLine(t);
        const tokens = line.ok ? line.tokens : [];
        return { ...base, type: 'CAA', data: { flags: Number(f[0]), tag: (f[1] ?? '') as CaaData['tag'], value: tokens[2]?.value.toString('utf8') ?? '' } };
      }
    }
  });
}
