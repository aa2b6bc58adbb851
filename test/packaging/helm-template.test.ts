// The chart's template subset renders as Helm would, and anything outside it is refused.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { collectDefines, FailError, parseTemplate, renderNodes, TemplateError } from './helm-template.ts';

function render(source: string, values: Record<string, unknown> = {}, helpers = ''): string {
  const defines = new Map<string, ReturnType<typeof parseTemplate>>();
  collectDefines(parseTemplate(helpers, '_helpers.tpl'), defines);
  const root = { Values: values, Release: { Name: 'zonekeeper', Namespace: 'dns', Service: 'Helm' }, Chart: { Name: 'zonekeeper' } };
  return renderNodes(parseTemplate(source, 't.yaml'), { root, dot: root, defines, file: 't.yaml' });
}

describe('chart template subset', () => {
  it('prints values and the release namespace', () => {
    assert.equal(render('ns: {{ .Release.Namespace }}, n: {{ .Values.n }}, b: {{ .Values.b }}', { n: 2, b: false }), 'ns: dns, n: 2, b: false');
  });

  it('trims whitespace on the side of {{- and -}}', () => {
    assert.equal(render('a:\n  {{- if true }}\n  x: 1\n  {{- end }}\nb'), 'a:\n  x: 1\nb');
    assert.equal(render('a {{- " " -}} b'), 'a b');
    assert.equal(render('a {{/* a comment */}}b'), 'a b');
  });

  it('takes if, else and Helm truthiness (empty string, list and map are false)', () => {
    const t = '{{ if .Values.x }}yes{{ else }}no{{ end }}';
    for (const falsy of ['', 0, false, [], {}, null]) assert.equal(render(t, { x: falsy }), 'no', JSON.stringify(falsy));
    for (const truthy of ['a', 1, true, ['a'], { a: 1 }]) assert.equal(render(t, { x: truthy }), 'yes', JSON.stringify(truthy));
    assert.equal(render(t), 'no', 'a missing value is false');
  });

  it('rebinds dot in range and keeps $ as the root', () => {
    assert.equal(render('{{- range .Values.l }}\n- {{ . }}/{{ $.Release.Name }}{{- end }}', { l: ['a', 'b'] }), '\n- a/zonekeeper\n- b/zonekeeper');
    assert.equal(render('[{{ range .Values.missing }}x{{ end }}]'), '[]');
  });

  it('indents toYaml output with nindent and sorts keys as sigs.k8s.io/yaml does', () => {
    assert.equal(render('m:\n  {{- toYaml .Values.m | nindent 2 }}', { m: { b: 1, a: ['x'] } }), 'm:\n  a:\n  - x\n  b: 1');
  });

  it('quotes so that YAML-special characters survive', () => {
    assert.equal(render('{{ .Values.s | quote }}', { s: 'a: "b" # c' }), '"a: \\"b\\" # c"');
    assert.equal(render('{{ printf "--x=%s" .Values.s | quote }}', { s: 'v' }), '"--x=v"');
  });

  it('takes default, not, and, or, eq, gt and int', () => {
    assert.equal(render('{{ default "d" .Values.x }}|{{ .Values.y | default "d" }}', { x: '', y: 'y' }), 'd|y');
    assert.equal(render('{{ and .Values.a .Values.b }}|{{ or .Values.a .Values.b }}|{{ not .Values.a }}', { a: true, b: false }), 'false|true|false');
    assert.equal(render('{{ if and (gt (int .Values.r) 1) (eq .Values.p "sync") }}y{{ end }}', { r: 2, p: 'sync' }), 'y');
    assert.equal(render('{{ if gt (int .Values.r) 1 }}y{{ else }}n{{ end }}', { r: 1 }), 'n');
  });

  it('includes a define with the data it is given', () => {
    const helpers = '{{- define "zonekeeper.fullname" -}}\n{{ .Release.Name }}\n{{- end }}';
    assert.equal(render('name: {{ include "zonekeeper.fullname" . }}', {}, helpers), 'name: zonekeeper');
    assert.equal(render('{{ include "zonekeeper.fullname" . | quote }}', {}, helpers), '"zonekeeper"');
  });

  it('stops at fail with its message', () => {
    assert.throws(() => render('{{ if .Values.bad }}{{ fail "bad is set" }}{{ end }}', { bad: true }), (e) => e instanceof FailError && e.message === 'bad is set');
  });

  it('refuses to print a value that is not set, and a map without toYaml', () => {
    assert.throws(() => render('x: {{ .Values.nope }}'), /\.Values\.nope \}\} has no value/);
    assert.throws(() => render('x: {{ .Values.m }}', { m: { a: 1 } }), /print it with toYaml/);
    assert.throws(() => render('x: {{ .Values.a.b }}'), /\.Values\.a is not set/);
  });

  it('refuses what is outside the subset rather than guessing', () => {
    assert.throws(() => render('{{ with .Values.x }}{{ end }}'), TemplateError);
    assert.throws(() => render('{{ .Values.x | upper }}', { x: 'a' }), /function "upper" is outside/);
    assert.throws(() => render('{{ tpl .Values.x . }}', { x: 'a' }), /outside/);
    assert.throws(() => render('{{ if true }}unclosed'), /never closed/);
    assert.throws(() => render('{{ end }}'), /outside the chart's template subset \(or misplaced\)/);
  });
});
