// Writes docs/configuration.md from the flag table.
import { writeFileSync } from 'node:fs';
import { renderFlagReference } from '../src/config/reference.ts';

writeFileSync(new URL('../docs/configuration.md', import.meta.url), renderFlagReference());
