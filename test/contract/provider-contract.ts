/**
 * The provider contract: one suite every Provider must pass, run against each implementation with
 * its own fixture. Each case writes through the Provider interface (or the TXT registry on top of
 * it) and compares what a cold reader finds with what was asked for. Known gaps are declared by
 * the caller as skips with a reason.
 * @module
 */
import { after, afterEach, describe } from 'node:test';
import assert from 'node:assert/strict';
import type { Endpoint } from '../../src/endpoint/index.ts';
import type { Changes } from '../../src/plan/changes.ts';
import { failureCases } from './cases-failures.ts';
import { ownershipCases } from './cases-ownership.ts';
import { recordCases } from './cases-records.ts';
import { rows, stored, type CaseName, type ContractFixture, type ContractOptions, type FixtureOptions, type MakeFixture } from './contract-support.ts';

export function runProviderContract(name: string, makeFixture: MakeFixture, options: ContractOptions = {}): void {
  void describe(`provider contract: ${name}`, () => {
    let open: ContractFixture[] = [];
    const fixture = async (o: FixtureOptions = {}): Promise<ContractFixture> => {
      const f = await makeFixture(o);
      open.push(f);
      return f;
    };
    afterEach(async () => {
      await Promise.all(open.map((f) => f.close()));
      open = [];
    });
    after(async () => {
      await Promise.all(open.map((f) => f.close()));
    });
    const skip = (c: CaseName): { skip?: string } => (options.skip?.[c] === undefined ? {} : { skip: options.skip[c] });

    /** Applies `c`, asserts nothing was rejected, and checks a cold reader sees exactly `expected`. */
    async function applyAndCheck(f: ContractFixture, c: Changes, expected: readonly Endpoint[]): Promise<void> {
      const result = await f.provider.applyChanges(c);
      assert.deepEqual(result.rejected, []);
      assert.deepEqual(await stored(f), rows(expected));
      assert.deepEqual(rows(await f.provider.records()), rows(expected), 'the provider itself reports the same as a cold reader');
    }

    const ctx = { fixture, skip, applyAndCheck };
    recordCases(ctx);
    ownershipCases(ctx);
    failureCases(ctx);
  });
}
