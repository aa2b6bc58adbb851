/**
 * The zone directory: one `<zone>.zone` file per zone. Loading creates missing files for declared
 * zones (SOA + NS) and parses the rest; a malformed file stops start-up with its name and line and
 * is never overwritten. Writing is atomic and durable: temp file in the same directory, fsync,
 * rename over the zone file, fsync the directory.
 * @module
 */
import { mkdir, open, readdir, readFile, rename, unlink } from 'node:fs/promises';
import path from 'node:path';
import { normalizeName } from '../../endpoint/index.ts';
import { emptyZone, parseZoneFile, writeZoneFile, type ZoneFile } from './zone-file.ts';

const SUFFIX = '.zone';
/** Temp files are hidden and carry this marker, so a crash leftover is recognised and removed at start-up. */
const TEMP_MARKER = '.zone.tmp-';

export function zonePath(dir: string, zone: string): string {
  return path.join(dir, `${zone}${SUFFIX}`);
}

/** Reads every zone of `dir`, plus the declared ones (created when missing). Sorted by zone name. */
export async function loadZoneDir(dir: string, declared: readonly string[]): Promise<Map<string, ZoneFile>> {
  await mkdir(dir, { recursive: true });
  const names = await readdir(dir);
  for (const name of names) {
    if (name.startsWith('.') && name.includes(TEMP_MARKER)) await unlink(path.join(dir, name)).catch(() => undefined);
  }
  const zones = new Set(declared);
  for (const name of names) {
    if (!name.endsWith(SUFFIX) || name.startsWith('.')) continue;
    const raw = name.slice(0, -SUFFIX.length);
    const zone = normalizeName(raw);
    if (!zone.ok || zone.name !== raw) {
      const why = zone.ok ? `rename it to ${zone.name}${SUFFIX}` : zone.reason;
      throw new Error(`zone file ${path.join(dir, name)}: "${raw}" is not a canonical zone name (${why})`);
    }
    zones.add(zone.name);
  }
  const out = new Map<string, ZoneFile>();
  for (const zone of [...zones].sort()) {
    const file = zonePath(dir, zone);
    const text = await readFile(file, 'utf8').catch((error: unknown) => {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw new Error(`zone file ${file} cannot be read: ${(error as Error).message}`, { cause: error });
    });
    if (text === undefined) {
      const fresh = emptyZone(zone);
      await writeZoneAtomically(dir, fresh);
      out.set(zone, fresh);
    } else {
      out.set(zone, parseZoneFile(text, zone, file));
    }
  }
  return out;
}

let tempCounter = 0;

/** Replaces the zone's file with `zone`, atomically and durably. */
export async function writeZoneAtomically(dir: string, zone: ZoneFile): Promise<void> {
  const target = zonePath(dir, zone.origin);
  const temp = path.join(dir, `.${zone.origin}${TEMP_MARKER}${process.pid}-${++tempCounter}`);
  try {
    const handle = await open(temp, 'wx', 0o644);
    try {
      await handle.writeFile(writeZoneFile(zone), 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, target);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw new Error(`zone file ${target} could not be written: ${(error as Error).message}`, { cause: error });
  }
  const directory = await open(dir, 'r');
  try {
    await directory.sync();
  } finally {
    await directory.close();
  }
}

/** RFC 1982 serial arithmetic, skipping 0 (some tools read 0 as "unset"). */
export function nextSerial(serial: number): number {
  return serial >= 0xffffffff ? 1 : serial + 1;
}
