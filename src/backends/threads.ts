import { MessageChannel, type TransferListItem } from 'node:worker_threads';
import { Piscina } from 'piscina';
import { Errors, TaskTimeoutError } from '../errors.js';
import { END_OF_CHANNEL } from './agent-host.js';
import { DeadlineQueue, TaskAbortSignal } from './deadlines.js';
import type { ThreadTask } from './thread-entry.js';
import { cpuProfArgs } from '../profile/cpu-prof-args.js';
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
  /** What a deadline stops: a shared worker's task is rejected and its thread terminated; a task with a worker of its own is aborted. */
  private readonly deadlines: DeadlineQueue<SharedTask | TaskAbortSignal> | undefined;

  constructor(private readonly options: PoolOptions) {
    this.poolSize = options.poolSize;
    const { taskTimeoutMs, tasksPerWorker } = options;
    this.deadlines =
      taskTimeoutMs > 0
        ? new DeadlineQueue<SharedTask | TaskAbortSignal>(taskTimeoutMs, (late) => {
            if (late instanceof TaskAbortSignal) late.abort(Errors.taskTimeout(taskTimeoutMs, 'a worker thread'));
            else this.stopShared(late);
          })
        : undefined;
    this.pool = new Piscina({
      filename: THREAD_ENTRY,
      minThreads: options.poolSize,
      maxThreads: options.poolSize,
      concurrentTasksPerWorker: tasksPerWorker,
      idleTimeout: Number.MAX_SAFE_INTEGER,
      recordTiming: false,
      execArgv: options.profileDir ? cpuProfArgs(options.profileDir) : [],
      ...(options.heapLimitMb ? { resourceLimits: { maxOldGenerationSizeMb: options.heapLimitMb } } : {}),
      ...(tasksPerWorker > 1 && taskTimeoutMs > 0 ? { loadBalancer: leastBusyRecordingPlacement(tasksPerWorker) } : {}),
    });
    // Errors of a task reach its caller; this only keeps a worker's crash from being unhandled.
    this.pool.on('error', () => {});
  }

  async start(): Promise<void> {}

  /**
   * Piscina runs a task that carries an abort signal on a worker of its own, so
   * a signal is used for the timeout only where workers hold one task anyway
   * (the worker is then terminated and replaced). With several tasks per worker
   * the balancer records which thread took each task: a late task is rejected
   * and that thread terminated, so piscina rejects the tasks sharing it and
   * starts a replacement, as the process pool does with a stuck child.
   */
  run(request: AgentRequest, transfer?: readonly TransferListItem[]): Promise<unknown> {
    const transferList = transfer as TransferListItem[] | undefined;
    const deadlines = this.deadlines;
    if (!deadlines) return this.pool.run(request, { transferList });
    if (this.options.tasksPerWorker > 1) {
      return new Promise((resolve, reject) => {
        const placement: Placement = { threadId: undefined };
        const deadline = deadlines.add({ reject, placement });
        // The balancer reads the placement from the task's queue options when it places the task (a symbol key is not
        // cloned to the worker). A request is marked in place, not copied (a copy per task cost 8 % of a no-op task);
        // one already marked is in flight elsewhere, so that rare caller gets a copy.
        const task = Piscina.queueOptionsSymbol in request ? { ...request } : request;
        (task as unknown as Record<symbol, Placement>)[Piscina.queueOptionsSymbol] = placement;
        this.pool.run(task, { transferList }).then(
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

  private stopShared({ reject, placement }: SharedTask): void {
    const { taskTimeoutMs } = this.options;
    reject(new TaskTimeoutError(`task timed out after ${taskTimeoutMs} ms on a worker thread shared with other tasks; the thread was stopped and replaced`));
    const thread = this.pool.threads.find((worker) => worker.threadId === placement.threadId);
    void thread?.terminate();
  }

  async close(): Promise<void> {
    await this.pool.close();
  }

  async destroy(): Promise<void> {
    await this.pool.destroy();
  }
}

/** Which thread piscina gave a task to, filled in by the balancer when it places the task. */
interface Placement {
  threadId: number | undefined;
}

interface SharedTask {
  readonly reject: (error: Error) => void;
  readonly placement: Placement;
}

type LoadBalancer = NonNullable<NonNullable<ConstructorParameters<typeof Piscina>[0]>['loadBalancer']>;

/**
 * Piscina's default least-busy placement, which also notes on each task (through its queue options) the
 * thread it chose.
 */
function leastBusyRecordingPlacement(maximumUsage: number): LoadBalancer {
  return (task, workers) => {
    let chosen: (typeof workers)[number] | null = null;
    let checkpoint = maximumUsage;
    for (const worker of workers) {
      if (worker.currentUsage === 0) {
        chosen = worker;
        break;
      }
      if (!worker.isRunningAbortableTask && !task.isAbortable && worker.currentUsage < checkpoint) {
        chosen = worker;
        checkpoint = worker.currentUsage;
      }
    }
    const placement = (task as unknown as Record<symbol, Placement | null>)[Piscina.queueOptionsSymbol];
    if (chosen && placement) placement.threadId = chosen.id;
    return chosen;
  };
}
