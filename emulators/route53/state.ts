/**
 * The emulator's account state (hosted zones with their record sets and tags, changes, health
 * checks) and its optional persistence: a JSON file loaded at start and rewritten atomically
 * (temporary file + rename) after every mutation.
 * @module
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { Decoded } from './schema.ts';

export interface AliasTarget {
  HostedZoneId: string;
  DNSName: string;
  EvaluateTargetHealth: boolean;
}

/** A record set, stored with the API's member names so it renders back as it was given. */
export interface RecordSet {
  Name: string;
  Type: string;
  SetIdentifier?: string;
  Weight?: number;
  Region?: string;
  GeoLocation?: { ContinentCode?: string; CountryCode?: string; SubdivisionCode?: string };
  Failover?: string;
  MultiValueAnswer?: boolean;
  TTL?: number;
  ResourceRecords?: { Value: string }[];
  AliasTarget?: AliasTarget;
  HealthCheckId?: string;
  TrafficPolicyInstanceId?: string;
  CidrRoutingConfig?: { CollectionId: string; LocationName: string };
  GeoProximityLocation?: {
    AWSRegion?: string;
    LocalZoneGroup?: string;
    Coordinates?: { Latitude: string; Longitude: string };
    Bias?: number;
  };
}

export interface Zone {
  id: string;
  name: string;
  callerReference: string;
  comment?: string;
  privateZone: boolean;
  vpcs: { VPCRegion: string; VPCId: string }[];
  nameServers: string[];
  /** Always kept in ListResourceRecordSets order. */
  records: RecordSet[];
  tags: Record<string, string>;
}

export interface ChangeRecord {
  id: string;
  submittedAt: number;
  comment?: string;
}

export interface HealthCheck {
  id: string;
  callerReference: string;
  config: Decoded;
  version: number;
  tags: Record<string, string>;
}

export interface StateData {
  version: 1;
  zones: Zone[];
  changes: ChangeRecord[];
  healthChecks: HealthCheck[];
  /** Caller references of deleted health checks: reusing one is HealthCheckAlreadyExists. */
  deletedHealthCheckRefs: string[];
}

const MAX_KEPT_CHANGES = 10_000;
const ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** A Route53-looking ID: prefix letter and 20 upper-case alphanumerics. */
export function newId(prefix: string): string {
  const bytes = randomBytes(20);
  return prefix + Array.from(bytes, (b) => ID_ALPHABET.charAt(b % ID_ALPHABET.length)).join('');
}
export const newHealthCheckId = (): string => randomUUID();

export function emptyState(): StateData {
  return { version: 1, zones: [], changes: [], healthChecks: [], deletedHealthCheckRefs: [] };
}

/** Holds the state and persists it when a file is configured. */
export class StateStore {
  data: StateData;
  readonly file: string | undefined;

  constructor(file?: string) {
    this.file = file;
    this.data = file !== undefined && existsSync(file) ? StateStore.read(file) : emptyState();
  }

  private static read(file: string): StateData {
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(file, 'utf8'));
    } catch (error) {
      throw new Error(`route53 emulator: state file ${file} is not valid JSON (${String(error)}); fix or remove it`, { cause: error });
    }
    if (typeof parsed !== 'object' || parsed === null || (parsed as { version?: unknown }).version !== 1) {
      throw new Error(`route53 emulator: state file ${file} is not a version-1 emulator state; fix or remove it`);
    }
    return parsed as StateData;
  }

  /** Forgets everything (zones, changes, health checks) and saves, for tests that share one emulator. */
  reset(): void {
    this.data = emptyState();
    this.save();
  }

  zone(id: string): Zone | undefined {
    return this.data.zones.find((z) => z.id === id);
  }

  healthCheck(id: string): HealthCheck | undefined {
    return this.data.healthChecks.find((h) => h.id === id);
  }

  /** Records a submitted change and returns it. */
  addChange(submittedAt: number, comment?: string): ChangeRecord {
    const change: ChangeRecord = { id: newId('C'), submittedAt, ...(comment !== undefined ? { comment } : {}) };
    this.data.changes.push(change);
    if (this.data.changes.length > MAX_KEPT_CHANGES) this.data.changes.splice(0, this.data.changes.length - MAX_KEPT_CHANGES);
    return change;
  }

  change(id: string): ChangeRecord | undefined {
    return this.data.changes.find((c) => c.id === id);
  }

  /** Writes the state file atomically; a no-op for in-memory state. */
  save(): void {
    if (this.file === undefined) return;
    const tmp = `${this.file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(this.data));
    renameSync(tmp, this.file);
  }
}
