/**
 * `npm run bench`: runs every benchmark script in bench/ one after the other, each in its own
 * process (so peak memory is its own), and prints their output. Figures go into BENCHMARKS.md.
 * @module
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const SCRIPTS: readonly { file: string; nodeArgs: readonly string[] }[] = [
  { file: 'plan.ts', nodeArgs: ['--expose-gc'] },
  { file: 'route53.ts', nodeArgs: [] },
  { file: 'roles-anywhere.ts', nodeArgs: [] },
  { file: 'controller.ts', nodeArgs: ['--expose-gc'] },
];

let failed = 0;
for (const { file, nodeArgs } of SCRIPTS) {
  const path = new URL(file, import.meta.url);
  if (!existsSync(path)) continue;
  process.stdout.write(`\n== bench/${file}\n`);
  const result = spawnSync(process.execPath, [...nodeArgs, path.pathname], { stdio: 'inherit', timeout: 20 * 60_000 });
  if (result.status !== 0) {
    failed += 1;
    process.stdout.write(`bench/${file} exited with ${String(result.status ?? result.signal)}\n`);
  }
}
process.exitCode = failed === 0 ? 0 : 1;
