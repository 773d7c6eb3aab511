import type { TransferListItem } from 'node:worker_threads';
import type { AgentRequest } from '../kernel/agent.js';

export type { AgentRequest };

export type BackendKind = 'inline' | 'threads' | 'processes';

/** A conversation with one long-lived agent, as the orchestrator sees it. */
export interface AgentChannel {
  send(message: unknown, transfer?: readonly TransferListItem[]): void;
  onMessage(listener: (message: unknown) => void): void;
  /** Ends the conversation; resolves with what the agent returned. */
  close(): Promise<unknown>;
}

export interface PoolOptions {
  /** Threads or child processes in the pool (ignored by inline). */
  poolSize: number;
  /** Tasks and channels one worker or child holds at once. */
  tasksPerWorker: number;
  /**
   * Per-task limit; 0 for none. A task past it is rejected; where the backend can stop just that task's
   * worker (processes; threads holding one task each) the worker is replaced. Channels have no task limit.
   */
  taskTimeoutMs: number;
  /** Old-space limit of each agent's heap, in MiB (threads: resourceLimits; children: --max-old-space-size); absent for V8's default. */
  heapLimitMb?: number;
  /** Set when profiling: each worker thread or child writes a `.cpuprofile` into this folder when it exits. */
  profileDir?: string;
}

/**
 * Where agents run. The rest of the lab never asks which backend it holds:
 * it starts one, runs tasks or opens channels, reads its PIDs and closes it.
 */
export interface Backend {
  readonly kind: BackendKind;
  /** `default`, or an option such as the IPC serialization (`json`, `advanced`). */
  readonly variant: string;
  readonly poolSize: number;
  /**
   * Launches every worker; resolves once they accept work. A worker may still
   * be loading: warmEveryWorker() waits until each has completed a round trip.
   */
  start(): Promise<void>;
  run(request: AgentRequest, transfer?: readonly TransferListItem[]): Promise<unknown>;
  open(request: AgentRequest): Promise<AgentChannel>;
  /** Processes other than the orchestrator that host this backend's agents. */
  childPids(): number[];
  /** Waits for work in flight, then stops every worker. */
  close(): Promise<void>;
  /** Stops every worker now; work in flight is rejected. */
  destroy(): Promise<void>;
}

export function backendLabel(backend: Pick<Backend, 'kind' | 'variant'>): string {
  return backend.variant === 'default' ? backend.kind : `${backend.kind}:${backend.variant}`;
}
