/**
 * A listener hook on ChangeResourceRecordSets: for each call, who signed it (access key id), when it
 * arrived and was answered, its outcome, and which record sets it named. Tests and benchmarks use it
 * to measure change-to-write latency and to tell which controller replica wrote (and when).
 * Listeners run synchronously after the call is handled; a throwing listener is reported and ignored.
 * @module
 */
import { CHANGE_BATCH, decodeBody } from './schema.ts';

export interface LoggedChange {
  readonly action: string;
  /** As sent (Route53 wire form, usually with a trailing dot). */
  readonly name: string;
  readonly type: string;
  readonly setIdentifier?: string;
  readonly weight?: number;
  readonly values: readonly string[];
}

export interface ChangeBatchEntry {
  readonly operation: 'ChangeResourceRecordSets';
  readonly accessKeyId: string | undefined;
  /** Hosted zone id from the path. */
  readonly zoneId: string;
  /** Emulator clock (ms) when the request arrived, and when its answer was ready. */
  readonly receivedAt: number;
  readonly answeredAt: number;
  /** `ok` or the error code. */
  readonly outcome: string;
  /** Empty when the body could not be decoded. */
  readonly changes: readonly LoggedChange[];
}

export type ChangeBatchListener = (entry: ChangeBatchEntry) => void;

type RawChange = { Action?: unknown; ResourceRecordSet?: { Name?: unknown; Type?: unknown; SetIdentifier?: unknown; Weight?: unknown; ResourceRecords?: unknown } };

/** The record sets a ChangeResourceRecordSets body names; [] when it is not a valid body. */
export function changesOf(body: string): LoggedChange[] {
  let decoded: { ChangeBatch?: { Changes?: RawChange[] } };
  try {
    decoded = decodeBody(body, 'ChangeResourceRecordSetsRequest', CHANGE_BATCH, 'ChangeBatch');
  } catch {
    return [];
  }
  const out: LoggedChange[] = [];
  for (const c of decoded.ChangeBatch?.Changes ?? []) {
    const rrs = c.ResourceRecordSet ?? {};
    const records = Array.isArray(rrs.ResourceRecords) ? (rrs.ResourceRecords as { Value?: unknown }[]) : [];
    out.push({
      action: typeof c.Action === 'string' ? c.Action : '',
      name: typeof rrs.Name === 'string' ? rrs.Name : '',
      type: typeof rrs.Type === 'string' ? rrs.Type : '',
      ...(typeof rrs.SetIdentifier === 'string' ? { setIdentifier: rrs.SetIdentifier } : {}),
      ...(typeof rrs.Weight === 'number' ? { weight: rrs.Weight } : {}),
      values: records.map((r) => (typeof r.Value === 'string' ? r.Value : '')),
    });
  }
  return out;
}

export class ChangeLog {
  private readonly listeners = new Set<ChangeBatchListener>();

  /** Subscribes; returns the unsubscribe function. */
  on(listener: ChangeBatchListener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  get active(): boolean {
    return this.listeners.size > 0;
  }

  emit(entry: ChangeBatchEntry): void {
    for (const listener of this.listeners) {
      try {
        listener(entry);
      } catch (error) {
        process.stderr.write(`route53 emulator: a change-batch listener threw: ${String(error)}\n`);
      }
    }
  }
}
