/**
 * Child process for the kill -9 test (crash.test.ts): applies a deterministic sequence of updates
 * to a large zone as fast as it can, printing `ack <i>` once apply i has returned. Bounded: at most
 * `max` applies or 5 seconds.
 * @module
 */
import { createLocalProvider } from './local.ts';
import { crashRecord, crashValue, CRASH_ZONE } from './crash-plan.ts';
import { changes } from './test-support.ts';

const [dir = '', maxText = '2000'] = process.argv.slice(2);
const max = Number(maxText);
const provider = createLocalProvider({ zoneDir: dir, zones: [CRASH_ZONE] });
const records = await provider.records();
process.stdout.write(`ready ${records.length}\n`);
const deadline = Date.now() + 5000;
for (let i = 1; i <= max && Date.now() < deadline; i++) {
  const { index, before, after } = crashValue(i);
  await provider.applyChanges(changes({ updateOld: [crashRecord(index, before)], updateNew: [crashRecord(index, after)] }));
  process.stdout.write(`ack ${i}\n`);
}
process.stdout.write('finished\n');
