/**
 * Target (RDATA) validation per record type, as Route53 does before accepting a record set
 * ("Invalid Resource Record"). Zone files and DNS answers can then trust every stored target.
 * @module
 */
import { isIP } from 'node:net';
import { normalizeName, PROP, type Endpoint, type RecordType } from '../../endpoint/index.ts';

/** Why `target` cannot be a value of a record of `type`, or undefined when it can. */
export function checkTarget(e: Pick<Endpoint, 'recordType' | 'providerSpecific'>, target: string): string | undefined {
  const alias = e.providerSpecific[PROP.alias] === 'true';
  const problem = /[\r\n]/.test(target) ? 'contains a line break' : targetProblem(e.recordType, target, alias);
  return problem === undefined ? undefined : `${e.recordType} value "${target}" ${problem}`;
}

function targetProblem(type: RecordType, target: string, alias: boolean): string | undefined {
  switch (type) {
    case 'A':
      if (alias) return hostProblem(target);
      return isIP(target) === 4 ? undefined : 'is not an IPv4 address';
    case 'AAAA':
      if (alias) return hostProblem(target);
      return isIP(target) === 6 ? undefined : 'is not an IPv6 address';
    case 'CNAME':
    case 'NS':
      return hostProblem(target);
    case 'MX': {
      const m = /^(\d+)\s+(\S+)$/.exec(target);
      if (m === null) return 'is not "<preference> <host>"';
      return numberProblem(m[1], 65535) ?? hostOrRootProblem(m[2]);
    }
    case 'SRV': {
      const m = /^(\d+)\s+(\d+)\s+(\d+)\s+(\S+)$/.exec(target);
      if (m === null) return 'is not "<priority> <weight> <port> <host>"';
      return numberProblem(m[1], 65535) ?? numberProblem(m[2], 65535) ?? numberProblem(m[3], 65535) ?? hostOrRootProblem(m[4]);
    }
    case 'CAA': {
      // An unquoted value may not hold characters that zone files treat as syntax.
      const m = /^(\d+)\s+([A-Za-z0-9]+)\s+("(?:[^"\\]|\\.)*"|[^\s";()\\]+)$/.exec(target);
      if (m === null) return 'is not "<flags> <tag> <value>" (value quoted or a single word)';
      return numberProblem(m[1], 255);
    }
    case 'TXT':
      return undefined;
  }
}

function numberProblem(text: string | undefined, max: number): string | undefined {
  return Number(text) <= max ? undefined : `has the number ${text ?? ''}, above the maximum ${max}`;
}

function hostProblem(host: string): string | undefined {
  if (host.startsWith('*')) return 'is a wildcard; a target must be a plain host name';
  const n = normalizeName(host);
  return n.ok ? undefined : `is not a host name: ${n.reason}`;
}

function hostOrRootProblem(host: string | undefined): string | undefined {
  return host === '.' ? undefined : hostProblem(host ?? '');
}
