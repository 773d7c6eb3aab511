import { MessageChannel, type TransferListItem } from 'node:worker_threads';
import { Piscina } from 'piscina';
import { Errors } from '../errors.js';
import { END_OF_CHANNEL } from './agent-host.js';
import type { ThreadTask } from './thread-entry.js';
import type { AgentChannel, AgentRequest, Backend, PoolOptions } from './types.js';
import { warmEveryWorker } from './warm.js';

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

  constructor(private readonly options: PoolOptions) {
    this.poolSize = options.poolSize;
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

  async start(): Promise<void> {
    await warmEveryWorker(this);
  }

  async run(request: AgentRequest, transfer?: readonly TransferListItem[]): Promise<unknown> {
    const { taskTimeoutMs } = this.options;
    try {
      return await this.pool.run(request, {
        transferList: transfer as TransferListItem[] | undefined,
        signal: taskTimeoutMs > 0 ? AbortSignal.timeout(taskTimeoutMs) : null,
      });
    } catch (error) {
      if (taskTimeoutMs > 0 && (error as Error).name === 'AbortError') {
        throw Errors.taskTimeout(taskTimeoutMs, 'a worker thread');
      }
      throw error;
    }
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
