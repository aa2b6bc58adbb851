import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createManifestsSource } from './manifests-source.ts';

const H = 'external-dns.kubernetes.io/hostname';

function serviceYaml(name: string, host: string, ip: string): string {
  return [
    'apiVersion: v1',
    'kind: Service',
    'metadata:',
    `  name: ${name}`,
    '  namespace: web',
    '  annotations:',
    `    ${H}: ${host}`,
    'spec:',
    '  type: LoadBalancer',
    'status:',
    '  loadBalancer:',
    '    ingress:',
    `    - ip: ${ip}`,
    '',
  ].join('\n');
}

function dnsEndpointJson(name: string, host: string, ip: string): string {
  return JSON.stringify({
    apiVersion: 'externaldns.k8s.io/v1alpha1',
    kind: 'DNSEndpoint',
    metadata: { name, namespace: 'dns' },
    spec: { endpoints: [{ dnsName: host, recordType: 'A', targets: [ip] }] },
  });
}

let root: string;
before(async () => {
  root = await mkdtemp(join(tmpdir(), 'zk-manifests-'));
});
after(async () => {
  await rm(root, { recursive: true, force: true });
});

async function fresh(name: string): Promise<string> {
  const dir = join(root, name);
  await mkdir(dir, { recursive: true });
  return dir;
}

const names = (r: { endpoints: readonly { dnsName: string }[] }): string[] => r.endpoints.map((e) => e.dnsName);

void describe('manifests source', () => {
  void it('reads every document of a multi-document YAML file', async () => {
    const dir = await fresh('multi');
    await writeFile(join(dir, 'all.yaml'), `${serviceYaml('a', 'a.example.com', '192.0.2.1')}---\n---\n${serviceYaml('b', 'b.example.com', '192.0.2.2')}`);
    const r = await createManifestsSource({ paths: [join(dir, 'all.yaml')] }).endpoints();
    assert.deepEqual(names(r), ['a.example.com', 'b.example.com']);
    assert.equal(r.endpoints[0]?.labels.resource, 'service/web/a');
  });

  void it('flattens kind: List and *List items', async () => {
    const dir = await fresh('list');
    const list = { apiVersion: 'v1', kind: 'List', items: [JSON.parse(dnsEndpointJson('x', 'x.example.com', '192.0.2.3')) as unknown] };
    const svcList = { apiVersion: 'v1', kind: 'ServiceList', items: [JSON.parse(dnsEndpointJson('y', 'y.example.com', '192.0.2.4')) as unknown] };
    await writeFile(join(dir, 'list.json'), JSON.stringify(list));
    await writeFile(join(dir, 'svc.yaml'), JSON.stringify(svcList));
    const r = await createManifestsSource({ paths: [dir] }).endpoints();
    assert.deepEqual(names(r), ['x.example.com', 'y.example.com']);
  });

  void it('walks directories recursively, reading .yaml, .yml and .json and skipping other files', async () => {
    const dir = await fresh('tree');
    await mkdir(join(dir, 'a', 'b'), { recursive: true });
    await writeFile(join(dir, 'one.yml'), serviceYaml('one', 'one.example.com', '192.0.2.1'));
    await writeFile(join(dir, 'a', 'two.json'), dnsEndpointJson('two', 'two.example.com', '192.0.2.2'));
    await writeFile(join(dir, 'a', 'b', 'three.yaml'), serviceYaml('three', 'three.example.com', '192.0.2.3'));
    await writeFile(join(dir, 'a', 'notes.txt'), serviceYaml('no', 'no.example.com', '192.0.2.4'));
    await writeFile(join(dir, 'a', '.hidden.yaml'), serviceYaml('no2', 'no2.example.com', '192.0.2.5'));
    const r = await createManifestsSource({ paths: [dir] }).endpoints();
    assert.deepEqual(names(r), ['one.example.com', 'three.example.com', 'two.example.com']);
  });

  void it('reports an object without kind or metadata.name, naming the file and document index', async () => {
    const dir = await fresh('nameless');
    const file = join(dir, 'x.yaml');
    await writeFile(file, `${serviceYaml('ok', 'ok.example.com', '192.0.2.1')}---\napiVersion: v1\nkind: Service\nmetadata: {}\n---\nfoo: bar\n`);
    const r = await createManifestsSource({ paths: [file] }).endpoints();
    assert.deepEqual(names(r), ['ok.example.com']);
    assert.deepEqual(r.problems.map((p) => [p.object, p.field]), [
      [file, `${file} document 1: metadata.name`],
      [file, `${file} document 2: kind`],
    ]);
  });

  void it('keeps the last good content of a file that stops parsing, with a problem naming file and line', async () => {
    const dir = await fresh('broken');
    const file = join(dir, 'svc.yaml');
    await writeFile(file, serviceYaml('a', 'a.example.com', '192.0.2.1'));
    const source = createManifestsSource({ paths: [dir] });
    assert.deepEqual(names(await source.endpoints()), ['a.example.com']);
    await writeFile(file, 'apiVersion: v1\nkind: Service\nmetadata:\n  name: [unclosed\n');
    const r = await source.endpoints();
    assert.deepEqual(names(r), ['a.example.com']);
    assert.equal(r.problems.length, 1);
    assert.equal(r.problems[0]?.object, file);
    assert.match(r.problems[0]?.field ?? '', /^line \d+$/);
    await writeFile(file, serviceYaml('a', 'fixed.example.com', '192.0.2.1'));
    const fixed = await source.endpoints();
    assert.deepEqual([names(fixed), fixed.problems], [['fixed.example.com'], []]);
  });

  void it('rejects, naming the file, when a file never parsed', async () => {
    const dir = await fresh('never');
    await writeFile(join(dir, 'good.yaml'), serviceYaml('a', 'a.example.com', '192.0.2.1'));
    await writeFile(join(dir, 'bad.yaml'), 'kind: Service\n  metadata: : :\n\t- x');
    await assert.rejects(createManifestsSource({ paths: [dir] }).endpoints(), /bad\.yaml.*line \d+/);
  });

  void it('rejects when a configured path does not exist', async () => {
    await assert.rejects(createManifestsSource({ paths: [join(root, 'missing')] }).endpoints(), /missing/);
  });

  void it('forgets a file once it is deleted', async () => {
    const dir = await fresh('deleted');
    await writeFile(join(dir, 'a.yaml'), serviceYaml('a', 'a.example.com', '192.0.2.1'));
    await writeFile(join(dir, 'b.yaml'), serviceYaml('b', 'b.example.com', '192.0.2.2'));
    const source = createManifestsSource({ paths: [dir] });
    assert.equal((await source.endpoints()).endpoints.length, 2);
    await rm(join(dir, 'b.yaml'));
    assert.deepEqual(names(await source.endpoints()), ['a.example.com']);
  });

  void it('passes translate options through', async () => {
    const dir = await fresh('options');
    await writeFile(join(dir, 'a.yaml'), serviceYaml('a', 'a.example.com', '192.0.2.1'));
    const { DEFAULT_TRANSLATE_OPTIONS } = await import('../translate/options.ts');
    const r = await createManifestsSource({ paths: [dir], translateOptions: { ...DEFAULT_TRANSLATE_OPTIONS, serviceTypeFilter: ['NodePort'] } }).endpoints();
    assert.deepEqual(r.endpoints, []);
  });
});

/** Resolves with the elapsed ms when `listener` is called, or rejects after `limitMs`. */
function changeWithin(subscribe: (l: () => void) => () => void, limitMs: number): Promise<number> {
  const start = Date.now();
  return new Promise((resolveChange, reject) => {
    const timeout = setTimeout(() => {
      unsubscribe();
      reject(new Error(`no change event within ${limitMs} ms`));
    }, limitMs);
    const unsubscribe = subscribe(() => {
      clearTimeout(timeout);
      unsubscribe();
      resolveChange(Date.now() - start);
    });
  });
}

const settle = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

void describe('manifests source watching', () => {
  void it('calls onChange within 1 s of a file edit, once for a burst', async () => {
    const dir = await fresh('watch-edit');
    const file = join(dir, 'a.yaml');
    await writeFile(file, serviceYaml('a', 'a.example.com', '192.0.2.1'));
    // A wider quiet window than the 100 ms default keeps the burst assertion stable on a loaded machine.
    const source = createManifestsSource({ paths: [dir], debounceMs: 200 });
    let calls = 0;
    const stop = source.onChange(() => calls++);
    await settle(50);
    const seen = changeWithin((l) => source.onChange(l), 1000);
    for (let i = 0; i < 5; i++) await writeFile(file, serviceYaml('a', `a${i}.example.com`, '192.0.2.1'));
    await seen;
    await settle(400);
    assert.equal(calls, 1, 'a burst of writes is coalesced into one call');
    assert.deepEqual(names(await source.endpoints()), ['a4.example.com']);
    stop();
    source.close();
  });

  void it('sees a watched file replaced by rename, as editors save', async () => {
    const dir = await fresh('watch-rename');
    const file = join(dir, 'a.yaml');
    await writeFile(file, serviceYaml('a', 'a.example.com', '192.0.2.1'));
    const source = createManifestsSource({ paths: [file] });
    source.onChange(() => undefined);
    await settle(50);
    for (const host of ['b.example.com', 'c.example.com']) {
      const seen = changeWithin((l) => source.onChange(l), 1000);
      await writeFile(join(dir, '.a.yaml.tmp'), serviceYaml('a', host, '192.0.2.1'));
      await rename(join(dir, '.a.yaml.tmp'), file);
      await seen;
      assert.deepEqual(names(await source.endpoints()), [host]);
    }
    source.close();
  });

  void it('picks up a new file in a new subdirectory of a watched directory', async () => {
    const dir = await fresh('watch-new');
    const source = createManifestsSource({ paths: [dir] });
    source.onChange(() => undefined);
    await settle(50);
    const seen = changeWithin((l) => source.onChange(l), 1000);
    await mkdir(join(dir, 'sub'));
    await writeFile(join(dir, 'sub', 'n.yaml'), serviceYaml('n', 'n.example.com', '192.0.2.9'));
    await seen;
    assert.deepEqual(names(await source.endpoints()), ['n.example.com']);
    source.close();
  });

  void it('stops calling listeners after close()', async () => {
    const dir = await fresh('watch-close');
    const file = join(dir, 'a.yaml');
    await writeFile(file, serviceYaml('a', 'a.example.com', '192.0.2.1'));
    const source = createManifestsSource({ paths: [dir] });
    let calls = 0;
    source.onChange(() => calls++);
    await settle(50);
    source.close();
    await writeFile(file, serviceYaml('a', 'b.example.com', '192.0.2.1'));
    await settle(300);
    assert.equal(calls, 0);
  });
});
