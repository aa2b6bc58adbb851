/**
 * Route53Port over the real `@aws-sdk/client-route-53` Route53Client. The only file in this folder
 * that imports the SDK. The client is built with `maxAttempts: 1`: retries and backoff belong to
 * the provider, which shares one rate budget per account across all calls.
 * @module
 */
import {
  ChangeResourceRecordSetsCommand,
  GetChangeCommand,
  ListHostedZonesCommand,
  ListResourceRecordSetsCommand,
  ListTagsForResourcesCommand,
  Route53Client,
  type Route53ClientConfig,
  type ResourceRecordSet as SdkRecordSet,
  type RRType,
} from '@aws-sdk/client-route-53';
import {
  bareId,
  classifyErrorCode,
  Route53CallError,
  type Change,
  type ChangeInfo,
  type HostedZone,
  type ResourceRecordSet,
  type Route53Operation,
  type Route53Port,
  type Tag,
} from './route53-port.ts';

export type Route53ClientOptions = Readonly<{
  region: string;
  /** Leave unset so the SDK honours AWS_ENDPOINT_URL_ROUTE_53 / AWS_ENDPOINT_URL itself. */
  endpointUrl?: string;
  credentials?: Route53ClientConfig['credentials'];
}>;

/** A Route53Client for the provider: no SDK-level retries, endpoint only when configured. */
export function createRoute53Client(options: Route53ClientOptions): Route53Client {
  const config: Route53ClientConfig = { region: options.region, maxAttempts: 1 };
  if (options.endpointUrl !== undefined && options.endpointUrl !== '') config.endpoint = options.endpointUrl;
  if (options.credentials !== undefined) config.credentials = options.credentials;
  return new Route53Client(config);
}

/** The port implemented by a Route53Client. */
export function createSdkRoute53Port(client: Route53Client): Route53Port {
  async function call<T>(op: Route53Operation, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      throw toCallError(op, error);
    }
  }
  return {
    listHostedZones: (marker, signal) =>
      call('ListHostedZones', async () => {
        const out = await client.send(new ListHostedZonesCommand(marker === undefined ? {} : { Marker: marker }), { abortSignal: signal });
        const zones: HostedZone[] = (out.HostedZones ?? []).map((z) => ({
          id: bareId(z.Id ?? ''),
          name: z.Name ?? '',
          privateZone: z.Config?.PrivateZone === true,
        }));
        return out.IsTruncated === true && out.NextMarker !== undefined ? { zones, nextMarker: out.NextMarker } : { zones };
      }),
    listResourceRecordSets: (zoneId, start, maxItems, signal) =>
      call('ListResourceRecordSets', async () => {
        const out = await client.send(
          new ListResourceRecordSetsCommand({
            HostedZoneId: zoneId,
            MaxItems: maxItems,
            ...(start === undefined
              ? {}
              : { StartRecordName: start.name, StartRecordType: start.type as RRType, StartRecordIdentifier: start.identifier }),
          }),
          { abortSignal: signal },
        );
        const sets = (out.ResourceRecordSets ?? []).map(fromSdkSet);
        if (out.IsTruncated !== true || out.NextRecordName === undefined || out.NextRecordType === undefined) return { sets };
        const next = { name: out.NextRecordName, type: out.NextRecordType, ...(out.NextRecordIdentifier === undefined ? {} : { identifier: out.NextRecordIdentifier }) };
        return { sets, next };
      }),
    changeResourceRecordSets: (zoneId, changes, signal) =>
      call('ChangeResourceRecordSets', async () => {
        const out = await client.send(
          new ChangeResourceRecordSetsCommand({
            HostedZoneId: zoneId,
            ChangeBatch: { Changes: changes.map((c: Change) => ({ Action: c.Action, ResourceRecordSet: c.ResourceRecordSet as SdkRecordSet })) },
          }),
          { abortSignal: signal },
        );
        return changeInfo(out.ChangeInfo?.Id, out.ChangeInfo?.Status);
      }),
    listTagsForHostedZones: (zoneIds, signal) =>
      call('ListTagsForResources', async () => {
        const out = await client.send(new ListTagsForResourcesCommand({ ResourceType: 'hostedzone', ResourceIds: [...zoneIds] }), {
          abortSignal: signal,
        });
        const tags = new Map<string, readonly Tag[]>();
        for (const set of out.ResourceTagSets ?? []) {
          tags.set(bareId(set.ResourceId ?? ''), (set.Tags ?? []).map((t) => ({ key: t.Key ?? '', value: t.Value ?? '' })));
        }
        return tags;
      }),
    getChange: (changeId, signal) =>
      call('GetChange', async () => {
        const out = await client.send(new GetChangeCommand({ Id: changeId }), { abortSignal: signal });
        return changeInfo(out.ChangeInfo?.Id, out.ChangeInfo?.Status);
      }),
  };
}

function changeInfo(id: string | undefined, status: string | undefined): ChangeInfo {
  return { id: bareId(id ?? ''), status: status === 'INSYNC' ? 'INSYNC' : 'PENDING' };
}

/** SDK output → port shape, dropping undefined fields so the shapes compare by value. */
function fromSdkSet(s: SdkRecordSet): ResourceRecordSet {
  const set: ResourceRecordSet = { Name: s.Name ?? '', Type: s.Type ?? '' };
  if (s.SetIdentifier !== undefined) set.SetIdentifier = s.SetIdentifier;
  if (s.Weight !== undefined) set.Weight = s.Weight;
  if (s.Region !== undefined) set.Region = s.Region;
  if (s.Failover !== undefined) set.Failover = s.Failover;
  if (s.MultiValueAnswer !== undefined) set.MultiValueAnswer = s.MultiValueAnswer;
  if (s.TTL !== undefined) set.TTL = s.TTL;
  if (s.HealthCheckId !== undefined) set.HealthCheckId = s.HealthCheckId;
  if (s.ResourceRecords !== undefined) set.ResourceRecords = s.ResourceRecords.map((r) => ({ Value: r.Value ?? '' }));
  if (s.AliasTarget !== undefined) {
    set.AliasTarget = {
      HostedZoneId: bareId(s.AliasTarget.HostedZoneId ?? ''),
      DNSName: s.AliasTarget.DNSName ?? '',
      EvaluateTargetHealth: s.AliasTarget.EvaluateTargetHealth === true,
    };
  }
  if (s.GeoLocation !== undefined) {
    const g = s.GeoLocation;
    set.GeoLocation = {
      ...(g.ContinentCode === undefined ? {} : { ContinentCode: g.ContinentCode }),
      ...(g.CountryCode === undefined ? {} : { CountryCode: g.CountryCode }),
      ...(g.SubdivisionCode === undefined ? {} : { SubdivisionCode: g.SubdivisionCode }),
    };
  }
  if (s.GeoProximityLocation !== undefined) {
    const g = s.GeoProximityLocation;
    set.GeoProximityLocation = {
      ...(g.AWSRegion === undefined ? {} : { AWSRegion: g.AWSRegion }),
      ...(g.LocalZoneGroup === undefined ? {} : { LocalZoneGroup: g.LocalZoneGroup }),
      ...(g.Bias === undefined ? {} : { Bias: g.Bias }),
      ...(g.Coordinates === undefined ? {} : { Coordinates: { Latitude: g.Coordinates.Latitude ?? '', Longitude: g.Coordinates.Longitude ?? '' } }),
    };
  }
  return set;
}

function toCallError(op: Route53Operation, error: unknown): Route53CallError {
  if (error instanceof Route53CallError) return error;
  if (!(error instanceof Error)) return new Route53CallError(op, 'Unknown', 'fatal', String(error));
  const meta = (error as { $metadata?: { httpStatusCode?: number } }).$metadata;
  const status = meta?.httpStatusCode;
  const sysCode = (error as { code?: unknown }).code;
  const code = typeof sysCode === 'string' && error.name === 'Error' ? sysCode : error.name;
  return new Route53CallError(op, code, classifyErrorCode(code, status), error.message, { cause: error });
}
