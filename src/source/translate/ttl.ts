/**
 * The `ttl` annotation, parsed as ExternalDNS parses it: an integer number of seconds, or else a Go
 * duration (`90s`, `10m`, `1h30m`, `1.5h`), fractional seconds truncated; valid range 1..2^31-1.
 * @module
 */

export const TTL_MIN = 1;
export const TTL_MAX = 2147483647;

const UNIT_SECONDS: Readonly<Record<string, number>> = {
  ns: 1e-9,
  us: 1e-6,
  'µs': 1e-6,
  'μs': 1e-6,
  ms: 1e-3,
  s: 1,
  m: 60,
  h: 3600,
};

/** Seconds of a Go `time.ParseDuration` string, or undefined when it is not one. */
export function parseGoDuration(text: string): number | undefined {
  let rest = text;
  let sign = 1;
  if (rest.startsWith('-') || rest.startsWith('+')) {
    if (rest.startsWith('-')) sign = -1;
    rest = rest.slice(1);
  }
  if (rest === '0') return 0;
  if (rest === '') return undefined;
  let total = 0;
  const part = /^(\d*)(?:\.(\d*))?([a-zµμ]+)/;
  while (rest !== '') {
    const m = part.exec(rest);
    if (m === null) return undefined;
    const [whole, int = '', frac, unit = ''] = m;
    if (int === '' && (frac === undefined || frac === '')) return undefined;
    const factor = UNIT_SECONDS[unit];
    if (factor === undefined) return undefined;
    total += Number(`${int === '' ? '0' : int}.${frac ?? '0'}`) * factor;
    rest = rest.slice(whole.length);
  }
  return sign * total;
}

export type TtlResult = { readonly ok: true; readonly ttl: number } | { readonly ok: false; readonly reason: string };

/** Parses a `ttl` annotation value. */
export function parseTtl(value: string): TtlResult {
  const trimmed = value.trim();
  let seconds: number | undefined;
  if (/^[+-]?\d+$/.test(trimmed)) seconds = Number(trimmed);
  else {
    const d = parseGoDuration(trimmed);
    if (d !== undefined) seconds = Math.trunc(d);
  }
  if (seconds === undefined) {
    return { ok: false, reason: 'it is neither a whole number of seconds nor a duration such as "90s", "10m" or "1h30m"' };
  }
  if (seconds < TTL_MIN || seconds > TTL_MAX) {
    return { ok: false, reason: `it is ${seconds} seconds; a TTL must be between ${TTL_MIN} and ${TTL_MAX} seconds` };
  }
  return { ok: true, ttl: seconds };
}
