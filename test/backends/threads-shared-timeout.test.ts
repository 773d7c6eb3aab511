import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TaskTimeoutError } from '../../src/errors.js';
import { parseSide, createBackend } from '../../src/backends/registry.js';

describe('threads backend with several tasks per worker', () => {
  it('a task past its timeout is rejected, its thread stopped with the task sharing it, and a replacement serves', async () => {
    const backend = createBackend(parseSide('threads'), { poolSize: 1, tasksPerWorker: 2, taskTimeoutMs: 300 });
    try {
      await backend.start();
      const stuck = backend.run({ workload: 'probe', handler: 'spin', args: { ms: 60_000 } });
      const sharing = backend.run({ workload: 'probe', handler: 'wait', args: { ms: 10 } });
      await assert.rejects(stuck, TaskTimeoutError);
      await assert.rejects(sharing, /timed out|worker exited/);
      assert.equal(await backend.run({ workload: 'spawn', handler: 'noop', args: 'ok' }), 'ok');
    } finally {
      await backend.destroy();
    }
  });
});
