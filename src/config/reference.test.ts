import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { it } from 'node:test';
import { renderFlagReference } from './reference.ts';

it('keeps docs/configuration.md in step with the flag table (run: node scripts/flags-doc.ts)', () => {
  const committed = readFileSync(new URL('../../docs/configuration.md', import.meta.url), 'utf8');
  assert.equal(committed, renderFlagReference());
});
