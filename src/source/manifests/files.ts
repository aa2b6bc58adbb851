/**
 * Which files a list of manifest paths means: named files as given, directories recursively
 * (`.yaml`, `.yml`, `.json`). Dot-entries are skipped (editor swap files, and the `..data`
 * indirection of ConfigMap volumes, whose files are reached through their visible symlinks).
 * @module
 */
import { readdir, realpath, stat } from 'node:fs/promises';
import { extname, join, resolve } from 'node:path';

export const MANIFEST_EXTENSIONS = ['.yaml', '.yml', '.json'];

export function isManifestFile(name: string): boolean {
  return MANIFEST_EXTENSIONS.includes(extname(name).toLowerCase()) && !name.startsWith('.');
}

/** The manifest files under `paths`, sorted. Rejects when a configured path does not exist. */
export async function listManifestFiles(paths: readonly string[]): Promise<string[]> {
  const files = new Set<string>();
  const visited = new Set<string>();
  for (const p of paths) {
    const abs = resolve(p);
    let info;
    try {
      info = await stat(abs);
    } catch (err) {
      throw new Error(`manifest path ${p} cannot be read (${(err as NodeJS.ErrnoException).code ?? String(err)}); fix --manifest`, { cause: err });
    }
    if (info.isDirectory()) await walk(abs, files, visited);
    else files.add(abs);
  }
  return [...files].sort();
}

async function walk(dir: string, files: Set<string>, visited: Set<string>): Promise<void> {
  const real = await realpath(dir);
  if (visited.has(real)) return; // a symlink loop
  visited.add(real);
  const entries = await readdir(dir, { withFileTypes: true });
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
    if (entry.name.startsWith('.')) continue;
    const full = join(dir, entry.name);
    let isDir = entry.isDirectory();
    let isFile = entry.isFile();
    if (entry.isSymbolicLink()) {
      const target = await stat(full).catch(() => undefined);
      isDir = target?.isDirectory() ?? false;
      isFile = target?.isFile() ?? false;
    }
    if (isDir) await walk(full, files, visited);
    else if (isFile && isManifestFile(entry.name)) files.add(full);
  }
}
