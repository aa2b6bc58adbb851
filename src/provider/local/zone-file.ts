/**
 * Our RFC 1035 zone files: the model (SOA, default TTL, record sets) and the writer. The parser
 * lives in zone-parse.ts; `parseZoneFile(writeZoneFile(z))` gives back `z` exactly.
 *
 * Choices: owners are written relative to $ORIGIN (`@` for the apex); host names in values are
 * absolute (trailing dot); a record set whose TTL is 0 ("unset") is written without a TTL field,
 * so $TTL applies; one RR line per value, each preceded by a `; zonekeeper:` comment when the set
 * has metadata (see meta.ts).
 * @module
 */
import { compareEndpoints, type Endpoint } from '../../endpoint/index.ts';
import { formatMeta } from './meta.ts';
import { literalStrings, presentationStrings, quoteBytes } from './presentation.ts';

export type Soa = Readonly<{
  /** Primary name server and responsible mailbox, as canonical names. */
  mname: string;
  rname: string;
  serial: number;
  refresh: number;
  retry: number;
  expire: number;
  minimum: number;
}>;

export type ZoneFile = Readonly<{
  origin: string;
  /** $TTL: the TTL of records whose TTL is unset, and of the SOA. */
  defaultTtl: number;
  soa: Soa;
  /** Record sets other than the SOA, sorted (compareEndpoints), without labels. */
  records: readonly Endpoint[];
}>;

export const DEFAULT_TTL = 300;

/** A fresh zone: SOA (serial 1) and an apex NS pointing at `localhost`, the server that answers for it. */
export function emptyZone(origin: string): ZoneFile {
  return {
    origin,
    defaultTtl: DEFAULT_TTL,
    soa: { mname: 'localhost', rname: `hostmaster.${origin}`, serial: 1, refresh: 3600, retry: 600, expire: 604800, minimum: 60 },
    records: [
      {
        dnsName: origin,
        recordType: 'NS',
        targets: ['localhost'],
        setIdentifier: '',
        ttl: 0,
        labels: {},
        providerSpecific: {},
      },
    ],
  };
}

export function writeZoneFile(zone: ZoneFile): string {
  const { origin, soa } = zone;
  const lines = [
    `; zone ${origin}, written by zonekeeper. Edit only while zonekeeper is stopped; it rewrites this file on every change.`,
    `$ORIGIN ${origin}.`,
    `$TTL ${zone.defaultTtl}`,
    `@ IN SOA ${soa.mname}. ${soa.rname}. ${soa.serial} ${soa.refresh} ${soa.retry} ${soa.expire} ${soa.minimum}`,
  ];
  for (const e of [...zone.records].sort(compareEndpoints)) {
    const literal = e.recordType === 'TXT' && e.targets.some((t) => presentationStrings(t) === undefined);
    const meta = formatMeta({ setIdentifier: e.setIdentifier, providerSpecific: e.providerSpecific, txtLiteral: literal });
    const head = `${owner(e.dnsName, origin)}${e.ttl > 0 ? ` ${e.ttl}` : ''} IN ${e.recordType}`;
    for (const target of e.targets) {
      if (meta !== undefined) lines.push(meta);
      lines.push(`${head} ${rdata(e, target, literal)}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

function owner(name: string, origin: string): string {
  if (name === origin) return '@';
  if (name.endsWith(`.${origin}`)) return name.slice(0, -origin.length - 1);
  return `${name}.`;
}

function absolute(host: string): string {
  return host.endsWith('.') ? host : `${host}.`;
}

function rdata(e: Endpoint, target: string, literal: boolean): string {
  switch (e.recordType) {
    case 'CNAME':
    case 'NS':
      return absolute(target);
    case 'MX':
    case 'SRV': {
      const parts = target.split(/\s+/);
      const host = parts.pop() ?? '';
      return [...parts, absolute(host)].join(' ');
    }
    case 'TXT':
      return literal ? literalStrings(target).map(quoteBytes).join(' ') : target;
    case 'A':
    case 'AAAA':
    case 'CAA':
      return target;
  }
}

export { parseZoneFile, ZoneFileError } from './zone-parse.ts';
