import { fileURLToPath } from 'node:url';
import type { AgentChannel, AgentRequest, Backend, PoolOptions } from './types.js';
import { ProcessPool } from './process-pool.js';
import { cpuProfArgs } from '../profile/cpu-prof-args.js';

const CHILD_ENTRY = fileURLToPath(new URL('./process-child.js', import.meta.url));

export type IpcSerialization = 'json' | 'advanced';

/**
 * Agents in forked child processes, in the lab's own pool. The variant is
 * the IPC serialization: `json` (Node's default) or `advanced` (V8's
 * structured clone, which carries typed arrays, Maps and Buffers).
 */
export class ProcessesBackend implements Backend {
  readonly kind = 'processes';
  readonly poolSize: number;
  private readonly pool: ProcessPool;

  constructor(
    options: PoolOptions,
    readonly variant: IpcSerialization,
  ) {
    this.poolSize = options.poolSize;
    this.pool = new ProcessPool({
      filename: CHILD_ENTRY,
      size: options.poolSize,
      tasksPerChild: options.tasksPerWorker,
      serialization: variant,
      taskTimeoutMs: options.taskTimeoutMs,
      execArgv: [...(options.heapLimitMb ? [`--max-old-space-size=${options.heapLimitMb}`] : []), ...(options.profileDir ? cpuProfArgs(options.profileDir) : [])],
    });
  }

  start(): Promise<void> {
    return this.pool.start();
  }

  run(request: AgentRequest): Promise<unknown> {
    return this.pool.run(request);
  }

  open(request: AgentRequest): Promise<AgentChannel> {
    return this.pool.open(request);
  }

  childPids(): number[] {
    return this.pool.pids();
  }

  close(): Promise<void> {
    return this.pool.close();
  }

  destroy(): Promise<void> {
    return this.pool.destroy();
  }
}
