import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, it } from 'node:test';
import { liveMemory } from '../../src/kernel/live-memory.js';

describe('live memory and GC time of one isolate', () => {
  it('counts the collections allocation causes, and none of the full collections the probe forces itself', async () => {
    const first = liveMemory().gcMs;
    for (let index = 0; index < 5; index++) liveMemory();
    await sleep(20);
    const forcedOnly = liveMemory().gcMs - first;
    let churn: Array<{ index: number; text: string }> = [];
    for (let round = 0; round < 30; round++) {
      for (let index = 0; index < 100_000; index++) churn.push({ index, text: `x${index}` });
      if (churn.length > 400_000) churn = [];
      await sleep(1);
    }
    await sleep(20);
    const churned = liveMemory().gcMs - first - forcedOnly;
    assert.ok(forcedOnly < 1, `six forced full collections counted ${forcedOnly.toFixed(2)} ms`);
    assert.ok(churned > 0, 'three million short-lived objects made the isolate collect');
  });
});
