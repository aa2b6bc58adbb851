import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseGoDuration, parseTtl } from './ttl.ts';

void describe('ttl parsing', () => {
  const OK: [string, number][] = [['60', 60], ['10m', 600], ['1h30m', 5400], ['90s', 90], ['1.5s', 1], ['1.5h', 5400], ['2147483647', 2147483647], [' 300 ', 300]];
  for (const [text, seconds] of OK) {
    void it(`reads "${text}" as ${seconds} seconds`, () => {
      assert.deepEqual(parseTtl(text), { ok: true, ttl: seconds });
    });
  }
  for (const text of ['abc', '', '0', '-5', '500ms', '10x', '2147483648', '1d', '.s']) {
    void it(`refuses "${text}"`, () => {
      assert.equal(parseTtl(text).ok, false);
    });
  }
  void it('parses Go durations with every unit', () => {
    assert.equal(parseGoDuration('1h1m1s1ms'), 3661.001);
    assert.equal(parseGoDuration('-1m'), -60);
    assert.equal(parseGoDuration('0'), 0);
    assert.equal(parseGoDuration('1'), undefined);
  });
});
