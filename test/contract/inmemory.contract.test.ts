// The provider contract against the in-memory provider (the shared ZoneStore behind the Provider interface).
import { createInMemoryProvider } from '../../src/provider/inmemory/index.ts';
import { ZONES, type ContractFixture } from './contract-support.ts';
import { runProviderContract } from './provider-contract.ts';

runProviderContract(
  'inmemory',
  (): Promise<ContractFixture> => {
    const provider = createInMemoryProvider({ zones: ZONES });
    return Promise.resolve({
      provider,
      // Memory has no colder copy: the store is the backend.
      reader: () => provider,
      healthCheckId: () => Promise.resolve('9f1c2a3b-0000-4000-8000-000000000001'),
      close: () => Promise.resolve(),
    });
  },
  {
    skip: {
      alias: 'alias records are Route53-only (the in-memory provider has no adjustEndpoints to turn a CNAME into an alias)',
      'failed-writes': 'the in-memory provider has no I/O that can fail half-way',
      throttling: 'the in-memory provider makes no API calls, so there is nothing to throttle',
    },
  },
);
