/**
 * CLI: `zonekeeper-route53-emulator --port N [--state-file F] [--rate R --burst B]
 * [--throttle-preset aws-2026|legacy] [--insync-delay-ms D] [--in-flight-ms D] [--max-records-per-zone N]`. Prints the URL on stdout
 * and serves until SIGTERM or SIGINT.
 * @module
 */
import { parseArgs } from 'node:util';
import { AWS_2026_THROTTLE, LEGACY_THROTTLE, startRoute53Emulator } from './index.ts';
import type { ThrottleOptions } from './index.ts';

const USAGE =
  'usage: zonekeeper-route53-emulator [--port N] [--state-file F] [--rate R --burst B | --throttle-preset aws-2026|legacy] [--insync-delay-ms D] [--in-flight-ms D] [--max-records-per-zone N]';

function number(flag: string, raw: string | undefined, min: number): number | undefined {
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(value) || value < min) {
    throw new Error(`--${flag} must be a number ≥ ${min}, got "${raw}"`);
  }
  return value;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      'state-file': { type: 'string' },
      rate: { type: 'string' },
      burst: { type: 'string' },
      'throttle-preset': { type: 'string' },
      'insync-delay-ms': { type: 'string' },
      'in-flight-ms': { type: 'string' },
      'max-records-per-zone': { type: 'string' },
      help: { type: 'boolean' },
    },
    strict: true,
  });
  if (values.help === true) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const rate = number('rate', values.rate, 0);
  const burst = number('burst', values.burst, 1);
  if ((rate === undefined) !== (burst === undefined)) throw new Error('--rate and --burst go together; give both or neither');
  const presets: Record<string, ThrottleOptions> = { 'aws-2026': AWS_2026_THROTTLE, legacy: LEGACY_THROTTLE };
  const preset = values['throttle-preset'];
  if (preset !== undefined && (!Object.hasOwn(presets, preset) || rate !== undefined)) {
    throw new Error(`--throttle-preset must be one of ${Object.keys(presets).join(', ')} and cannot be combined with --rate/--burst; got "${preset}"`);
  }
  const throttle = preset !== undefined ? presets[preset] : rate !== undefined && burst !== undefined ? { rate, burst } : undefined;
  const emulator = await startRoute53Emulator({
    port: number('port', values.port, 0) ?? 0,
    ...(values['state-file'] !== undefined ? { stateFile: values['state-file'] } : {}),
    ...(throttle !== undefined ? { throttle } : {}),
    insyncDelayMs: number('insync-delay-ms', values['insync-delay-ms'], 0) ?? 0,
    inFlightMs: number('in-flight-ms', values['in-flight-ms'], 0) ?? 0,
    maxRecordsPerZone: number('max-records-per-zone', values['max-records-per-zone'], 1) ?? 10_000,
  });
  process.stdout.write(`${emulator.url}\n`);
  const stop = (): void => {
    emulator.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`zonekeeper-route53-emulator: ${error instanceof Error ? error.message : String(error)}\n${USAGE}\n`);
  process.exit(2);
});
