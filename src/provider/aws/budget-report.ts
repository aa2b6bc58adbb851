/**
 * The pass summary of each account's rate budget: one info line per account whose budget made
 * callers wait or saw throttling since the last summary, never one per call. Quiet passes log
 * nothing, so the line itself is the signal that the budget is being felt.
 * @module
 */
import type { AwsAccount, Logger } from './account.ts';
import type { RateBudget, RateBudgetStats } from './rate-budget.ts';

type Counts = Readonly<{ calls: number; waits: number; waitedMs: number; throttles: number }>;

/** The fields of one bucket in the summary line: current state plus the counts since the last line. */
export type BudgetUse = Readonly<{ tokens: number; effectiveRate: number; configuredRate: number; burst: number } & Counts>;

export interface BudgetReporter {
  /** Logs the accounts whose budget was felt since the last call; returns what it logged. */
  report(): readonly (BudgetUse & { account: string; changeBudget?: BudgetUse })[];
}

const ZERO: Counts = { calls: 0, waits: 0, waitedMs: 0, throttles: 0 };

function use(now: RateBudgetStats, before: Counts): BudgetUse {
  return {
    tokens: Math.round(now.tokens * 100) / 100,
    effectiveRate: Math.round(now.effectiveRate * 1000) / 1000,
    configuredRate: now.configuredRate,
    burst: now.burst,
    calls: now.calls - before.calls,
    waits: now.waits - before.waits,
    waitedMs: now.waitedMs - before.waitedMs,
    throttles: now.throttles - before.throttles,
  };
}

const felt = (u: BudgetUse | undefined): boolean => u !== undefined && (u.waits > 0 || u.throttles > 0);

export function createBudgetReporter(accounts: readonly AwsAccount[], logger: Logger): BudgetReporter {
  // Baselines per bucket object: accounts may share a budget, and budgets outlive passes.
  const last = new Map<RateBudget, Counts>();
  const delta = (budget: RateBudget): BudgetUse => {
    const now = budget.stats();
    const u = use(now, last.get(budget) ?? ZERO);
    last.set(budget, { calls: now.calls, waits: now.waits, waitedMs: now.waitedMs, throttles: now.throttles });
    return u;
  };
  return {
    report() {
      const out: (BudgetUse & { account: string; changeBudget?: BudgetUse })[] = [];
      for (const a of accounts) {
        const requests = delta(a.budget);
        const changes = a.changeBudget === undefined ? undefined : delta(a.changeBudget);
        if (!felt(requests) && !felt(changes)) continue;
        const line = { account: a.name, ...requests, ...(changes === undefined ? {} : { changeBudget: changes }) };
        logger.info(line, 'route53 rate budget in use: callers waited or Route53 throttled since the last pass summary');
        out.push(line);
      }
      return out;
    },
  };
}
