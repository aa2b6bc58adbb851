export { createLocalProvider, type LocalProvider, type LocalProviderOptions } from './local.ts';
export { DEFAULT_DNS_LISTEN, type DnsListen, type Logger } from './dns-server.ts';
export { parseZoneFile, writeZoneFile, emptyZone, ZoneFileError, type ZoneFile, type Soa } from './zone-file.ts';
