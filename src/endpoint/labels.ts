/**
 * Endpoint labels and provider-specific property names, spelled as ExternalDNS spells them
 * (they travel in TXT ownership values and in the DNSEndpoint/webhook wire format).
 * @module
 */

/** Label keys. */
export const LABEL = {
  owner: 'owner',
  resource: 'resource',
  ownedRecord: 'ownedRecord',
  /** Internal: nonce of a decrypted TXT value, so it can be re-encrypted byte for byte. */
  encryptionNonce: 'txt-encryption-nonce',
} as const;

/** Provider-specific property names. `aws/*` are the Route53 routing fields. */
export const PROP = {
  alias: 'alias',
  evaluateTargetHealth: 'aws/evaluate-target-health',
  weight: 'aws/weight',
  region: 'aws/region',
  failover: 'aws/failover',
  geoContinent: 'aws/geolocation-continent-code',
  geoCountry: 'aws/geolocation-country-code',
  geoSubdivision: 'aws/geolocation-subdivision-code',
  geoproximityRegion: 'aws/geoproximity-region',
  geoproximityLocalZoneGroup: 'aws/geoproximity-local-zone-group',
  geoproximityCoordinates: 'aws/geoproximity-coordinates',
  geoproximityBias: 'aws/geoproximity-bias',
  multiValueAnswer: 'aws/multi-value-answer',
  healthCheckId: 'aws/health-check-id',
  targetHostedZone: 'aws/target-hosted-zone',
  hostedZoneId: 'aws/hosted-zone-id',
  /** Set by the TXT registry to force an update that (re)writes a missing typed ownership record. */
  txtForceUpdate: 'txt/force-update',
} as const;
