import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, it } from 'node:test';
import { DeadlineQueue, TaskAbortSignal } from '../../src/backends/deadlines.js';

describe('DeadlineQueue', () => {
  it('expires tasks in the order they were added, and never one that was cancelled', async () => {
    const expired: string[] = [];
    const queue = new DeadlineQueue<string>(30, (name) => expired.push(name));
    queue.add('first');
    const second = queue.add('second');
    queue.add('third');
    queue.cancel(second);
    await sleep(80);
    assert.deepEqual(expired, ['first', 'third']);
  });

  it('keeps serving after the queue empties', async () => {
    const expired: number[] = [];
    const queue = new DeadlineQueue<number>(10, (n) => expired.push(n));
    queue.add(1);
    await sleep(40);
    queue.add(2);
    await sleep(40);
    assert.deepEqual(expired, [1, 2]);
  });

  it('forgets cancelled deadlines at once, so it holds about as many as are pending', () => {
    const queue = new DeadlineQueue<number>(60_000, () => assert.fail('nothing should expire'));
    const inFlight = [queue.add(0), queue.add(1), queue.add(2), queue.add(3)];
    for (let i = 4; i < 10_000; i++) {
      queue.cancel(inFlight.shift()!);
      inFlight.push(queue.add(i));
    }
    assert.equal(queue.held, 4);
    // Out of order: one long task holds the front, the ones behind it are kept only until the queue compacts.
    const slow = inFlight.shift()!;
    for (let i = 0; i < 10_000; i++) {
      queue.cancel(inFlight.shift()!);
      inFlight.push(queue.add(i));
    }
    assert.ok(queue.held <= 1030, `held ${queue.held}`);
    queue.cancel(slow);
    assert.equal(queue.held, 3);
    for (const deadline of inFlight) queue.cancel(deadline);
    assert.equal(queue.held, 0);
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
