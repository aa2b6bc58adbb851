import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import { compareEndpoints } from '../../endpoint/index.ts';
import { CRASH_ZONE, crashState } from './crash-plan.ts';
import { createLocalProvider } from './local.ts';
import { tempDir } from './test-support.ts';
import { emptyZone, parseZoneFile, writeZoneFile } from './zone-file.ts';

const CHILD = path.join(import.meta.dirname, 'crash-child.ts');
const ROUNDS = 4;

/** Runs the child until `ready`, lets it write for `ms`, kills it with SIGKILL; returns the last acknowledged apply. */
function runAndKill(dir: string, ms: number): Promise<{ acked: number; finished: boolean }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CHILD, dir, '2000'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let timer: NodeJS.Timeout | undefined;
    const guard = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (timer === undefined && out.includes('ready')) timer = setTimeout(() => child.kill('SIGKILL'), ms);
    });
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearTimeout(guard);
      clearTimeout(timer);
      if (!out.includes('ready')) {
        reject(new Error(`child failed before starting (code ${code}, signal ${signal}): ${err}`));
        return;
      }
      const acks = [...out.matchAll(/^ack (\d+)$/gm)].map((m) => Number(m[1]));
      resolve({ acked: acks.length === 0 ? 0 : Math.max(...acks), finished: out.includes('finished') });
    });
  });
}

void describe('local provider durability', () => {
  void it('state survives kill -9 during a write: the zone file is always one fully written state', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const dir = await tempDir();
      const initial = { ...emptyZone(CRASH_ZONE), records: [...emptyZone(CRASH_ZONE).records, ...crashState(0)].sort(compareEndpoints) };
      await writeFile(path.join(dir, `${CRASH_ZONE}.zone`), writeZoneFile(initial));
      const { acked, finished } = await runAndKill(dir, 100 + Math.floor(Math.random() * 900));
      const zone = parseZoneFile(await readFile(path.join(dir, `${CRASH_ZONE}.zone`), 'utf8'), CRASH_ZONE, 'crash');
      const applies = zone.soa.serial - initial.soa.serial;
      // Every acknowledged apply is on disk; at most the one in flight when killed is there too.
      assert.ok(applies >= acked && applies <= acked + 1, `round ${round}: file holds ${applies} applies, child acknowledged ${acked}`);
      const expected = [...emptyZone(CRASH_ZONE).records, ...crashState(applies)].sort(compareEndpoints);
      assert.deepEqual(zone.records, expected, `round ${round}: the file is the state after apply ${applies}`);
      assert.ok(finished || acked > 0 || applies === 0);
      // A restart cleans the temp file a kill may leave and serves the same state.
      const restarted = createLocalProvider({ zoneDir: dir, zones: [CRASH_ZONE] });
      assert.deepEqual(await restarted.records(), expected);
      assert.deepEqual((await readdir(dir)).filter((f) => f.startsWith('.')), []);
    }
  });
});
