/**
 * What an aborted apply tells its caller. The controller aborts a pass when leadership is lost or
 * the process stops; the provider then sends nothing more and throws this error, so the pass fails
 * instead of reporting success, and says how much landed: batches Route53 accepted are in the
 * record cache, changes never sent are planned again by whoever reconciles next.
 * @module
 */

export type AbortedZone = Readonly<{ zoneName: string; zoneId: string; sentBatches: number; unsentChanges: number }>;

/** `name` is 'AbortError' so generic abort handling recognises it; `cause` is the signal's reason. */
export class ApplyAbortedError extends Error {
  override readonly name = 'AbortError';
  /** Change batches Route53 accepted before the abort (in all zones of this apply). */
  readonly sentBatches: number;
  /** Change elements that were not sent. */
  readonly unsentChanges: number;
  readonly zones: readonly AbortedZone[];

  constructor(zones: readonly AbortedZone[], reason: unknown, extraSentBatches = 0) {
    const sentBatches = extraSentBatches + zones.reduce((n, z) => n + z.sentBatches, 0);
    const unsentChanges = zones.reduce((n, z) => n + z.unsentChanges, 0);
    const where = zones
      .filter((z) => z.unsentChanges > 0)
      .map((z) => `${z.zoneName} (${z.zoneId}): ${z.unsentChanges}`)
      .join(', ');
    super(
      `applying changes stopped (${reasonText(reason)}): ${sentBatches} change batch(es) were sent and are recorded; ` +
        `${unsentChanges} change(s) were not sent${where === '' ? '' : ` [${where}]`}; the next pass plans them again`,
      { cause: reason },
    );
    this.sentBatches = sentBatches;
    this.unsentChanges = unsentChanges;
    this.zones = zones;
  }
}

export function reasonText(reason: unknown): string {
  if (reason instanceof Error) return reason.message;
  return typeof reason === 'string' ? reason : 'aborted';
}

/** Reads `aborted` through a call so TypeScript does not keep an earlier narrowing across awaits. */
export const isAborted = (signal: AbortSignal | undefined): boolean => signal?.aborted === true;
