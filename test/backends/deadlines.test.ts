import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, it } from 'node:test';
import { DeadlineQueue, TaskAbortSignal } from '../../src/backends/deadlines.js';

describe('DeadlineQueue', () => {
  it('expires tasks in the order they were added, and never one that was cancelled', async () => {
    const queue = new DeadlineQueue(30);
    const expired: string[] = [];
    queue.add(() => expired.push('first'));
    const cancelSecond = queue.add(() => expired.push('second'));
    queue.add(() => expired.push('third'));
    cancelSecond();
    await sleep(80);
    assert.deepEqual(expired, ['first', 'third']);
  });

  it('keeps serving after the queue empties', async () => {
    const queue = new DeadlineQueue(10);
    const expired: number[] = [];
    queue.add(() => expired.push(1));
    await sleep(40);
    queue.add(() => expired.push(2));
    await sleep(40);
    assert.deepEqual(expired, [1, 2]);
  });
});

describe('TaskAbortSignal', () => {
  it('tells its listener once, with the reason', () => {
    const signal = new TaskAbortSignal();
    let calls = 0;
    signal.once('abort', () => calls++);
    signal.abort(new Error('late'));
    signal.abort(new Error('again'));
    assert.equal(calls, 1);
    assert.equal(signal.aborted, true);
    assert.equal((signal.reason as Error).message, 'late');
  });
});
