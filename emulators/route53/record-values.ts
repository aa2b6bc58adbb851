/**
 * Per-type checks of ResourceRecord values (A, AAAA, CNAME, MX, SRV, CAA, TXT quoting …), phrased
 * like Route53's "Invalid Resource Record: FATAL problem: CODE (reason) encountered with 'value'".
 * @module
 */
import { isIPv6 } from 'node:net';
import { parseName } from './names.ts';

export const RECORD_TYPES: readonly string[] = [
  'SOA', 'A', 'TXT', 'NS', 'CNAME', 'MX', 'NAPTR', 'PTR', 'SRV', 'SPF', 'AAAA', 'CAA', 'DS', 'TLSA', 'SSHFP', 'SVCB', 'HTTPS',
];

export const MAX_TXT_STRING = 255;
export const MAX_TXT_VALUE = 4000;

const fatal = (code: string, reason: string, value: string): string =>
  `Invalid Resource Record: FATAL problem: ${code} (${reason}) encountered with '${value}'`;

const IPV4 = /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;

const isUint16 = (s: string | undefined): boolean => s !== undefined && /^\d{1,5}$/.test(s) && Number(s) <= 65535;
const isDomain = (s: string | undefined): boolean => s !== undefined && s !== '' && parseName(s).ok;

/** Checks one TXT/SPF value: one or more quoted strings of ≤ 255 characters, `\"` escapes. */
export function checkTxt(type: string, value: string): string | undefined {
  if (value.length > MAX_TXT_VALUE) return fatal(`${type}RDATATooLong`, 'Value is too long', value);
  let pos = 0;
  let strings = 0;
  while (pos < value.length) {
    if (value.charAt(pos) === ' ' || value.charAt(pos) === '\t') {
      pos++;
      continue;
    }
    if (value.charAt(pos) !== '"' || (strings > 0 && !/\s/.test(value.charAt(pos - 1)))) {
      return fatal('InvalidCharacterString', 'Value should be enclosed in quotation marks', value);
    }
    pos++;
    let length = 0;
    let closed = false;
    while (pos < value.length) {
      const c = value.charAt(pos);
      if (c === '"') {
        closed = true;
        pos++;
        break;
      }
      if (c.charCodeAt(0) < 0x20) return fatal('InvalidCharacterString', 'Value contains a control character; write it as \\ooo', value);
      if (c === '\\') {
        const digits = value.slice(pos + 1, pos + 4);
        if (/^[0-3][0-7]{2}$/.test(digits)) pos += 4;
        else if (pos + 1 < value.length) pos += 2;
        else return fatal('InvalidCharacterString', 'Value ends with a lone backslash', value);
      } else pos++;
      length++;
    }
    if (!closed) return fatal('InvalidCharacterString', 'Value should be enclosed in quotation marks', value);
    if (length > MAX_TXT_STRING) return fatal('CharacterStringTooLong', 'Value is too long', value);
    if (pos < value.length && !/\s/.test(value.charAt(pos))) {
      return fatal('InvalidCharacterString', 'Value should be enclosed in quotation marks', value);
    }
    strings++;
  }
  if (strings === 0) return fatal('InvalidCharacterString', 'Value should be enclosed in quotation marks', value);
  return undefined;
}

/** Returns a problem with `value` for record type `type`, or undefined when it is acceptable. */
export function checkValue(type: string, value: string): string | undefined {
  const fields = value.trim().split(/\s+/);
  switch (type) {
    case 'A':
      if (/\s/.test(value.trim())) return fatal('ARRDATANotSingleField', 'Value contains spaces', value);
      return IPV4.test(value) ? undefined : fatal('ARRDATAIllegalIPv4Address', 'Value is not a valid IPv4 address', value);
    case 'AAAA':
      if (/\s/.test(value.trim())) return fatal('AAAARRDATANotSingleField', 'Value contains spaces', value);
      return isIPv6(value) ? undefined : fatal('AAAARRDATAIllegalIPv6Address', 'Value is not a valid IPv6 address', value);
    case 'CNAME':
    case 'NS':
    case 'PTR':
      if (/\s/.test(value.trim())) return fatal(`${type}RRDATANotSingleField`, 'Value contains spaces', value);
      return isDomain(value) ? undefined : fatal('DomainLabelEmpty', 'Value is not a valid domain name', value);
    case 'MX':
      if (fields.length !== 2) return fatal('MXRRDATANotTwoFields', 'Value does not contain two fields', value);
      if (!isUint16(fields[0])) return fatal('MXRRDATAIllegalPriority', 'Priority is not an integer from 0 to 65535', value);
      return isDomain(fields[1]) ? undefined : fatal('MXRRDATAIllegalDomainName', 'Exchange is not a valid domain name', value);
    case 'SRV':
      if (fields.length !== 4) return fatal('SRVRRDATANotFourFields', 'Value does not contain four fields', value);
      if (!fields.slice(0, 3).every(isUint16)) {
        return fatal('SRVRRDATAIllegalNumber', 'Priority, weight and port must be integers from 0 to 65535', value);
      }
      return isDomain(fields[3]) ? undefined : fatal('SRVRRDATAIllegalDomainName', 'Target is not a valid domain name', value);
    case 'CAA': {
      const m = /^(\d{1,3})\s+([A-Za-z0-9]+)\s+(".*")$/.exec(value.trim());
      if (m === null || Number(m[1]) > 255) return fatal('CAARRDATAMalformed', 'Value must be: flags tag "value"', value);
      return checkTxt('CAA', m[3] ?? '');
    }
    case 'TXT':
    case 'SPF':
      return checkTxt(type, value);
    case 'SOA':
      return fields.length === 7 ? undefined : fatal('SOARRDATANotSevenFields', 'Value does not contain seven fields', value);
    default:
      return value.trim() === '' ? fatal(`${type}RRDATAEmpty`, 'Value is empty', value) : undefined;
  }
}
