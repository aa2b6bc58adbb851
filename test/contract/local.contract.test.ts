// The provider contract against the local provider: zone files in a temp directory, DNS on a free
// loopback port; the cold reader is a second provider loading the same files.
import { rm } from 'node:fs/promises';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createLocalProvider } from '../../src/provider/local/index.ts';
import { ZONES, type ContractFixture } from './contract-support.ts';
import { runProviderContract } from './provider-contract.ts';

runProviderContract(
  'local',
  async (): Promise<ContractFixture> => {
    const dir = await mkdtemp(path.join(tmpdir(), 'zonekeeper-contract-'));
    const provider = createLocalProvider({ zoneDir: dir, zones: ZONES, dnsListen: { host: '127.0.0.1', port: 0 } });
    await provider.start();
    return {
      provider,
      reader: () => createLocalProvider({ zoneDir: dir, zones: ZONES }),
      healthCheckId: () => Promise.resolve('9f1c2a3b-0000-4000-8000-000000000002'),
      close: async () => {
        await provider.close();
        await rm(dir, { recursive: true, force: true });
      },
    };
  },
  {
    skip: {
      alias: 'alias records are Route53-only: the local provider refuses alias A/AAAA (publish a CNAME)',
      'failed-writes': "the local provider's failed file writes are covered by src/provider/local (failed-write and crash tests)",
      throttling: 'the local provider writes files, there is no API to throttle',
    },
  },
);
