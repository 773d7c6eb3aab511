import { PerformanceObserver, constants, type PerformanceEntry } from 'node:perf_hooks';
import v8 from 'node:v8';
import vm from 'node:vm';
import { threadId } from 'node:worker_threads';
import type { AgentModule, AgentPort } from './agent.js';

/** What one isolate holds after a full collection: its V8 heap in use (compiled code left out) and the memory outside it that it keeps alive. */
export interface LiveMemory {
  pid: number;
  threadId: number;
  heapUsedBytes: number;
  externalBytes: number;
  /** Milliseconds this isolate spent in garbage collection since it was first read, forced collections (the probe's own) left out. */
  gcMs: number;
}

let gcMs = 0;
let observer: PerformanceObserver | undefined;

/** Counts this isolate's collections from the first reading on, except the full ones the probe forces. */
function observeGc(): void {
  if (observer) return;
  observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      const flags = ((entry as PerformanceEntry & { detail?: { flags?: number } }).detail)?.flags ?? 0;
      if ((flags & constants.NODE_PERFORMANCE_GC_FLAGS_FORCED) === 0) gcMs += entry.duration;
    }
  });
  observer.observe({ entryTypes: ['gc'] });
  // Never the reason a worker or child stays alive.
  (observer as unknown as { unref?: () => void }).unref?.();
}

let collect: (() => void) | undefined;

/** A full, synchronous garbage collection, without starting the process with --expose-gc. */
export function fullGc(): void {
  if (!collect) {
    v8.setFlagsFromString('--expose-gc');
    collect = vm.runInNewContext('gc') as () => void;
  }
  collect();
}

/** This isolate's live memory, after a full collection: garbage is not a leak. */
export function liveMemory(): LiveMemory {
  observeGc();
  fullGc();
  const stats = v8.getHeapStatistics();
  // Compiled code is the JIT at work, not data an agent keeps: it grows for a while in any warm process.
  const code = v8.getHeapSpaceStatistics().find((space) => space.space_name === 'code_space')?.space_used_size ?? 0;
  return { pid: process.pid, threadId, heapUsedBytes: stats.used_heap_size - code, externalBytes: stats.external_memory, gcMs };
}

/** Held open on every worker at once (one per worker, as the pool's warm-up does): each reports its own isolate. */
async function live(port: AgentPort): Promise<void> {
  port.send(liveMemory());
  await port.ended;
}

/**
 * The soak mode's probe of what a worker or child keeps alive. Not a
 * workload: the runner opens it between repetitions, when the workers are idle.
 */
export const liveMemoryProbe: AgentModule = { channels: { live } };
