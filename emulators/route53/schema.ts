/**
 * Schema-driven decoding of request bodies. Each accepted body has a fixed shape; anything outside
 * it (unknown or repeated elements, non-numeric integers, bad booleans) is refused the way Route53's
 * schema validation refuses it, so tests catch a client that sends what AWS would not accept.
 * @module
 */
import { NS, invalidInput, malformed } from './errors.ts';
import type { ApiError } from './errors.ts';
import { XmlSyntaxError, parseXml } from './xml.ts';
import type { XmlElement } from './xml.ts';

export type Field =
  | 'string'
  | 'int'
  | 'bool'
  | { readonly struct: Schema }
  | { readonly list: string; readonly of: Field; readonly max?: number };
export interface Schema {
  readonly [element: string]: Field;
}

export type Decoded = { [key: string]: DecodedValue };
export type DecodedValue = string | number | boolean | Decoded | DecodedValue[];

function decodeField(el: XmlElement, field: Field): DecodedValue {
  if (field === 'string') {
    if (el.children.length > 0) throw unexpected(el.children[0]?.name ?? '');
    return el.text;
  }
  if (field === 'int') {
    const t = el.text.trim();
    if (!/^[+-]?\d+$/.test(t) || !Number.isSafeInteger(Number(t))) {
      throw invalidInput(`Invalid XML ; cvc-datatype-valid.1.2.1: '${t}' is not a valid value for 'integer'.`);
    }
    return Number(t);
  }
  if (field === 'bool') {
    const t = el.text.trim();
    if (t !== 'true' && t !== 'false') {
      throw invalidInput(`Invalid XML ; cvc-datatype-valid.1.2.1: '${t}' is not a valid value for 'boolean'.`);
    }
    return t === 'true';
  }
  if ('struct' in field) return decodeStruct(el, field.struct);
  if (el.text.trim() !== '') throw invalidInput(`Invalid XML ; element '${el.name}' must hold only <${field.list}> elements.`);
  return el.children.map((child) => {
    if (child.name !== field.list) throw unexpected(child.name);
    return decodeField(child, field.of);
  });
}

function unexpected(name: string): ApiError {
  return invalidInput(`Invalid XML ; cvc-complex-type.2.4.a: Invalid content was found starting with element '${name}'.`);
}

/** Decodes the children of `el` by `schema`; absent members stay absent. */
export function decodeStruct(el: XmlElement, schema: Schema): Decoded {
  if (el.text.trim() !== '') throw invalidInput(`Invalid XML ; element '${el.name}' must not hold text.`);
  const out: Decoded = {};
  for (const child of el.children) {
    const field = Object.hasOwn(schema, child.name) ? schema[child.name] : undefined;
    if (field === undefined || Object.hasOwn(out, child.name)) throw unexpected(child.name);
    out[child.name] = decodeField(child, field);
  }
  return out;
}

/**
 * Parses and decodes a request body whose root must be `root` in the Route53 namespace.
 * Syntax errors and a wrong root are MalformedInput; shape errors are InvalidInput.
 */
export function decodeBody(body: string, root: string, schema: Schema, label = root): Decoded {
  let doc: XmlElement;
  try {
    doc = parseXml(body);
  } catch (error) {
    if (error instanceof XmlSyntaxError) throw malformed(`${label} is not valid, expected ${root}: ${error.message}`);
    throw error;
  }
  if (doc.name !== root) throw malformed(`${label} is not valid, expected ${root}`);
  const xmlns = doc.attrs.get('xmlns');
  if (xmlns !== NS) throw malformed(`${label} is not valid, expected ${root} in namespace ${NS} (found ${xmlns ?? 'none'})`);
  return decodeStruct(doc, schema);
}

// Shapes of the request bodies the emulator accepts (member names as in the Route53 API).
export const RESOURCE_RECORD_SET: Schema = {
  Name: 'string',
  Type: 'string',
  SetIdentifier: 'string',
  Weight: 'int',
  Region: 'string',
  GeoLocation: { struct: { ContinentCode: 'string', CountryCode: 'string', SubdivisionCode: 'string' } },
  Failover: 'string',
  MultiValueAnswer: 'bool',
  TTL: 'int',
  ResourceRecords: { list: 'ResourceRecord', of: { struct: { Value: 'string' } } },
  AliasTarget: { struct: { HostedZoneId: 'string', DNSName: 'string', EvaluateTargetHealth: 'bool' } },
  HealthCheckId: 'string',
  TrafficPolicyInstanceId: 'string',
  CidrRoutingConfig: { struct: { CollectionId: 'string', LocationName: 'string' } },
  GeoProximityLocation: {
    struct: {
      AWSRegion: 'string',
      LocalZoneGroup: 'string',
      Coordinates: { struct: { Latitude: 'string', Longitude: 'string' } },
      Bias: 'int',
    },
  },
};

export const CHANGE_BATCH: Schema = {
  ChangeBatch: {
    struct: {
      Comment: 'string',
      Changes: { list: 'Change', of: { struct: { Action: 'string', ResourceRecordSet: { struct: RESOURCE_RECORD_SET } } } },
    },
  },
};

export const CREATE_HOSTED_ZONE: Schema = {
  Name: 'string',
  VPC: { struct: { VPCRegion: 'string', VPCId: 'string' } },
  CallerReference: 'string',
  HostedZoneConfig: { struct: { Comment: 'string', PrivateZone: 'bool' } },
  DelegationSetId: 'string',
};

export const HEALTH_CHECK_CONFIG: Schema = {
  IPAddress: 'string',
  Port: 'int',
  Type: 'string',
  ResourcePath: 'string',
  FullyQualifiedDomainName: 'string',
  SearchString: 'string',
  RequestInterval: 'int',
  FailureThreshold: 'int',
  MeasureLatency: 'bool',
  Inverted: 'bool',
  Disabled: 'bool',
  HealthThreshold: 'int',
  ChildHealthChecks: { list: 'ChildHealthCheck', of: 'string' },
  EnableSNI: 'bool',
  Regions: { list: 'Region', of: 'string' },
  AlarmIdentifier: { struct: { Region: 'string', Name: 'string' } },
  InsufficientDataHealthStatus: 'string',
  RoutingControlArn: 'string',
};

export const CREATE_HEALTH_CHECK: Schema = {
  CallerReference: 'string',
  HealthCheckConfig: { struct: HEALTH_CHECK_CONFIG },
};

export const LIST_TAGS_FOR_RESOURCES: Schema = { ResourceIds: { list: 'ResourceId', of: 'string' } };

export const CHANGE_TAGS: Schema = {
  AddTags: { list: 'Tag', of: { struct: { Key: 'string', Value: 'string' } } },
  RemoveTagKeys: { list: 'Key', of: 'string' },
};
