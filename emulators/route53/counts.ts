/**
 * Call counting: every API request by operation and outcome (`ok` or the error code, `dropped`),
 * and by the SigV4 access key id that signed it, so tests can assert call budgets and which
 * credentials were used.
 * @module
 */

export interface OperationCount {
  total: number;
  outcomes: Record<string, number>;
}

export interface CountsSnapshot {
  total: number;
  byOperation: Record<string, OperationCount>;
  byAccessKey: Record<string, number>;
  lastAccessKeyId: string | undefined;
}

export class Counts {
  private data: CountsSnapshot = Counts.empty();

  private static empty(): CountsSnapshot {
    return { total: 0, byOperation: {}, byAccessKey: {}, lastAccessKeyId: undefined };
  }

  /** Records one request's operation, signer and outcome. */
  record(operation: string, accessKeyId: string | undefined, outcome: string): void {
    const d = this.data;
    d.total++;
    const op = (d.byOperation[operation] ??= { total: 0, outcomes: {} });
    op.total++;
    op.outcomes[outcome] = (op.outcomes[outcome] ?? 0) + 1;
    if (accessKeyId !== undefined) {
      d.byAccessKey[accessKeyId] = (d.byAccessKey[accessKeyId] ?? 0) + 1;
      d.lastAccessKeyId = accessKeyId;
    }
  }

  /** Calls of `operation` (all outcomes, or one). */
  of(operation: string, outcome?: string): number {
    const op = this.data.byOperation[operation];
    if (op === undefined) return 0;
    return outcome === undefined ? op.total : (op.outcomes[outcome] ?? 0);
  }

  /** Calls signed with `accessKeyId`. */
  ofKey(accessKeyId: string): number {
    return this.data.byAccessKey[accessKeyId] ?? 0;
  }

  get total(): number {
    return this.data.total;
  }

  get lastAccessKeyId(): string | undefined {
    return this.data.lastAccessKeyId;
  }

  /** A deep copy, safe to keep and compare. */
  snapshot(): CountsSnapshot {
    return structuredClone(this.data);
  }

  reset(): void {
    this.data = Counts.empty();
  }
}
