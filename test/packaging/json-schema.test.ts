// The draft-07 subset checker used for values.schema.json and the CRD schema.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkSchema, untypedPaths } from './json-schema.ts';

const schema = {
  type: 'object',
  additionalProperties: false,
  required: ['policy'],
  properties: {
    policy: { type: 'string', enum: ['sync', 'upsert-only'] },
    replicas: { type: 'integer', minimum: 0, maximum: 10 },
    rate: { type: 'number' },
    tags: { type: 'array', minItems: 1, items: { type: 'string', pattern: '^[a-z]+$', maxLength: 3 } },
    labels: { type: 'object', additionalProperties: { type: 'string' } },
    either: { type: ['integer', 'string'] },
  },
};

describe('JSON schema subset checker', () => {
  it('accepts a conforming value', () => {
    assert.deepEqual(checkSchema(schema, { policy: 'sync', replicas: 2, rate: 2, tags: ['ab'], labels: { a: 'b' }, either: '50%' }), []);
  });

  it('names the path and the value of every violation', () => {
    assert.deepEqual(
      checkSchema(schema, { policy: 'delete', replicas: 11, tags: ['AB', 'abcd'], labels: { a: 1 }, extra: true, either: true }),
      [
        '$.policy: "delete" is not one of ["sync","upsert-only"]',
        '$.replicas: 11 is above 10',
        '$.tags[0]: "AB" does not match ^[a-z]+$',
        '$.tags[1]: longer than 3',
        '$.labels.a: is integer 1, expected string',
        '$: "extra" is not an allowed key',
        '$.either: is boolean true, expected integer or string',
      ],
    );
    assert.deepEqual(checkSchema(schema, { replicas: 1.5, tags: [] }), [
      '$: misses required "policy"',
      '$.replicas: is number 1.5, expected integer',
      '$.tags: has 0 items, needs at least 1',
    ]);
  });

  it('refuses a schema keyword outside the subset instead of ignoring it', () => {
    assert.throws(() => checkSchema({ type: 'object', oneOf: [] }, {}), /"oneOf", which is outside the supported draft-07 subset/);
  });

  it('finds values that no schema node types', () => {
    const loose = { type: 'object', properties: { a: { type: 'string' }, b: { description: 'no type' } } };
    assert.deepEqual(untypedPaths(loose, { a: 'x', b: 1, c: 2 }), ['$.b', '$.c']);
    assert.deepEqual(untypedPaths(schema, { policy: 'sync', labels: { x: 'y' } }), []);
  });
});
