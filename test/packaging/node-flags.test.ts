import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { it } from 'node:test';

const read = (path: string): string => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');
const EXPECTED = ['--max-semi-space-size=8', '--optimize-for-size'];

it('runs zonekeeper with the same V8 memory flags from bin/, npm start, the image and the plan benchmark', () => {
  const bin = /exec "\$node" (.*?) "\$here\/src\/cli\/main\.ts"/.exec(read('bin/zonekeeper'))?.[1]?.split(' ');
  const pkg = JSON.parse(read('package.json')) as { scripts: { start: string } };
  const start = /^node (.*?) src\/cli\/main\.ts /.exec(pkg.scripts.start)?.[1]?.split(' ');
  const image = /ENTRYPOINT \["node", (.*?), "\/app\/src\/cli\/main\.ts"\]/.exec(read('Dockerfile'))?.[1]?.split(', ').map((f) => JSON.parse(f) as string);
  const bench = /const PRODUCT_NODE_FLAGS = '(.*?)';/.exec(read('bench/plan.ts'))?.[1]?.split(' ');
  assert.deepEqual({ bin, start, image, bench }, { bin: EXPECTED, start: EXPECTED, image: EXPECTED, bench: EXPECTED });
});
