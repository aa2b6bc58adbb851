import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { zoneOf } from '../endpoint/index.ts';
import { ALL_NAMES_ZONE, createZoneLookup } from './zones.ts';

const names = ['example.com', 'www.example.com', 'a.b.sub.example.com', 'sub.example.com', 'notexample.com', 'example.org', 'com'];

void describe('zone lookup', () => {
  const few = ['example.com', 'sub.example.com'];
  const many = [...few, ...Array.from({ length: 40 }, (_, i) => `z${i}.example.net`)];
  for (const [label, zones] of [['a few zones (suffix scan)', few], ['many zones (suffix walk)', many]] as const) {
    void it(`finds the longest zone holding a name, as zoneOf does, with ${label}`, () => {
      const lookup = createZoneLookup(zones);
      for (const name of names) assert.equal(lookup(name), zoneOf(name, zones), name);
      assert.equal(lookup('a.sub.example.com'), 'sub.example.com');
      assert.equal(lookup('notexample.com'), undefined);
    });
  }

  void it('tolerates a trailing dot and upper case in zone names', () => {
    assert.equal(createZoneLookup(['Example.COM.'])('www.example.com'), 'example.com');
  });

  void it('puts every name in one zone when no zones are given', () => {
    assert.equal(createZoneLookup([])('anything.example'), ALL_NAMES_ZONE);
  });
});
