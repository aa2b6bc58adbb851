/**
 * The TXT registry: ExternalDNS-compatible ownership kept in TXT records beside each record
 * (`--registry=txt`). Reads ownership labels onto records; writes the TXT in the same Changes
 * call as its record, so the provider applies both as one ownership group.
 * @module
 */
import { DEFAULT_MANAGED_TYPES, LABEL, PROP, withLabels, type Endpoint, type ProviderSpecific } from '../../endpoint/index.ts';
import type { Changes } from '../../plan/changes.ts';
import type { ApplyResult, Provider, RejectedChange } from '../../provider/provider.ts';
import type { Registry } from '../registry.ts';
import { parseEncryptionKey } from './encryption.ts';
import { createNameMapper, TxtConfigError, type NameMapper } from './name-mapper.ts';
import { indexOwnership, labelKey, txtKey, type OwnershipIndex } from './ownership-index.ts';
import { asReadTxt, ownershipTxt, refusalReason, txtPlacement } from './ownership-record.ts';

export type TxtRegistryOptions = Readonly<{
  /** `--txt-owner-id`; ExternalDNS's default is `default`. */
  ownerId: string;
  prefix?: string;
  suffix?: string;
  wildcardReplacement?: string;
  /** `--txt-encrypt-enabled`: write encrypted values (needs `encryptKey`). */
  encryptEnabled?: boolean;
  /** `--txt-encrypt-aes-key`: also lets encrypted values be read when writing is plain. */
  encryptKey?: string;
  /** `--managed-record-types`: only these get the force-update migration. */
  managedTypes?: readonly string[];
  /** `--exclude-record-types`. */
  excludeTypes?: readonly string[];
  /** `--migrate-from-txt-owner`: records owned by this id are read as ours. */
  migrateFromOwner?: string;
  /** Receives warnings (obsolete `cname-` TXT records). */
  warn?: (message: string) => void;
}>;

export type TxtRegistry = Registry & { readonly mapper: NameMapper };

/** Builds the registry. Throws TxtConfigError for a bad owner id, affix combination or key. */
export function createTxtRegistry(provider: Provider, options: TxtRegistryOptions): TxtRegistry {
  const ownerId = checkOwnerId(options.ownerId);
  const mapper = createNameMapper(options);
  const readKey = options.encryptKey === undefined || options.encryptKey === '' ? undefined : parseEncryptionKey(options.encryptKey);
  if (options.encryptEnabled === true && readKey === undefined) {
    throw new TxtConfigError('--txt-encrypt-enabled is set but --txt-encrypt-aes-key is empty; give a 32-byte key');
  }
  const writeKey = options.encryptEnabled === true ? readKey : undefined;
  const managed = new Set<string>(options.managedTypes ?? DEFAULT_MANAGED_TYPES);
  const excluded = new Set<string>(options.excludeTypes ?? []);
  const warned = new Set<string>();
  const wildcard = (options.wildcardReplacement ?? '').toLowerCase();
  // The index of the last records() call: which TXT records exist, and their exact values.
  let last: OwnershipIndex | undefined;

  function lookupLabels(index: OwnershipIndex, e: Endpoint) {
    const name = wildcard !== '' && e.dnsName.startsWith('*.') ? `${wildcard}${e.dnsName.slice(1)}` : e.dnsName;
    const typed = index.labels.get(labelKey(name, e.recordType, e.setIdentifier));
    if (typed !== undefined) return typed;
    const alias = e.providerSpecific[PROP.alias];
    if (e.recordType === 'A' && (alias === 'true' || alias === 'A')) {
      // Before v0.22 ExternalDNS named the TXT of an alias A record `cname-…`.
      const old = index.labels.get(labelKey(name, 'CNAME', e.setIdentifier));
      if (old !== undefined) {
        if (!warned.has(e.dnsName)) {
          warned.add(e.dnsName);
          options.warn?.(
            `obsolete legacy TXT ${mapper.toTxtName(e.dnsName, 'CNAME')} owns alias A record ${e.dnsName}; ` +
              `it is read but never deleted automatically`,
          );
        }
        return old;
      }
    }
    // Legacy un-typed TXT (≤ v0.17), never written for AAAA.
    return e.recordType === 'AAAA' ? undefined : index.labels.get(labelKey(name, '', e.setIdentifier));
  }

  async function records(signal?: AbortSignal): Promise<readonly Endpoint[]> {
    const [all, zones] = await Promise.all([provider.records(signal), provider.zones(signal)]);
    const index = indexOwnership(all, mapper, readKey);
    last = index;
    return index.records.map((e) => {
      let out = e;
      const found = lookupLabels(index, e);
      if (found !== undefined) out = withLabels(out, found);
      const migrate = options.migrateFromOwner;
      if (migrate !== undefined && migrate !== '' && out.labels[LABEL.owner] === migrate) out = withLabels(out, { [LABEL.owner]: ownerId });
      if (needsForceUpdate(index, out, zones)) {
        out = { ...out, providerSpecific: { ...out.providerSpecific, [PROP.txtForceUpdate]: 'true' } };
      }
      return out;
    });
  }

  /**
   * §3.1 step 5: an owned, managed record whose typed TXT is missing while registry TXT records
   * exist gets `txt/force-update`, so the plan updates it and the update writes the typed TXT
   * (legacy → typed and `cname-` → `a-` migrations). Any TXT at that name counts as present: a
   * foreign one blocks writing ours, and flagging anyway would update the record every cycle.
   * No flag when the TXT could never be written (outside the zone, or an over-long name).
   */
  function needsForceUpdate(index: OwnershipIndex, e: Endpoint, zones: readonly string[]): boolean {
    if (index.owned.size === 0 || e.labels[LABEL.owner] !== ownerId) return false;
    if (!managed.has(e.recordType) || excluded.has(e.recordType) || e.recordType === 'TXT') return false;
    const txtName = mapper.toTxtName(e.dnsName, e.recordType);
    const placement = txtPlacement(e.dnsName, txtName, zones);
    if (placement === 'other-zone' || placement === 'bad-name') return false;
    return !index.txts.has(txtKey(txtName, e.setIdentifier));
  }

  async function applyChanges(changes: Changes, signal?: AbortSignal): Promise<ApplyResult> {
    if (changes.updateOld.length !== changes.updateNew.length) {
      throw new Error(`txt registry: updateOld has ${changes.updateOld.length} entries but updateNew has ${changes.updateNew.length}`);
    }
    const zones = await provider.zones(signal);
    const index = last ?? indexOwnership(await provider.records(signal), mapper, readKey);
    const out = { create: [] as Endpoint[], updateOld: [] as Endpoint[], updateNew: [] as Endpoint[], delete: [] as Endpoint[] };
    const refused: RejectedChange[] = [];
    const generated = new Set<Endpoint>();
    const txtFor = (record: Endpoint) => {
      const name = mapper.toTxtName(record.dnsName, record.recordType);
      return { name, key: txtKey(name, record.setIdentifier), placement: txtPlacement(record.dnsName, name, zones) };
    };
    const addTxt = (list: Endpoint[], txt: Endpoint) => {
      generated.add(txt);
      list.push(txt);
    };

    for (const r of changes.create) {
      const record = forProvider(withLabels(r, { [LABEL.owner]: ownerId }));
      const txt = txtFor(record);
      // Apex rule: see docs/registry-txt.md. A record whose TXT cannot sit in its own zone (or whose
      // TXT name is too long for DNS) would be created unowned (ExternalDNS on AWS silently drops
      // the TXT); we refuse the create instead, saying which flag fixes it.
      if (txt.placement === 'other-zone' || txt.placement === 'bad-name') {
        refused.push({ action: 'create', endpoint: r, reason: refusalReason(txt.placement, record, txt.name, zones) });
        continue;
      }
      // A TXT already at that name and set identifier: our own ownership record makes the new
      // record ours as it is; any other TXT there would leave the record unowned (ExternalDNS keeps
      // the TXT and creates the record anyway), so the create is refused instead.
      const ours = index.owned.has(txt.key) && index.labels.get(labelKey(record.dnsName, record.recordType, record.setIdentifier))?.[LABEL.owner] === ownerId;
      if (index.txts.has(txt.key) && !ours) {
        refused.push({
          action: 'create',
          endpoint: r,
          reason: `the ownership record name ${txt.name} already holds a TXT record that is not owner "${ownerId}"'s ownership record, so ${record.dnsName} ${record.recordType} would be created unowned; remove that TXT, or choose another name with --txt-prefix or --txt-suffix`,
        });
        continue;
      }
      out.create.push(record);
      if (!index.txts.has(txt.key)) addTxt(out.create, ownershipTxt(record, txt.name, writeKey));
    }

    for (const r of changes.delete) {
      if (r.labels[LABEL.owner] !== ownerId) continue;
      const record = forProvider(r);
      out.delete.push(record);
      // Delete the TXT exactly as read (an encrypted value cannot be regenerated byte for byte).
      // A record owned only through a legacy TXT has no typed TXT to delete; legacy ones stay.
      const read = index.owned.get(txtFor(record).key);
      if (read !== undefined) addTxt(out.delete, asReadTxt(read, record.dnsName));
    }

    changes.updateOld.forEach((old, i) => {
      const next = changes.updateNew[i];
      if (next === undefined || old.labels[LABEL.owner] !== ownerId) return;
      const record = forProvider(withLabels(next, { [LABEL.owner]: ownerId }));
      out.updateOld.push(forProvider(old));
      out.updateNew.push(record);
      const txt = txtFor(record);
      // Such a record can only be owned through a legacy TXT, which is never rewritten.
      if (txt.placement === 'other-zone' || txt.placement === 'bad-name') return;
      const read = index.owned.get(txtFor(old).key);
      const fresh = ownershipTxt(record, txt.name, writeKey);
      if (read !== undefined) {
        out.updateOld.push(asReadTxt(read, old.dnsName));
        addTxt(out.updateNew, fresh);
      } else if (!index.txts.has(txt.key)) {
        addTxt(out.create, fresh); // the typed TXT is missing (migration): write it
      }
    });

    // What was read no longer describes the zones: a later apply without records() reads afresh.
    last = undefined;
    const result = await provider.applyChanges(out, signal);
    return { rejected: [...refused, ...withoutOwnTxts(result.rejected, generated)] };
  }

  return {
    ownerId,
    mapper,
    zones: (signal) => provider.zones(signal),
    records,
    applyChanges,
    adjustEndpoints: (endpoints) => provider.adjustEndpoints?.(endpoints) ?? endpoints,
  };
}

/** The registry's marker is not a property of the record: the provider must never see it. */
function forProvider(e: Endpoint): Endpoint {
  if (!Object.hasOwn(e.providerSpecific, PROP.txtForceUpdate)) return e;
  const providerSpecific: ProviderSpecific = Object.fromEntries(
    Object.entries(e.providerSpecific).filter(([name]) => name !== PROP.txtForceUpdate),
  );
  return { ...e, providerSpecific };
}

/**
 * The plan asked for records, not TXTs: a refused TXT is reported through its record (the provider
 * refuses the whole group, naming the TXT's reason). One is kept only if its record was accepted.
 */
function withoutOwnTxts(rejected: readonly RejectedChange[], generated: ReadonlySet<Endpoint>): RejectedChange[] {
  const refusedRecords = new Set(rejected.filter((r) => !generated.has(r.endpoint)).map((r) => r.endpoint.dnsName));
  return rejected.filter((r) => !generated.has(r.endpoint) || !refusedRecords.has(r.endpoint.labels[LABEL.ownedRecord] ?? ''));
}

function checkOwnerId(ownerId: string): string {
  // `,` and `=` would break the unescaped label format for every reader, ExternalDNS included.
  if (ownerId === '' || /[,="\s]/.test(ownerId)) {
    throw new TxtConfigError(
      `--txt-owner-id="${ownerId}" is not usable in an ownership TXT: give a non-empty id without ',', '=', '"' or spaces`,
    );
  }
  return ownerId;
}
