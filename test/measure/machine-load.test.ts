import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadBetween, machineTicksOf, type LoadSnapshot } from '../../src/measure/machine-load.js';

const snapshot = (atMs: number, cpuLine: string, treeTicks: number): LoadSnapshot => ({ atMs, ...machineTicksOf(cpuLine), treeTicks });

describe('CPU taken outside the lab', () => {
  it('counts other processes and interrupts as foreign, and steal only as steal', () => {
    // 1 s on 2 CPUs (200 ticks): the lab's tree used 120 ticks, the machine 150 of processes and interrupts, 30 were stolen.
    const before = snapshot(0, 'cpu  1000 0 500 8000 10 5 5 100 0 0', 400);
    const after = snapshot(1000, 'cpu  1110 0 530 8020 10 10 10 130 0 0', 520);
    const delta = loadBetween(before, after);
    assert.equal(delta.foreignCpus, 0.3); // (150 − 120) ticks over 100 ticks per CPU-second
    assert.equal(delta.stealShare, 30 / 200);
    assert.equal(delta.wallMs, 1000);
  });

  it('a round with only steal besides the lab is not disturbed by other processes', () => {
    const before = snapshot(0, 'cpu  0 0 0 0 0 0 0 0', 0);
    const after = snapshot(200, 'cpu  30 0 10 0 0 0 0 20', 40);
    assert.equal(loadBetween(before, after).foreignCpus, 0);
  });
});
