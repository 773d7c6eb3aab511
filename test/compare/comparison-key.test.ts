import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  backendOf,
  formatPair,
  formatSide,
  keyFields,
  keyId,
  keyOf,
  readSide,
  shortSide,
  sideLabel,
  sideOf,
  type ComparisonKey,
} from '../../src/compare/comparison-key.js';

const KEY: ComparisonKey = {
  workload: 'database',
  params: { queries: 10, client: 'typeorm' },
  metric: 'throughputPerSec',
  a: { kind: 'threads' },
  b: { kind: 'processes', variant: 'advanced' },
};

describe('comparison key', () => {
  it('writes sides as result files always have', () => {
    assert.equal(formatSide({ kind: 'threads' }), 'threads');
    assert.equal(formatSide({ kind: 'processes', variant: 'json' }), 'processes:json');
    assert.equal(formatSide({ kind: 'processes', variant: 'advanced', option: 'typeorm' }), 'processes:advanced typeorm');
    assert.equal(sideLabel({ backend: 'inline', variant: 'default' }), 'inline');
    assert.equal(sideLabel({ backend: 'processes', variant: 'json' }), 'processes:json');
  });

  it('reads back every side it writes', () => {
    for (const text of ['inline', 'threads', 'processes:json', 'processes:advanced', 'threads typeorm', 'processes:json pg']) {
      assert.equal(formatSide(readSide(text)), text);
    }
    assert.deepEqual(readSide('processes:advanced typeorm'), { kind: 'processes', variant: 'advanced', option: 'typeorm' });
    assert.deepEqual(readSide('threads:default'), { kind: 'threads' }, 'a default variant is the backend alone');
  });

  it('names the side a case ran on, and a side without its option', () => {
    assert.deepEqual(sideOf({ backend: 'threads', variant: 'default' }), { kind: 'threads' });
    assert.deepEqual(backendOf(readSide('processes:json pg')), { kind: 'processes', variant: 'json' });
  });

  it('keeps the string fields of lab.result/1 and reads them back to the same key', () => {
    const fields = keyFields(KEY);
    assert.deepEqual(Object.keys(fields), ['workload', 'params', 'metric', 'a', 'b']);
    assert.equal(fields.a, 'threads');
    assert.equal(fields.b, 'processes:advanced');
    assert.deepEqual(keyOf(fields), KEY);
    assert.equal(keyId(keyOf(fields)), keyId(KEY));
    assert.notEqual(keyId({ ...KEY, b: { kind: 'processes', variant: 'json' } }), keyId(KEY));
  });

  it('shows a pair, and a processes side by its variant beside threads/processes', () => {
    assert.equal(formatPair(KEY.a, KEY.b), 'threads / processes:advanced');
    assert.equal(shortSide(KEY.b), 'advanced');
    assert.equal(shortSide({ kind: 'processes' }), 'processes');
    assert.equal(shortSide({ kind: 'inline' }), 'inline');
  });
});
