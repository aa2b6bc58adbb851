/**
 * The TXT registry (`--registry=txt`) and its ExternalDNS-compatible parts.
 * @module
 */
export { createTxtRegistry, type TxtRegistry, type TxtRegistryOptions } from './txt-registry.ts';
export { createNameMapper, TxtConfigError, RECORD_TYPE_TEMPLATE, type NameMapper, type NameMapperOptions, type MappedName } from './name-mapper.ts';
export { serializePlain, parsePlain, formatOwnershipValue, parseOwnershipValue, HERITAGE } from './labels-format.ts';
export { parseEncryptionKey, encryptText, decryptText } from './encryption.ts';
