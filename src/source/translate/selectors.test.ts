import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { parseSelector } from './selectors.ts';

function matches(text: string, map: Record<string, string>): boolean {
  const s = parseSelector(text);
  assert.ok(s.ok, s.ok ? '' : s.error);
  return s.selector.matches(map);
}

void describe('label selectors', () => {
  const CASES: [string, Record<string, string>, boolean][] = [
    ['', {}, true],
    ['a=b', { a: 'b' }, true],
    ['a==b', { a: 'c' }, false],
    ['a!=b', {}, true],
    ['a!=b', { a: 'b' }, false],
    ['e in (x, y)', { e: 'y' }, true],
    ['e in (x,y)', {}, false],
    ['f notin (z)', {}, true],
    ['f notin (z)', { f: 'z' }, false],
    ['g', { g: '' }, true],
    ['g', {}, false],
    ['!h', {}, true],
    ['!h', { h: 'x' }, false],
    ['a=b,c!=d,e in (x,y),f notin (z),g,!h', { a: 'b', c: 'x', e: 'x', g: '1' }, true],
    ['a=b,c!=d,e in (x,y),f notin (z),g,!h', { a: 'b', c: 'x', e: 'x', g: '1', h: '' }, false],
    ['kubernetes.io/ingress.class in (nginx)', { 'kubernetes.io/ingress.class': 'nginx' }, true],
  ];
  for (const [text, map, expected] of CASES) {
    void it(`"${text}" ${expected ? 'matches' : 'does not match'} ${JSON.stringify(map)}`, () => {
      assert.equal(matches(text, map), expected);
    });
  }

  for (const bad of ['a=b,', 'a in ()', 'a in (x', '=b', 'a b c', 'a=b c']) {
    void it(`refuses "${bad}" with an error naming the selector`, () => {
      const s = parseSelector(bad);
      assert.equal(s.ok, false);
      if (!s.ok) assert.ok(s.error.includes(`"${bad}"`), s.error);
    });
  }

  void it('never throws on arbitrary text', () => {
    const pieces = fc.constantFrom('a', '=', '!=', '==', '!', ',', ' in ', ' notin ', '(', ')', 'x', ' ', '/', '.');
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 10 }), fc.string(), (parts, extra) => {
        for (const text of [parts.join(''), extra]) {
          const s = parseSelector(text);
          if (s.ok) s.selector.matches({ a: 'x' });
        }
      }),
      { numRuns: 500 },
    );
  });
});
