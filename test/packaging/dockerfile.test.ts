// The image, checked without Docker: multi-stage on Node 24, non-root, exec-form entry point, and
// everything `node src/cli/main.ts` loads at run time actually copied into it.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { execForm, importClosure, parseDockerfile, type Stage } from './dockerfile.ts';

const ROOT = join(import.meta.dirname, '../..');
const stages = parseDockerfile(readFileSync(join(ROOT, 'Dockerfile'), 'utf8'));
const runtime = stages.at(-1)!;
const all = (stage: Stage, keyword: string): string[] => stage.instructions.filter((i) => i.keyword === keyword).map((i) => i.args);

describe('Dockerfile', () => {
  it('builds in stages on Node 24 images', () => {
    assert.ok(stages.length >= 2, 'multi-stage');
    for (const stage of stages) assert.match(stage.from, /^(node:24(\.\d+)*-slim|gcr\.io\/distroless\/nodejs24-\w+(:\w+)?)(@sha256:[0-9a-f]{64})?$/);
  });

  it('installs production dependencies with npm ci --omit=dev in a build stage, not in the runtime', () => {
    const build = stages.slice(0, -1).flatMap((s) => all(s, 'RUN'));
    assert.ok(build.some((r) => /\bnpm ci\b.*--omit=dev/.test(r)), build.join(' | '));
    assert.deepEqual(all(runtime, 'RUN'), [], 'the runtime stage runs nothing');
    const fromBuild = all(runtime, 'COPY').filter((c) => c.startsWith('--from='));
    assert.deepEqual(fromBuild, [`--from=${String(stages[0]?.name)} /app/node_modules ./node_modules`]);
  });

  it('runs as uid 65532, exposes 7979 and starts `node /app/src/cli/main.ts run`', () => {
    assert.deepEqual(all(runtime, 'USER'), ['65532:65532']);
    assert.deepEqual(all(runtime, 'EXPOSE'), ['7979']);
    assert.deepEqual(execForm(all(runtime, 'ENTRYPOINT').join('')), ['node', '--max-semi-space-size=8', '--optimize-for-size', '/app/src/cli/main.ts']);
    assert.deepEqual(execForm(all(runtime, 'CMD').join('')), ['run']);
    assert.deepEqual(all(runtime, 'WORKDIR'), ['/app']);
    assert.deepEqual(
      stages.flatMap((s) => s.instructions).filter((i) => i.keyword === 'ADD' || i.keyword === 'VOLUME'),
      [],
      'no ADD (remote fetches), no VOLUME (writes outside /tmp)',
    );
  });

  it('copies into the image every file and package the CLI loads at run time', () => {
    const copied = all(runtime, 'COPY').filter((c) => !c.startsWith('--from=')).map((c) => c.split(/\s+/)[0]);
    assert.deepEqual(copied, ['package.json', 'src']);
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { type: string; dependencies: Record<string, string> };
    assert.equal(pkg.type, 'module', 'src/**/*.ts load as ES modules only with "type": "module"');
    const closure = importClosure(ROOT, 'src/cli/main.ts');
    assert.deepEqual(closure.files.filter((f) => !f.startsWith('src/') || f.endsWith('.test.ts')), []);
    const missing = closure.packages.filter((p) => !(p in pkg.dependencies));
    assert.deepEqual(missing, [], 'imported at run time but not a production dependency (npm ci --omit=dev leaves it out)');
  });

  it('sends only package.json, the lock file and src/ (without tests) to the build', () => {
    const lines = readFileSync(join(ROOT, '.dockerignore'), 'utf8').split('\n').filter((l) => l.trim() !== '' && !l.startsWith('#'));
    assert.deepEqual(lines, ['*', '!package.json', '!package-lock.json', '!src/', '**/*.test.ts']);
  });
});
