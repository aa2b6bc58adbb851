/**
 * Shared parts of the provider contract: the fixture shape each provider supplies, the names of
 * the contract's cases (so a provider can declare a known gap as an explicit skip with a reason),
 * and helpers that turn record lists into comparable rows.
 * @module
 */
import { createEndpoint, type Endpoint, type EndpointInit } from '../../src/endpoint/index.ts';
import { NO_CHANGES, type Changes } from '../../src/plan/changes.ts';
import type { Provider } from '../../src/provider/provider.ts';

/** The zones every fixture manages. */
export const ZONES = ['example.com', 'example.org'] as const;

export type FixtureOptions = Readonly<{
  /** aws: the emulator also answers PriorRequestNotComplete while a zone's change is in flight. */
  stormReady?: boolean;
}>;

export type ContractFixture = Readonly<{
  provider: Provider;
  /** A second provider on the same storage with cold caches: what the backend really holds. */
  reader(): Provider;
  /** A health-check id the backend accepts (aws: created in the emulator first). */
  healthCheckId(): Promise<string>;
  /** Throttling storms; absent where there is no API to throttle. */
  storm?: Readonly<{
    /** Every request is throttled for `ms` (in the fixture's clock). */
    start(ms: number): void;
    /** Requests answered Throttling or PriorRequestNotComplete so far. */
    throttledCalls(): number;
  }>;
  /** Fails the next `n` writes without applying them; absent where writes cannot fail this way. */
  failWrites?: (kind: 'internal-error' | 'drop', n: number) => void;
  close(): Promise<void>;
}>;

export type MakeFixture = (options: FixtureOptions) => Promise<ContractFixture>;

export const CASES = [
  'record-types',
  'caa',
  'routing-policies',
  'replace-type',
  'alias',
  'pagination',
  'ownership',
  'steady-state',
  'wildcard-ownership',
  'bad-change',
  'delete-mismatch',
  'throttling',
  'failed-writes',
] as const;
export type CaseName = (typeof CASES)[number];

/** Known gaps: case → reason. A skipped case still shows up in the test report with its reason. */
export type ContractOptions = Readonly<{ skip?: Partial<Record<CaseName, string>> }>;

/** What a case group gets from the runner. */
export type ContractContext = Readonly<{
  /** A fresh fixture, closed after the case. */
  fixture(options?: FixtureOptions): Promise<ContractFixture>;
  /** Test options for a case: skipped with the provider's reason when declared as a known gap. */
  skip(c: CaseName): { skip?: string };
  /** Applies, asserts nothing was rejected, and checks a cold reader and the provider see exactly `expected`. */
  applyAndCheck(f: ContractFixture, c: Changes, expected: readonly Endpoint[]): Promise<void>;
}>;

export const ep = (dnsName: string, recordType: EndpointInit['recordType'], targets: string[], extra: Partial<EndpointInit> = {}): Endpoint =>
  createEndpoint({ dnsName, recordType, targets, ttl: 300, ...extra });

export const changes = (c: Partial<Changes>): Changes => ({ ...NO_CHANGES, ...c });

/** A record set as a comparable row: identity, TTL, targets and provider-specific fields (no labels). */
export type Row = string;

/** Backends put NS records at each apex; the contract never manages them. */
export const notApexNs = (e: Endpoint): boolean => !(e.recordType === 'NS' && (ZONES as readonly string[]).includes(e.dnsName));

export function rows(endpoints: readonly Endpoint[]): Row[] {
  return endpoints
    .filter(notApexNs)
    .map((e) => {
      const props = Object.entries(e.providerSpecific)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([k, v]) => `${k}=${v}`)
        .join(',');
      return `${e.dnsName} ${e.recordType} [${e.setIdentifier}] ttl=${e.ttl} ${e.targets.join('|')} {${props}}`;
    })
    .sort();
}

/** Zones first (aws needs them to know apexes), then the provider's adjustment. */
export async function adjusted(provider: Pick<Provider, 'zones' | 'adjustEndpoints'>, endpoints: readonly Endpoint[]): Promise<readonly Endpoint[]> {
  await provider.zones();
  return provider.adjustEndpoints?.(endpoints) ?? endpoints;
}

/** Rows of what the backend holds, read through a cold provider. */
export async function stored(fixture: ContractFixture): Promise<Row[]> {
  const reader = fixture.reader();
  await reader.zones();
  return rows(await reader.records());
}

/** The creates/updates/deletes turning `current` into `desired` (keys: name, type, set identifier). */
export function diff(current: readonly Endpoint[], desired: readonly Endpoint[]): Changes {
  const key = (e: Endpoint): string => `${e.dnsName} ${e.recordType} ${e.setIdentifier}`;
  const cur = new Map(current.filter(notApexNs).map((e) => [key(e), e]));
  const want = new Map(desired.map((e) => [key(e), e]));
  const out = { create: [] as Endpoint[], updateOld: [] as Endpoint[], updateNew: [] as Endpoint[], delete: [] as Endpoint[] };
  for (const [k, e] of want) {
    const c = cur.get(k);
    if (c === undefined) out.create.push(e);
    else if (rows([c])[0] !== rows([e])[0]) {
      out.updateOld.push(c);
      out.updateNew.push(e);
    }
  }
  for (const [k, c] of cur) if (!want.has(k)) out.delete.push(c);
  return out;
}
