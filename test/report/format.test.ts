import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatSignedPercent, renderTable } from '../../src/report/format.js';

describe('format', () => {
  it('signs a change and marks a missing one', () => {
    assert.equal(formatSignedPercent(0.031), '+3.1%');
    assert.equal(formatSignedPercent(0), '+0.0%');
    assert.equal(formatSignedPercent(-0.004), '-0.4%');
    assert.equal(formatSignedPercent(Number.NaN), '–');
  });

  it('underlines the header with the rule it is given', () => {
    const rows = [['threads', '12']];
    assert.equal(renderTable(['side', 'n'], rows, ['left', 'right']), 'side      n\n───────  ──\nthreads  12');
    assert.equal(renderTable(['side', 'n'], rows, ['left', 'right'], '-'), 'side      n\n-------  --\nthreads  12');
  });
});
