import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadScenario } from '../../src/scenario/load.js';
import { matchesFilter, planScenario } from '../../src/scenario/plan.js';

const ID = 'exploration/agents=8,steps=200,poolSize=4';

describe('--filter', () => {
  it('takes a point as the console prints it: every space-separated term must match', () => {
    assert.ok(matchesFilter(ID, 'exploration agents=8 steps=200'));
    assert.ok(matchesFilter(ID, 'exploration  agents=8'));
    assert.ok(!matchesFilter(ID, 'exploration agents=8 steps=2000'));
    assert.ok(!matchesFilter(ID, 'coordination agents=8'));
  });

  it('matches a name=value term exactly, so agents=8 is not agents=80', () => {
    assert.ok(!matchesFilter('exploration/agents=80,steps=200', 'agents=8'));
    assert.ok(matchesFilter(ID, 'AGENTS=8'));
  });

  it('still takes part of an id', () => {
    assert.ok(matchesFilter(ID, 'explor'));
    assert.ok(matchesFilter(ID, 'exploration/agents=8,steps=200'));
  });

  it('picks exactly one point of quick for "exploration agents=8"', () => {
    const plan = planScenario(loadScenario('quick').scenario, { filter: 'exploration agents=8' });
    assert.equal(plan.groups.length, 1);
    assert.match(plan.groups[0]!.id, /^exploration\/agents=8,/);
  });
});
