import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { after, describe, it } from 'node:test';
import { AgentExitedError, TaskTimeoutError } from '../../src/errors.js';
import { ProcessPool } from '../../src/backends/process-pool.js';
import { isAlive as alive } from '../../src/measure/process-tree.js';

const CHILD = fileURLToPath(new URL('../../src/backends/process-child.js', import.meta.url));

describe('ProcessPool', () => {
  const pools: ProcessPool[] = [];
  const makePool = (options: Partial<ConstructorParameters<typeof ProcessPool>[0]> = {}): ProcessPool => {
    const pool = new ProcessPool({ filename: CHILD, size: 2, tasksPerChild: 4, serialization: 'advanced', taskTimeoutMs: 0, ...options });
    pools.push(pool);
    return pool;
  };
  after(async () => Promise.all(pools.map((pool) => pool.destroy())));

  it('starts warm: every child is forked and ready before start() resolves', async () => {
    const pool = makePool({ size: 3 });
    await pool.start();
    const pids = pool.pids();
    assert.equal(pids.length, 3);
    assert.ok(pids.every(alive));
    await pool.close();
  });

  it('runs several tasks in flight on one child', async () => {
    const pool = makePool({ size: 1, tasksPerChild: 4 });
    await pool.start();
    const results = (await Promise.all(
      [1, 2, 3, 4].map(() => pool.run({ workload: 'probe', handler: 'wait', args: { ms: 150 } })),
    )) as Array<{ mostInFlight: number }>;
    assert.equal(Math.max(...results.map((result) => result.mostInFlight)), 4);
    await pool.close();
  });

  it('queues tasks beyond its capacity and runs them all, in both serializations', async () => {
    for (const serialization of ['json', 'advanced'] as const) {
      const pool = makePool({ size: 2, tasksPerChild: 1, serialization });
      await pool.start();
      const values = await Promise.all(
        Array.from({ length: 20 }, (_, i) => pool.run({ workload: 'spawn', handler: 'noop', args: { i } })),
      );
      assert.deepEqual(values, Array.from({ length: 20 }, (_, i) => ({ i })));
      await pool.close();
    }
  });

  it('rejects a task past its timeout, replaces the stuck child and keeps serving', async () => {
    const pool = makePool({ size: 1, tasksPerChild: 1, taskTimeoutMs: 300 });
    await pool.start();
    const [stuckPid] = pool.pids();
    await assert.rejects(pool.run({ workload: 'probe', handler: 'spin', args: { ms: 10_000 } }), (error: Error) => {
      assert.ok(error instanceof TaskTimeoutError);
      assert.match(error.message, /timed out after 300 ms/);
      return true;
    });
    assert.deepEqual(await pool.run({ workload: 'spawn', handler: 'noop', args: 'after' }), 'after');
    assert.notEqual(pool.pids()[0], stuckPid);
    assert.equal(pool.pids().length, 1);
    await pool.close();
  });

  it('rejects the task of a crashed child with its exit code and replaces the child', async () => {
    const pool = makePool({ size: 1, tasksPerChild: 2 });
    await pool.start();
    const where = { workload: 'probe', handler: 'where', args: null };
    const [crashingPid] = pool.pids();
    assert.equal(((await pool.run(where)) as { pid: number }).pid, crashingPid);
    await assert.rejects(pool.run({ workload: 'probe', handler: 'exit', args: { code: 3 } }), (error: Error) => {
      assert.ok(error instanceof AgentExitedError);
      assert.match(error.message, /exited \(code 3\)/);
      return true;
    });
    // The replacement has never heard of a handler the pool numbered for its predecessor: it is told again.
    assert.notEqual(pool.pids()[0], crashingPid);
    assert.equal(((await pool.run(where)) as { pid: number }).pid, pool.pids()[0]);
    await pool.close();
  });

  it('passes an error thrown by a task to its caller, message intact', async () => {
    const pool = makePool({ size: 1, serialization: 'json' });
    await pool.start();
    await assert.rejects(pool.run({ workload: 'probe', handler: 'fail', args: { message: 'agent gave up' } }), /agent gave up/);
    await assert.rejects(pool.run({ workload: 'nosuch', handler: 'x', args: null }), /workload "nosuch" has no task handler "x"/);
    await pool.close();
  });

  it('closes gracefully: work in flight finishes, then no child is left', async () => {
    const pool = makePool({ size: 2 });
    await pool.start();
    const pids = pool.pids();
    const pending = pool.run({ workload: 'probe', handler: 'wait', args: { ms: 100 } });
    await pool.close();
    assert.ok(await pending);
    assert.ok(pids.every((pid) => !alive(pid)));
    await assert.rejects(pool.run({ workload: 'spawn', handler: 'noop', args: 1 }), /pool is closed/);
  });

  it('carries channel messages both ways and returns the agent result on close', async () => {
    const pool = makePool({ size: 1 });
    await pool.start();
    const channel = await pool.open({ workload: 'messaging', handler: 'echo', args: null });
    const echoed: unknown[] = [];
    const done = new Promise<void>((resolve) => channel.onMessage((message) => echoed.push(message) === 3 && resolve()));
    for (const seq of [1, 2, 3]) channel.send({ seq, body: 'x'.repeat(seq) });
    await done;
    assert.deepEqual(echoed, [1, 2, 3].map((seq) => ({ seq, body: 'x'.repeat(seq) })));
    assert.equal(await channel.close(), 3);
    await pool.close();
  });
});
