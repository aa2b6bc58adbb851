/**
 * Parsers for flag values. Each takes every occurrence of a flag as raw strings (from the command
 * line, the environment or the config file) and returns the typed value or a message that says
 * what is wrong; the loader adds the flag's name.
 * @module
 */

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const fail = <T>(message: string): Parsed<T> => ({ ok: false, message });

function last(raw: readonly string[]): string {
  return raw[raw.length - 1] ?? '';
}

export function parseString(raw: readonly string[]): Parsed<string> {
  return ok(last(raw));
}

export function parseBool(raw: readonly string[]): Parsed<boolean> {
  const v = last(raw).trim().toLowerCase();
  if (['true', '1', 'yes', ''].includes(v)) return ok(true);
  if (['false', '0', 'no'].includes(v)) return ok(false);
  return fail(`"${last(raw)}" is not a boolean; use true or false`);
}

export function parseNumber(min: number, max: number, integer: boolean) {
  return (raw: readonly string[]): Parsed<number> => {
    const text = last(raw).trim();
    const n = Number(text);
    if (text === '' || !Number.isFinite(n) || (integer && !Number.isInteger(n))) {
      return fail(`"${text}" is not ${integer ? 'an integer' : 'a number'}`);
    }
    if (n < min || n > max) return fail(`${text} is out of range; use a value from ${min} to ${max}`);
    return ok(n);
  };
}

const DURATION_UNITS: Readonly<Record<string, number>> = { ns: 1e-6, us: 1e-3, µs: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** Go duration syntax (`90s`, `1m30s`, `200ms`, `0`), in milliseconds. */
export function parseDurationMs(text: string): Parsed<number> {
  const s = text.trim();
  if (s === '0') return ok(0);
  const re = /(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/gy;
  let total = 0;
  let consumed = 0;
  for (const m of s.matchAll(re)) {
    total += Number(m[1]) * (DURATION_UNITS[m[2] ?? ''] ?? 0);
    consumed += m[0].length;
  }
  if (s === '' || consumed !== s.length) {
    return fail(`"${s}" is not a duration; use a number with a unit, such as 30s, 1m or 1h30m`);
  }
  return ok(Math.round(total));
}

export function parseDuration(raw: readonly string[]): Parsed<number> {
  return parseDurationMs(last(raw));
}

export function parseEnum<T extends string>(values: readonly T[]) {
  return (raw: readonly string[]): Parsed<T> => {
    const v = last(raw).trim();
    return (values as readonly string[]).includes(v)
      ? ok(v as T)
      : fail(`"${v}" is not one of: ${values.join(', ')}`);
  };
}

/** Every occurrence, each split on commas when `splitCommas`, empty items dropped. */
export function parseList(splitCommas: boolean) {
  return (raw: readonly string[]): Parsed<readonly string[]> =>
    ok(
      raw
        .flatMap((r) => (splitCommas ? r.split(/[,\n]/) : r.split('\n')))
        .map((s) => s.trim())
        .filter((s) => s !== ''),
    );
}

export function parseEnumList<T extends string>(values: readonly T[], transform: (s: string) => string = (s) => s) {
  return (raw: readonly string[]): Parsed<readonly T[]> => {
    const items = raw.flatMap((r) => r.split(/[,\n]/)).map((s) => transform(s.trim())).filter((s) => s !== '');
    const bad = items.filter((i) => !(values as readonly string[]).includes(i));
    if (bad.length > 0) return fail(`${bad.map((b) => `"${b}"`).join(', ')} not among: ${values.join(', ')}`);
    return ok([...new Set(items)] as T[]);
  };
}

export type HostPort = Readonly<{ host: string; port: number }>;

/** `HOST:PORT`, `[v6]:PORT` or `:PORT` (all interfaces). */
export function parseHostPort(raw: readonly string[]): Parsed<HostPort> {
  const text = last(raw).trim();
  const m = /^(?:\[([^\]]+)\]|([^:]*)):(\d{1,5})$/.exec(text);
  const port = Number(m?.[3]);
  if (!m || port > 65535) return fail(`"${text}" is not HOST:PORT, such as 127.0.0.1:1053`);
  return ok({ host: m[1] ?? m[2] ?? '', port });
}

export function parseRegex(raw: readonly string[]): Parsed<string> {
  const text = last(raw);
  try {
    new RegExp(text);
    return ok(text);
  } catch (error) {
    return fail(`"${text}" is not a valid regular expression: ${(error as Error).message}`);
  }
}

/** Whole seconds, given as a number (`3600`) or a Go duration (`1h`), within [min, max]. */
export function parseSeconds(min: number, max: number) {
  return (raw: readonly string[]): Parsed<number> => {
    const text = last(raw).trim();
    const asDuration = /^\d+$/.test(text) ? ok(Number(text) * 1000) : parseDurationMs(text);
    if (!asDuration.ok) return fail(`"${text}" is neither seconds nor a duration such as 1h`);
    const seconds = asDuration.value / 1000;
    if (!Number.isInteger(seconds)) return fail(`"${text}" is not a whole number of seconds`);
    if (seconds < min || seconds > max) return fail(`${text} is out of range; use ${min} to ${max} seconds (such as 1h)`);
    return ok(seconds);
  };
}
