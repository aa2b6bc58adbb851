/**
 * Route53's record rules, checked for one operation against the record sets at its name
 * (after the earlier operations of the same group). Returns the reason for refusing, or undefined.
 * Messages follow Route53's InvalidChangeBatch wording so logs read the same for every provider.
 * @module
 */
import { PROP, type Endpoint } from '../../endpoint/index.ts';
import type { Op } from './groups.ts';
import { checkTarget } from './rdata.ts';
import { describeSet, rrKey, sameValues } from './rrset.ts';

const verb = { create: 'create', update: 'update', delete: 'delete' } as const;

export function checkRemove(op: Op, at: ReadonlyMap<string, Endpoint>): string | undefined {
  const current = at.get(rrKey(op.endpoint));
  const what = `Tried to ${verb[op.action]} resource record set ${describeSet(op.endpoint)}`;
  if (current === undefined) return `${what} but it was not found`;
  if (!sameValues(op.endpoint, current)) return `${what} but the values provided do not match the current values`;
  return undefined;
}

export function checkPut(op: Op, at: ReadonlyMap<string, Endpoint>): string | undefined {
  const e = op.endpoint;
  const zone = op.zone ?? '';
  if (e.targets.length === 0) return `resource record set ${describeSet(e)} has no values; give it at least one target`;
  for (const target of e.targets) {
    const problem = checkTarget(e, target);
    if (problem !== undefined) return `Invalid Resource Record in ${describeSet(e)}: ${problem}`;
  }
  if (at.has(rrKey(e))) return `Tried to ${verb[op.action]} resource record set ${describeSet(e)} but it already exists`;
  if (e.recordType === 'CNAME' && e.dnsName === zone) {
    return `RRSet of type CNAME with DNS name ${e.dnsName}. is not permitted at the apex of zone ${zone}.; use an A/AAAA (or alias) record there`;
  }
  if (e.recordType === 'NS' && e.dnsName.startsWith('*.')) {
    return `RRSet ${describeSet(e)} is a wildcard NS record; Route53 does not allow wildcards for NS`;
  }
  if (e.recordType === 'CNAME' && e.targets.length > 1) {
    return `RRSet of type CNAME with DNS name ${e.dnsName}. has ${e.targets.length} values; a CNAME holds exactly one`;
  }
  for (const other of at.values()) {
    if (e.recordType === 'CNAME' && other.recordType !== 'CNAME') {
      return `RRSet of type CNAME with DNS name ${e.dnsName}. is not permitted as it conflicts with other records with the same DNS name in zone ${zone}.`;
    }
    if (e.recordType !== 'CNAME' && other.recordType === 'CNAME') {
      return `RRSet of type ${e.recordType} with DNS name ${e.dnsName}. is not permitted because a conflicting RRSet of type CNAME with the same DNS name already exists in zone ${zone}.`;
    }
    if (other.recordType === e.recordType && (other.setIdentifier === '') !== (e.setIdentifier === '')) {
      return (
        `RRSet ${describeSet(e)} mixes record sets with and without a set identifier at the same name and type ` +
        `(existing set-identifier='${other.setIdentifier}'); give all of them a set identifier or none`
      );
    }
  }
  const weight = e.providerSpecific[PROP.weight];
  if (weight !== undefined && !/^(?:\d{1,3})$/.test(weight.trim())) {
    return `RRSet ${describeSet(e)}: ${PROP.weight}="${weight}" is not a whole number from 0 to 255`;
  }
  if (weight !== undefined && Number(weight) > 255) {
    return `RRSet ${describeSet(e)}: ${PROP.weight}="${weight}" is above the maximum 255`;
  }
  return undefined;
}
