import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createEndpoint } from '../../endpoint/index.ts';
import { NO_CHANGES } from '../../plan/changes.ts';
import { createInMemoryProvider } from '../../provider/inmemory/index.ts';
import { createNoopRegistry } from './noop-registry.ts';

void describe('noop registry', () => {
  void it('has the empty owner id, so the plan does no owner filtering', () => {
    assert.equal(createNoopRegistry(createInMemoryProvider({ zones: ['example.com'] })).ownerId, '');
  });

  void it('creates records without any ownership TXT and returns every record, TXT included', async () => {
    const provider = createInMemoryProvider({ zones: ['example.com'] });
    const registry = createNoopRegistry(provider);
    const a = createEndpoint({ dnsName: 'app.example.com', recordType: 'A', targets: ['192.0.2.1'] });
    const txt = createEndpoint({
      dnsName: 'a-app.example.com',
      recordType: 'TXT',
      targets: ['"heritage=external-dns,external-dns/owner=x"'],
    });
    const result = await registry.applyChanges({ ...NO_CHANGES, create: [a, txt] });
    assert.deepEqual(result.rejected, []);
    const records = await registry.records();
    assert.deepEqual(
      records.map((r) => [r.dnsName, r.recordType, r.labels]),
      [
        ['a-app.example.com', 'TXT', {}],
        ['app.example.com', 'A', {}],
      ],
    );
    assert.deepEqual(await registry.zones(), ['example.com']);
  });
});
