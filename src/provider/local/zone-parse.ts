/**
 * Parser for the zone files zonekeeper writes (and hand-written ones in the same subset):
 * $ORIGIN, $TTL, SOA, NS, A, AAAA, CNAME, TXT, SRV, MX, CAA, parentheses, comments, and our
 * `; zonekeeper:` metadata comments. Any problem is a ZoneFileError naming the file and line.
 * @module
 */
import { createEndpoint, isInZone, isRecordType, normalizeName, sameProviderSpecific, type Endpoint, type ProviderSpecific, type RecordType } from '../../endpoint/index.ts';
import { compareEndpoints } from '../../endpoint/index.ts';
import { checkTarget } from '../inmemory/rdata.ts';
import { isMetaComment, NO_META, parseMeta, type RecordMeta } from './meta.ts';
import { tokenizeLine, type Token } from './presentation.ts';
import { DEFAULT_TTL, type Soa, type ZoneFile } from './zone-file.ts';

export class ZoneFileError extends Error {
  readonly file: string;
  readonly line: number;
  constructor(file: string, line: number, reason: string) {
    super(`${file}:${line}: ${reason}`);
    this.name = 'ZoneFileError';
    this.file = file;
    this.line = line;
  }
}

/** One RR or directive: its tokens (parentheses removed), first line, and the source line when on one line. */
type Entry = { tokens: Token[]; line: number; source: string | undefined; continuation: boolean; meta: RecordMeta };

type SetBuilder = { name: string; type: RecordType; setIdentifier: string; ttl: number; providerSpecific: ProviderSpecific; targets: string[] };

/** Parses `text`, the zone file of `zone` read from `file` (named in errors). */
export function parseZoneFile(text: string, zone: string, file: string): ZoneFile {
  let origin = zone;
  let defaultTtl: number | undefined;
  let soa: Soa | undefined;
  let lastOwner: string | undefined;
  const sets = new Map<string, SetBuilder>();
  for (const entry of entries(text, file)) {
    const fail = (reason: string): never => {
      throw new ZoneFileError(file, entry.line, reason);
    };
    const words = entry.tokens;
    const first = words[0]?.raw ?? '';
    if (!entry.continuation && first.startsWith('$')) {
      const arg = words[1]?.raw ?? fail(`${first} needs an argument`);
      if (first === '$ORIGIN') origin = absoluteName(arg, origin, fail);
      else if (first === '$TTL') defaultTtl = seconds(arg, fail);
      else fail(`directive ${first} is not supported; only $ORIGIN and $TTL are`);
      continue;
    }
    let i = 0;
    if (!entry.continuation) {
      // Ownership TXT names may hold a literal * (`a-*.apps` owns `*.apps`); other types are checked below.
      lastOwner = absoluteName(first, origin, fail, true);
      i = 1;
    }
    const name = lastOwner ?? fail('the first record has no owner name');
    if (!isInZone(name, zone)) fail(`owner ${name} is outside zone ${zone}`);
    let ttl: number | undefined;
    let type: string | undefined;
    for (; i < words.length && type === undefined; i++) {
      const w = words[i]?.raw ?? '';
      if (/^\d+$/.test(w) && ttl === undefined) ttl = seconds(w, fail);
      else if (w.toUpperCase() === 'IN') continue;
      else if (['CH', 'HS', 'CS'].includes(w.toUpperCase())) fail(`class ${w} is not supported; use IN`);
      else type = w.toUpperCase();
    }
    const rdata = words.slice(i);
    if (type === undefined || rdata.length === 0) fail('the record needs a type and a value');
    if (type === 'SOA') {
      if (name !== zone) fail(`the SOA must be at the zone apex ${zone}, not at ${name}`);
      if (soa !== undefined) fail('a second SOA record; a zone has exactly one');
      soa = parseSoa(rdata, origin, fail);
      continue;
    }
    if (type === undefined || !isRecordType(type)) return fail(`record type ${type ?? ''} is not supported; use one of SOA, A, AAAA, CNAME, TXT, SRV, MX, NS, CAA`);
    if (type !== 'TXT') {
      const strict = normalizeName(name);
      if (!strict.ok) fail(`"${name}" is not a valid name for a ${type} record: ${strict.reason}`);
    }
    const target = value(type, rdata, entry, origin, fail);
    const problem = checkTarget({ recordType: type, providerSpecific: entry.meta.providerSpecific }, target);
    if (problem !== undefined) fail(problem);
    addToSet(sets, { name, type, ttl: ttl ?? 0, meta: entry.meta, target }, fail);
  }
  if (soa === undefined) throw new ZoneFileError(file, 1, `the zone has no SOA record; add "@ IN SOA <primary-ns>. <mailbox>. <serial> <refresh> <retry> <expire> <minimum>"`);
  const records: Endpoint[] = [...sets.values()].map((s) =>
    createEndpoint({ dnsName: s.name, recordType: s.type, targets: s.targets, setIdentifier: s.setIdentifier, ttl: s.ttl, providerSpecific: s.providerSpecific }),
  );
  return { origin: zone, defaultTtl: defaultTtl ?? DEFAULT_TTL, soa, records: records.sort(compareEndpoints) };
}

type Fail = (reason: string) => never;

function addToSet(sets: Map<string, SetBuilder>, rr: { name: string; type: RecordType; ttl: number; meta: RecordMeta; target: string }, fail: Fail): void {
  const key = `${rr.name} ${rr.type} ${rr.meta.setIdentifier}`;
  const set = sets.get(key);
  if (set === undefined) {
    sets.set(key, { name: rr.name, type: rr.type, setIdentifier: rr.meta.setIdentifier, ttl: rr.ttl, providerSpecific: rr.meta.providerSpecific, targets: [rr.target] });
    return;
  }
  if (set.ttl !== rr.ttl) fail(`TTL ${rr.ttl} differs from TTL ${set.ttl} of the other ${rr.type} records of ${rr.name}; one record set has one TTL`);
  if (!sameProviderSpecific(set.providerSpecific, rr.meta.providerSpecific)) {
    fail(`the zonekeeper properties differ from those of the other ${rr.type} records of ${rr.name} with the same set identifier`);
  }
  set.targets.push(rr.target);
}

function value(type: RecordType, rdata: Token[], entry: Entry, origin: string, fail: Fail): string {
  const words = rdata.map((t) => t.raw);
  const host = (w: string | undefined) => (w === '.' ? '.' : absoluteName(w ?? '', origin, fail));
  const count = (n: number) => {
    if (words.length !== n) fail(`a ${type} record takes ${n} value field(s), found ${words.length}: ${words.join(' ')}`);
  };
  switch (type) {
    case 'A':
    case 'AAAA':
      count(1);
      return words[0] ?? '';
    case 'CNAME':
    case 'NS':
      count(1);
      return host(words[0]);
    case 'MX':
      count(2);
      return `${words[0] ?? ''} ${host(words[1])}`;
    case 'SRV':
      count(4);
      return `${words.slice(0, 3).join(' ')} ${host(words[3])}`;
    case 'CAA':
      return rawValue(rdata, entry);
    case 'TXT':
      if (entry.meta.txtLiteral) return Buffer.concat(rdata.map((t) => t.value)).toString('utf8');
      return rawValue(rdata, entry);
  }
}

/** The value as written: the source slice when on one line, else the tokens joined by one space. */
function rawValue(rdata: Token[], entry: Entry): string {
  const first = rdata[0];
  const last = rdata[rdata.length - 1];
  if (entry.source !== undefined && first !== undefined && last !== undefined) return entry.source.slice(first.start, last.end);
  return rdata.map((t) => t.raw).join(' ');
}

function parseSoa(rdata: Token[], origin: string, fail: Fail): Soa {
  const w = rdata.map((t) => t.raw);
  if (w.length !== 7) fail(`the SOA takes 7 fields (mname rname serial refresh retry expire minimum), found ${w.length}`);
  const [serial, refresh, retry, expire, minimum] = w.slice(2).map((n) => {
    if (!/^\d+$/.test(n) || Number(n) > 0xffffffff) fail(`SOA field "${n}" is not a number from 0 to 4294967295`);
    return Number(n);
  });
  return {
    mname: absoluteName(w[0] ?? '', origin, fail),
    rname: absoluteName(w[1] ?? '', origin, fail),
    serial: serial ?? 0,
    refresh: refresh ?? 0,
    retry: retry ?? 0,
    expire: expire ?? 0,
    minimum: minimum ?? 0,
  };
}

function absoluteName(raw: string, origin: string, fail: Fail, literalAsterisk = false): string {
  const full = raw === '@' ? origin : raw.endsWith('.') ? raw.slice(0, -1) : `${raw}.${origin}`;
  const n = normalizeName(full, { literalAsterisk });
  if (!n.ok) return fail(`"${raw}" is not a valid name: ${n.reason}`);
  return n.name;
}

function seconds(raw: string, fail: Fail): number {
  if (!/^\d+$/.test(raw) || Number(raw) > 0x7fffffff) fail(`TTL "${raw}" must be a number of seconds from 0 to 2147483647`);
  return Number(raw);
}

/** Logical entries: parentheses joined, comments dropped, each RR paired with the metadata comment before it. */
function* entries(text: string, file: string): Generator<Entry> {
  const lines = text.split('\n');
  let pendingMeta: { meta: RecordMeta; line: number } | undefined;
  let open: Entry | undefined;
  for (const [index, source] of lines.entries()) {
    const lineNo = index + 1;
    const tokenized = tokenizeLine(source);
    if (!tokenized.ok) throw new ZoneFileError(file, lineNo, tokenized.reason);
    if (open === undefined && tokenized.tokens.length === 0) {
      if (tokenized.comment !== undefined && isMetaComment(tokenized.comment)) {
        if (pendingMeta !== undefined) throw new ZoneFileError(file, pendingMeta.line, 'this zonekeeper comment is not followed by a record');
        const parsed = parseMeta(tokenized.comment);
        if (!parsed.ok) throw new ZoneFileError(file, lineNo, parsed.reason);
        pendingMeta = { meta: parsed.meta, line: lineNo };
      }
      continue;
    }
    const entry: Entry = open ?? { tokens: [], line: lineNo, source, continuation: /^[ \t]/.test(source), meta: pendingMeta?.meta ?? NO_META };
    if (open === undefined) pendingMeta = undefined;
    else entry.source = undefined;
    let depth = open === undefined ? 0 : 1;
    for (const t of tokenized.tokens) {
      if (t.kind === 'open') depth++;
      else if (t.kind === 'close') depth--;
      else entry.tokens.push(t);
      if (depth < 0 || depth > 1) throw new ZoneFileError(file, lineNo, 'unbalanced or nested parentheses');
    }
    open = depth === 1 ? entry : undefined;
    if (open === undefined) yield entry;
  }
  if (open !== undefined) throw new ZoneFileError(file, open.line, 'a "(" is never closed');
  if (pendingMeta !== undefined) throw new ZoneFileError(file, pendingMeta.line, 'this zonekeeper comment is not followed by a record');
}
