import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { createBackend, parseSide } from '../../src/backends/registry.js';
import type { Backend } from '../../src/backends/types.js';
import { warmEveryWorker } from '../../src/backends/warm.js';
import { TaskTimeoutError, UserError } from '../../src/errors.js';

const SIDES = ['inline', 'threads', 'processes:json', 'processes:advanced'];

describe('every backend behind one interface', () => {
  const backends: Backend[] = [];
  after(async () => Promise.all(backends.map((backend) => backend.destroy())));

  for (const label of SIDES) {
    it(`${label}: runs tasks, opens channels, reports its children`, async () => {
      const backend = createBackend(parseSide(label), { poolSize: 2, tasksPerWorker: 2, taskTimeoutMs: 0 });
      backends.push(backend);
      await backend.start();
      const homes = await warmEveryWorker(backend);
      const distinct = new Set(homes.map((home) => `${home.pid}/${home.threadId}`)).size;
      assert.equal(distinct, label === 'inline' ? 1 : 2, 'warm-up reaches every worker');
      assert.equal(await backend.run({ workload: 'spawn', handler: 'noop', args: 41 }), 41);
      const channel = await backend.open({ workload: 'messaging', handler: 'sink', args: null });
      const ack = new Promise((resolve) => channel.onMessage(resolve));
      channel.send({ seq: 9, body: 'abc' });
      assert.deepEqual(await ack, { seq: 9, digest: 3 * 31 + 'b'.charCodeAt(0) });
      assert.equal(await channel.close(), 1);
      assert.equal(backend.childPids().length, label.startsWith('processes') ? 2 : 0);
      await backend.close();
    });
  }

  it('threads: a task past its timeout is rejected and the pool keeps serving', async () => {
    // The timeout also bounds the next task, which waits for the replacement worker: on a loaded 2-core machine that
    // start alone has taken over 300 ms.
    const backend = createBackend(parseSide('threads'), { poolSize: 1, tasksPerWorker: 1, taskTimeoutMs: 1500 });
    backends.push(backend);
    await backend.start();
    await assert.rejects(backend.run({ workload: 'probe', handler: 'spin', args: { ms: 10_000 } }), TaskTimeoutError);
    assert.equal(await backend.run({ workload: 'spawn', handler: 'noop', args: 'ok' }), 'ok');
    await backend.close();
  });

  it('names the backends and variants it knows when given a wrong one', () => {
    assert.throws(() => parseSide('fibers'), (error: Error) => error instanceof UserError && /inline, threads, processes/.test(error.message));
    assert.throws(() => parseSide('processes:yaml'), /json, advanced/);
  });
});
