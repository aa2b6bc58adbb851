/**
 * Manifest text → Kubernetes objects: multi-document YAML (JSON is YAML too), with `kind: List`
 * and `*List` items flattened. Pure: no file system access.
 * @module
 */
import { parseAllDocuments } from 'yaml';
import type { Problem } from '../../endpoint/index.ts';
import { asString, at, isRecord } from '../translate/kube.ts';

/** An object found in a manifest, with where it was found (for problems). */
export type ManifestObject = Readonly<{ object: Readonly<Record<string, unknown>>; where: string }>;

export type ParsedManifest =
  | Readonly<{ ok: true; objects: readonly ManifestObject[]; problems: readonly Problem[] }>
  | Readonly<{ ok: false; line: number; message: string }>;

/** Parses the content of the file at `path` (the path only names things in problems). */
export function parseManifest(text: string, path: string): ParsedManifest {
  let docs;
  try {
    docs = parseAllDocuments(text, { prettyErrors: true, uniqueKeys: false });
  } catch (err) {
    return { ok: false, line: 1, message: err instanceof Error ? err.message : String(err) };
  }
  const list = Array.isArray(docs) ? docs : [];
  const objects: ManifestObject[] = [];
  const problems: Problem[] = [];
  for (const [index, doc] of list.entries()) {
    const error = doc.errors[0];
    if (error !== undefined) {
      return { ok: false, line: error.linePos?.[0].line ?? 1, message: error.message.split('\n')[0] ?? error.message };
    }
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: 1000 });
    } catch (err) {
      const line = doc.contents?.range[0] === undefined ? 1 : lineOf(text, doc.contents.range[0]);
      return { ok: false, line, message: err instanceof Error ? err.message : String(err) };
    }
    if (value === null || value === undefined) continue;
    collect(value, `${path} document ${index}`, objects, problems, path);
  }
  return { ok: true, objects, problems };
}

function collect(value: unknown, where: string, objects: ManifestObject[], problems: Problem[], path: string): void {
  const kind = asString(at(value, 'kind'));
  if (isRecord(value) && kind !== undefined && kind.endsWith('List') && Array.isArray(value.items)) {
    (value.items as unknown[]).forEach((item, i) => {
      collect(item, `${where} item ${i}`, objects, problems, path);
    });
    return;
  }
  const name = asString(at(value, 'metadata', 'name'));
  if (!isRecord(value) || kind === undefined || kind === '' || name === undefined || name === '') {
    const field = !isRecord(value) ? '' : kind === undefined || kind === '' ? 'kind' : 'metadata.name';
    problems.push({
      object: path,
      field: field === '' ? where : `${where}: ${field}`,
      value: JSON.stringify(value)?.slice(0, 80) ?? '',
      message:
        field === ''
          ? `${where} is not a Kubernetes object; it is ignored`
          : `${where} has no ${field}; every object needs kind and metadata.name, so it is ignored`,
      severity: 'error',
    });
    return;
  }
  objects.push({ object: value, where });
}

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}
