import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { parseFqdnTemplate, type TemplateData } from './fqdn-template.ts';

const DATA: TemplateData = {
  name: 'Web-App',
  namespace: 'prod',
  kind: 'Service',
  apiVersion: 'v1',
  labels: { team: 'Pay', 'app.kubernetes.io/name': 'shop' },
  annotations: { zone: 'example.com' },
};

function run(text: string): readonly string[] {
  const t = parseFqdnTemplate(text);
  assert.ok(t.ok, t.ok ? '' : t.error);
  const out = t.template.execute(DATA);
  assert.ok(out.ok, out.ok ? '' : out.error);
  return out.names;
}

void describe('fqdn templates', () => {
  const CASES: [string, string, readonly string[]][] = [
    ['fields', '{{.Name}}.{{.Namespace}}.example.com', ['Web-App.prod.example.com']],
    ['kind and labels by field', '{{.Kind}}.{{.Labels.team}}.example.com', ['Service.Pay.example.com']],
    ['index with a key that is not an identifier', '{{index .Labels "app.kubernetes.io/name"}}.example.com', ['shop.example.com']],
    ['annotations', 'www.{{.Annotations.zone}}', ['www.example.com']],
    ['toLower pipeline', '{{.Name | toLower}}.example.com', ['web-app.example.com']],
    ['replace pipeline (piped value is the target)', '{{.Name | toLower | replace "-" "."}}.example.com', ['web.app.example.com']],
    ['trimPrefix as a call (Go argument order: s, prefix)', '{{trimPrefix .Name "Web-"}}.example.com', ['App.example.com']],
    ['trimSuffix as a call', '{{trimSuffix .Name "-App"}}.example.com', ['Web.example.com']],
    ['trimPrefix in a pipeline passes the piped value last, as Go does', '{{.Name | trimPrefix "x"}}.example.com', ['x.example.com']],
    ['trim', '{{trim "  a "}}.example.com', ['a.example.com']],
    ['comma list: trimmed, trailing dots removed, de-duplicated, sorted', 'b.example.com., a.example.com , b.example.com', ['a.example.com', 'b.example.com']],
    ['whitespace trimming markers', 'a.example.com,\n  {{- .Namespace -}}  \n.example.com', ['a.example.com', 'prod.example.com']],
    ['index of a missing label as empty, as Go does', '{{index .Labels "nope"}}x.example.com', ['x.example.com']],
  ];
  for (const [what, text, expected] of CASES) {
    void it(`renders ${what}`, () => {
      assert.deepEqual(run(text), expected);
    });
  }

  void it('fails for an object without a label read as a field, naming the label', () => {
    const t = parseFqdnTemplate('{{.Labels.nope}}.example.com');
    assert.ok(t.ok);
    const out = t.template.execute(DATA);
    assert.equal(out.ok, false);
    if (!out.ok) assert.match(out.error, /label "nope"/);
  });

  const UNSUPPORTED: [string, string, RegExp][] = [
    ['if blocks', '{{if .Name}}x{{end}}', /"if"/],
    ['unknown functions', '{{.Name | upper}}', /"upper"/],
    ['spec fields', '{{.Spec.type}}.example.com', /"\.Spec\.type"/],
    ['variables', '{{$x := .Name}}', /\$x/],
    ['unclosed actions', '{{.Name', /unclosed/],
    ['wrong argument counts', '{{replace "a" .Name}}', /replace/],
    ['a bare map', '{{.Labels}}', /map/],
    ['Go-only string escapes', '{{replace "\\x41" "b" .Name}}', /escape/],
    ['comments', '{{/* note */}}a.example.com', /unsupported/],
  ];
  for (const [what, text, pattern] of UNSUPPORTED) {
    void it(`refuses ${what} with an error naming the template and the construct`, () => {
      const t = parseFqdnTemplate(text);
      assert.equal(t.ok, false);
      if (t.ok) return;
      assert.ok(t.error.includes(text), t.error);
      assert.match(t.error, pattern);
    });
  }

  void it('never throws while parsing or executing arbitrary text', () => {
    const pieces = fc.constantFrom('{{', '}}', '{{-', ' -}}', '|', '"', '`', '.Name', '.Labels.team', 'index', 'toLower', 'replace', ' ', 'a', ',', '\\', '(', '$');
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 12 }), fc.string(), (parts, extra) => {
        for (const text of [parts.join(''), extra]) {
          const t = parseFqdnTemplate(text);
          if (t.ok) t.template.execute(DATA);
        }
      }),
      { numRuns: 500 },
    );
  });
});
