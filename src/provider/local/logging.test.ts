import assert from 'node:assert/strict';
import { it } from 'node:test';
import { pino } from 'pino';
import { createLocalProvider } from './local.ts';
import { tempDir } from './test-support.ts';

void it('accepts a pino logger and logs the DNS server address', async () => {
  const lines: string[] = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => lines.push(line) });
  const p = createLocalProvider({ zoneDir: await tempDir(), zones: ['example.com'], dnsListen: { host: '127.0.0.1', port: 0 }, logger });
  const { port } = await p.start();
  await p.close();
  assert.ok(lines.some((l) => l.includes('DNS server listening') && l.includes(`"port":${port}`)));
});
