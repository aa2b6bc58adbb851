/**
 * Loads a chart directory and renders it with helm-template.ts: values.yaml merged with overrides
 * (maps merge, everything else replaces, as `helm --set`/`-f` do), the built-in objects Helm
 * passes (.Values, .Release, .Chart), then every template parsed as YAML documents.
 * @module
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments, parse } from 'yaml';
import { collectDefines, parseTemplate, renderNodes, type Scope } from './helm-template.ts';
import type { KubeObject } from './kube-objects.ts';

export interface Chart {
  readonly dir: string;
  readonly meta: { name: string; version: string; appVersion: string };
  readonly values: Record<string, unknown>;
  readonly templates: ReadonlyMap<string, ReturnType<typeof parseTemplate>>;
  readonly defines: ReadonlyMap<string, ReturnType<typeof parseTemplate>>;
}

export interface RenderOptions {
  readonly releaseName: string;
  readonly namespace: string;
  readonly values?: Record<string, unknown>;
}

function isMap(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function mergeValues(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const current = out[key];
    out[key] = isMap(current) && isMap(value) ? mergeValues(current, value) : value;
  }
  return out;
}

export function loadChart(dir: string): Chart {
  const meta = parse(readFileSync(join(dir, 'Chart.yaml'), 'utf8')) as Chart['meta'];
  const values = (parse(readFileSync(join(dir, 'values.yaml'), 'utf8')) ?? {}) as Record<string, unknown>;
  const templates = new Map<string, ReturnType<typeof parseTemplate>>();
  const defines = new Map<string, ReturnType<typeof parseTemplate>>();
  for (const file of readdirSync(join(dir, 'templates')).sort()) {
    if (!/\.(ya?ml|tpl)$/.test(file)) continue;
    const nodes = parseTemplate(readFileSync(join(dir, 'templates', file), 'utf8'), `templates/${file}`);
    collectDefines(nodes, defines);
    if (!file.startsWith('_')) templates.set(file, nodes);
  }
  return { dir, meta, values, templates, defines };
}

/** Renders every template to text, keyed by file name (Helm's `helm template` output, split). */
export function renderChartText(chart: Chart, options: RenderOptions): Map<string, string> {
  const root = {
    Values: mergeValues(chart.values, options.values ?? {}),
    Release: { Name: options.releaseName, Namespace: options.namespace, Service: 'Helm' },
    Chart: { Name: chart.meta.name, Version: chart.meta.version, AppVersion: chart.meta.appVersion },
  };
  const out = new Map<string, string>();
  for (const [file, nodes] of chart.templates) {
    const scope: Scope = { root, dot: root, defines: chart.defines, file: `templates/${file}` };
    out.set(file, renderNodes(nodes, scope));
  }
  return out;
}

/** Renders and parses: every non-empty YAML document of every template, in file order. */
export function renderChart(chart: Chart, options: RenderOptions): KubeObject[] {
  const objects: KubeObject[] = [];
  for (const [file, text] of renderChartText(chart, options)) {
    for (const doc of parseAllDocuments(text)) {
      if (doc.errors.length > 0) {
        throw new Error(`templates/${file} renders invalid YAML: ${doc.errors.map((e) => e.message).join('; ')}\n${text}`);
      }
      const value: unknown = doc.toJS();
      if (value === null || value === undefined) continue;
      if (!isMap(value)) throw new Error(`templates/${file} renders a document that is not a map`);
      objects.push(value as KubeObject);
    }
  }
  return objects;
}
