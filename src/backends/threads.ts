import { MessageChannel, type TransferListItem } from 'node:worker_threads';
import { Piscina } from 'piscina';
import { Errors, TaskTimeoutError } from '../errors.js';
import { END_OF_CHANNEL } from './agent-host.js';
import { DeadlineQueue, TaskAbortSignal } from './deadlines.js';
import type { ThreadTask } from './thread-entry.js';
import type { AgentChannel, AgentRequest, Backend, PoolOptions } from './types.js';

const THREAD_ENTRY = new URL('./thread-entry.js', import.meta.url).href;

/**
 * Agents on worker threads, in a piscina pool of fixed size. Channels are a
 * MessagePort handed to a long-running task, so messages travel by plain
 * postMessage with no per-message task bookkeeping.
 */
export class ThreadsBackend implements Backend {
  readonly kind = 'threads';
  readonly variant = 'default';
  readonly poolSize: number;
  private readonly pool: Piscina<ThreadTask, unknown>;
  /** What a deadline stops: a shared worker's task is rejected; a task with a worker of its own is aborted. */
  private readonly deadlines: DeadlineQueue<((error: Error) => void) | TaskAbortSignal> | undefined;

  constructor(private readonly options: PoolOptions) {
    this.poolSize = options.poolSize;
    const { taskTimeoutMs } = options;
    this.deadlines =
      taskTimeoutMs > 0
        ? new DeadlineQueue(taskTimeoutMs, (late) => {
            if (late instanceof TaskAbortSignal) late.abort(Errors.taskTimeout(taskTimeoutMs, 'a worker thread'));
            else late(new TaskTimeoutError(`task timed out after ${taskTimeoutMs} ms on a worker thread shared with other tasks`));
          })
        : undefined;
    this.pool = new Piscina({
      filename: THREAD_ENTRY,
      minThreads: options.poolSize,
      maxThreads: options.poolSize,
      concurrentTasksPerWorker: options.tasksPerWorker,
      idleTimeout: Number.MAX_SAFE_INTEGER,
      recordTiming: false,
      execArgv: [],
    });
    // Errors of a task reach its caller; this only keeps a worker's crash from being unhandled.
    this.pool.on('error', () => {});
  }

  async start(): Promise<void> {}

  /**
   * Piscina runs a task that carries an abort signal on a worker of its own, so
   * a signal is used for the timeout only where workers hold one task anyway
   * (the worker is then terminated and replaced). With several tasks per worker
   * a late task is rejected instead, and the case timeout stops the pool if the
   * worker never recovers.
   */
  run(request: AgentRequest, transfer?: readonly TransferListItem[]): Promise<unknown> {
    const transferList = transfer as TransferListItem[] | undefined;
    const deadlines = this.deadlines;
    if (!deadlines) return this.pool.run(request, { transferList });
    if (this.options.tasksPerWorker > 1) {
      return new Promise((resolve, reject) => {
        const deadline = deadlines.add(reject);
        this.pool.run(request, { transferList }).then(
          (value) => (deadlines.cancel(deadline), resolve(value)),
          (error: unknown) => (deadlines.cancel(deadline), reject(error)),
        );
      });
    }
    const signal = new TaskAbortSignal();
    const deadline = deadlines.add(signal);
    return this.pool.run(request, { transferList, signal }).then(
      (value) => (deadlines.cancel(deadline), value),
      (error: unknown) => {
        deadlines.cancel(deadline);
        throw signal.aborted ? signal.reason : error;
      },
    );
  }

  async open(request: AgentRequest): Promise<AgentChannel> {
    const { port1, port2 } = new MessageChannel();
    const task: ThreadTask = { ...request, port: port2 };
    const result = this.pool.run(task, { transferList: [port2] });
    result.catch(() => port1.close());
    return {
      send: (message, transfer) => port1.postMessage(message, transfer as TransferListItem[] | undefined),
      onMessage: (listener) => port1.on('message', listener),
      close: async () => {
        port1.postMessage(END_OF_CHANNEL);
        try {
          return await result;
        } finally {
          port1.close();
        }
      },
    };
  }

  childPids(): number[] {
    return [];
  }

  async close(): Promise<void> {
    await this.pool.close();
  }

  async destroy(): Promise<void> {
    await this.pool.destroy();
  }
}
