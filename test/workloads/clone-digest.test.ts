import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { NotCloneableError, cloneDigest } from '../../workloads/user-module/clone-digest.js';

const sample = (): unknown => ({
  name: 'agent',
  values: [1, -0, Number.NaN, 2n, null, undefined, true],
  weights: Float64Array.of(0.5, 0.25),
  bytes: Buffer.from('hi'),
  seen: new Map<unknown, unknown>([['a', new Set([1, 2])]]),
  when: new Date(0),
  pattern: /x+/g,
  failure: new RangeError('too far'),
});

describe('cloneDigest', () => {
  it('gives a value and its structured clone the same digest', () => {
    const value = sample();
    assert.equal(cloneDigest(structuredClone(value)), cloneDigest(value));
  });

  it('ignores the order of object keys', () => {
    assert.equal(cloneDigest({ a: 1, b: [2] }), cloneDigest({ b: [2], a: 1 }));
  });

  it('tells apart values that JSON would not', () => {
    assert.notEqual(cloneDigest({ a: undefined }), cloneDigest({}));
    assert.notEqual(cloneDigest(0), cloneDigest(-0));
    assert.notEqual(cloneDigest(new Map()), cloneDigest({}));
    assert.notEqual(cloneDigest('1'), cloneDigest(1));
    assert.notEqual(cloneDigest(Float64Array.of(1)), cloneDigest([1]));
  });

  it('encodes cycles', () => {
    const a: Record<string, unknown> = { name: 'a' };
    a.self = a;
    assert.equal(cloneDigest(structuredClone(a)), cloneDigest(a));
  });

  it('names where a value that cannot be cloned sits', () => {
    assert.throws(() => cloneDigest({ list: [1, { reply: () => 1 }] }), (error: unknown) => {
      assert.ok(error instanceof NotCloneableError);
      assert.equal(error.message, 'a function at result.list[1].reply');
      return true;
    });
    assert.throws(() => cloneDigest(new WeakMap()), /a WeakMap at result/);
    assert.throws(() => cloneDigest(Symbol('s')), /a symbol at result/);
  });
});
