/**
 * Route53 API call counts by account, operation and outcome. A plain Map so the CLI can export it
 * to Prometheus (or logs) without this folder depending on a metrics library.
 * @module
 */
import type { ErrorKind, Route53Operation } from './route53-port.ts';

export type CallOutcome = 'ok' | ErrorKind;

export type ApiCallCount = Readonly<{ account: string; operation: Route53Operation; outcome: CallOutcome; count: number }>;

export interface ApiCallCounter {
  record(account: string, operation: Route53Operation, outcome: CallOutcome): void;
  /** Every (account, operation, outcome) seen, with its count. */
  snapshot(): readonly ApiCallCount[];
  /** Sum of counts matching the filter (all when omitted). */
  total(filter?: Partial<Pick<ApiCallCount, 'account' | 'operation' | 'outcome'>>): number;
}

export function createApiCallCounter(): ApiCallCounter {
  const counts = new Map<string, ApiCallCount>();
  return {
    record(account, operation, outcome) {
      const key = `${account}\u0000${operation}\u0000${outcome}`;
      const prev = counts.get(key);
      counts.set(key, { account, operation, outcome, count: (prev?.count ?? 0) + 1 });
    },
    snapshot: () => [...counts.values()],
    total(filter = {}) {
      let sum = 0;
      for (const c of counts.values()) {
        if (filter.account !== undefined && c.account !== filter.account) continue;
        if (filter.operation !== undefined && c.operation !== filter.operation) continue;
        if (filter.outcome !== undefined && c.outcome !== filter.outcome) continue;
        sum += c.count;
      }
      return sum;
    },
  };
}
