import { performance } from 'node:perf_hooks';
import { createBackend, type BackendSide } from '../backends/registry.js';
import type { Backend, PoolOptions } from '../backends/types.js';
import { warmEveryWorker } from '../backends/warm.js';
import { messageOf } from '../errors.js';
import { encodeHistogram, summariseHistogram } from '../measure/histogram.js';
import { ResourceMonitor, samplePids, type ResourceUsage } from '../measure/resources.js';
import type { CaseResult, Sample } from '../result/types.js';
import { caseId, type CaseGroup } from '../scenario/plan.js';
import { numberParam, type Repetition } from '../workloads/types.js';
import { summarise, type MemoryReading } from './summarise.js';

/** What happened, in order: lets tests check warm-up and interleaving. */
export interface TraceEvent {
  type: 'start' | 'warmup' | 'repetition';
  group: string;
  side: string;
  repetition: number;
}

export interface GroupOptions {
  seed: number;
  caseTimeoutMs: number;
  taskTimeoutMs: number;
  signal: AbortSignal;
  /** Shared across the run: the global position of each timed repetition. */
  order: { next: number };
  trace?: (event: TraceEvent) => void;
  prepared?: unknown;
  onRepetition?: (side: string, repetition: number, phase: 'warmup' | 'timed') => void;
}

export class InterruptedError extends Error {
  override readonly name = 'InterruptedError';
}

interface SideRun {
  readonly side: BackendSide;
  backend?: Backend;
  poolStartMs?: number;
  /** What starting this side's pool added to the orchestrator itself (thread workers live there). */
  inProcess: MemoryReading;
  samples: Sample[];
  error?: string;
}

const PROCESS_ACCOUNTING = 'sum over every child process + the idle orchestrator';
const IN_PROCESS_ACCOUNTING = 'the orchestrator process, which hosts these agents, less what the other sides’ pools added to it';

/** Settles with the promise, or rejects when the time is up or the run is interrupted. */
function guard<T>(work: Promise<T>, timeoutMs: number, signal: AbortSignal, onTimeout: () => void): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  const stop = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      onTimeout();
      reject(new Error(`repetition timed out after ${timeoutMs} ms (scenario caseTimeoutMs)`));
    }, timeoutMs);
    onAbort = () => reject(new InterruptedError('interrupted'));
    if (signal.aborted) onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
  });
  return Promise.race([work, stop]).finally(() => {
    clearTimeout(timer);
    signal.removeEventListener('abort', onAbort!);
  });
}

async function orchestratorMemory(): Promise<MemoryReading> {
  const reading = (await samplePids([process.pid])).get(process.pid);
  return { rssBytes: reading?.rssBytes ?? 0, pssBytes: reading?.pssBytes ?? null };
}

/**
 * All the memory of one side (fairness rule 4). Processes: every child plus
 * the idle orchestrator. Inline and threads: the orchestrator, less what the
 * other sides' pools added to it when they started (idle thread workers of
 * the threads side live in the same process as inline agents).
 */
function memoryOf(run: SideRun, others: readonly SideRun[], usage: ResourceUsage, baseline: MemoryReading, repetition: Repetition, agents: number): MemoryReading {
  if (run.side.kind === 'processes' && repetition.metrics?.perAgentRssBytes === undefined) {
    return {
      rssBytes: usage.childRssBytes + baseline.rssBytes,
      pssBytes: usage.childPssBytes === null || baseline.pssBytes === null ? null : usage.childPssBytes + baseline.pssBytes,
    };
  }
  const perAgent = repetition.metrics?.perAgentRssBytes;
  if (perAgent !== undefined) {
    const perAgentPss = repetition.metrics?.perAgentPssBytes;
    return {
      rssBytes: baseline.rssBytes + perAgent * agents,
      pssBytes: perAgentPss === undefined || baseline.pssBytes === null ? null : baseline.pssBytes + perAgentPss * agents,
    };
  }
  const otherRss = others.reduce((total, other) => total + other.inProcess.rssBytes, 0);
  const otherPss = others.reduce<number | null>(
    (total, other) => (total === null || other.inProcess.pssBytes === null ? null : total + other.inProcess.pssBytes),
    0,
  );
  return {
    rssBytes: Math.max(baseline.rssBytes, usage.mainRssBytes - otherRss),
    pssBytes: usage.mainPssBytes === null || otherPss === null ? null : usage.mainPssBytes - otherPss,
  };
}

/**
 * Runs one parameter point on every side. Warm pools are started and warmed
 * first (spawn is never timed here); then warm-up repetitions; then timed
 * repetitions interleaved A B C A B C so drift hits every side alike.
 */
export async function runGroup(group: CaseGroup, options: GroupOptions): Promise<CaseResult[]> {
  const { workload, params } = group;
  const agents = workload.agents(params);
  const shape = workload.pool(params, numberParam(params, 'poolSize') || 1);
  const pool: PoolOptions = { ...shape, taskTimeoutMs: options.taskTimeoutMs };
  const runs: SideRun[] = group.sides.map((side) => ({ side, samples: [], inProcess: { rssBytes: 0, pssBytes: 0 } }));
  const baselineReading = (await samplePids([process.pid])).get(process.pid);
  const baseline: MemoryReading = { rssBytes: baselineReading?.rssBytes ?? 0, pssBytes: baselineReading?.pssBytes ?? null };
  let reference: { side: string; checksum: string } | undefined;
  let interrupted = false;

  const fail = (run: SideRun, error: unknown): void => {
    run.error = messageOf(error);
    void run.backend?.destroy();
    run.backend = undefined;
  };

  const repeatOnce = async (run: SideRun): Promise<{ repetition: Repetition; usage: ResourceUsage; elu: number }> => {
    const monitor = new ResourceMonitor(() => run.backend?.childPids() ?? []);
    await monitor.start();
    const eluStart = performance.eventLoopUtilization();
    const work =
      workload.lifecycle === 'warm'
        ? workload.run({ backend: run.backend!, params, seed: options.seed, prepared: options.prepared })
        : workload.run({
            side: run.side,
            params,
            seed: options.seed,
            createBackend: () => (run.backend = createBackend(run.side, pool)),
          });
    const repetition = await guard(work, options.caseTimeoutMs, options.signal, () => void run.backend?.destroy());
    const elu = performance.eventLoopUtilization(eluStart).utilization;
    const usage = await monitor.stop();
    if (workload.lifecycle === 'cold') run.backend = undefined;
    if (!reference) reference = { side: run.side.label, checksum: repetition.checksum };
    else if (repetition.checksum !== reference.checksum) {
      throw new Error(
        `checksum ${repetition.checksum} differs from ${reference.side}'s ${reference.checksum}: the backends did not do the same work`,
      );
    }
    return { repetition, usage, elu };
  };

  const live = (): SideRun[] => runs.filter((run) => !run.error);

  try {
    if (workload.lifecycle === 'warm') {
      for (const run of runs) {
        try {
          const before = await orchestratorMemory();
          const started = performance.now();
          run.backend = createBackend(run.side, pool);
          options.trace?.({ type: 'start', group: group.id, side: run.side.label, repetition: -1 });
          await guard(
            run.backend.start().then(() => warmEveryWorker(run.backend!, workload.name)),
            options.caseTimeoutMs,
            options.signal,
            () => void run.backend?.destroy(),
          );
          run.poolStartMs = performance.now() - started;
          const after = await orchestratorMemory();
          run.inProcess = {
            rssBytes: Math.max(0, after.rssBytes - before.rssBytes),
            pssBytes: after.pssBytes === null || before.pssBytes === null ? null : Math.max(0, after.pssBytes - before.pssBytes),
          };
        } catch (error) {
          if (error instanceof InterruptedError) throw error;
          fail(run, error);
        }
      }
    }
    for (let index = 0; index < group.warmup; index++) {
      for (const run of live()) {
        options.trace?.({ type: 'warmup', group: group.id, side: run.side.label, repetition: index });
        options.onRepetition?.(run.side.label, index, 'warmup');
        await repeatOnce(run).catch((error: unknown) => {
          if (error instanceof InterruptedError) throw error;
          fail(run, error);
        });
      }
    }
    for (let index = 0; index < group.repeat; index++) {
      for (const run of live()) {
        options.trace?.({ type: 'repetition', group: group.id, side: run.side.label, repetition: index });
        options.onRepetition?.(run.side.label, index, 'timed');
        try {
          const { repetition, usage, elu } = await repeatOnce(run);
          run.samples.push(toSample(repetition, usage, elu, index, options.order.next++, memoryOf(run, runs.filter((other) => other !== run), usage, baseline, repetition, agents)));
        } catch (error) {
          if (error instanceof InterruptedError) throw error;
          fail(run, error);
        }
      }
    }
  } catch (error) {
    if (!(error instanceof InterruptedError)) throw error;
    interrupted = true;
  } finally {
    await Promise.all(runs.map((run) => closeQuietly(run, interrupted)));
  }

  const results = runs.map((run): CaseResult => {
    const done = run.samples.length;
    const error =
      run.error ?? (interrupted && done < group.repeat ? `interrupted after ${done} of ${group.repeat} repetitions` : undefined);
    const result: CaseResult = {
      id: caseId(workload.name, params, run.side.label),
      suite: workload.suite ?? 'core',
      workload: workload.name,
      backend: run.side.kind,
      variant: run.side.variant,
      params,
      agents,
      state: error ? 'errored' : 'completed',
      samples: run.samples,
    };
    if (error) result.error = error;
    if (done > 0) {
      result.summary = summarise({
        workload,
        agents,
        samples: run.samples,
        baseline,
        accounting: run.side.kind === 'processes' ? PROCESS_ACCOUNTING : IN_PROCESS_ACCOUNTING,
        poolStartMs: run.poolStartMs,
        errors: error ? 1 : 0,
      });
    }
    return result;
  });
  if (interrupted) throw new InterruptedGroupError(results);
  return results;
}

/** The cases of a group that could not run at all, each recording why. */
export function erroredCases(group: CaseGroup, message: string): CaseResult[] {
  return group.sides.map((side) => ({
    id: caseId(group.workload.name, group.params, side.label),
    suite: group.workload.suite ?? 'core',
    workload: group.workload.name,
    backend: side.kind,
    variant: side.variant,
    params: group.params,
    agents: group.workload.agents(group.params),
    state: 'errored',
    error: message,
    samples: [],
  }));
}

/** Carries the cases of a group cut short, so the runner can keep what they measured. */
export class InterruptedGroupError extends InterruptedError {
  constructor(readonly partial: CaseResult[]) {
    super('interrupted');
  }
}

async function closeQuietly(run: SideRun, now: boolean): Promise<void> {
  const backend = run.backend;
  run.backend = undefined;
  if (!backend) return;
  try {
    if (now) await backend.destroy();
    else await guardClose(backend);
  } catch {
    await backend.destroy().catch(() => {});
  }
}

/** A graceful close that cannot hang a run: after 5 s the workers are killed. */
async function guardClose(backend: Backend): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<void>((resolve) => {
    timer = setTimeout(() => void backend.destroy().finally(resolve), 5000);
  });
  await Promise.race([backend.close(), late]).finally(() => clearTimeout(timer));
}

function toSample(repetition: Repetition, usage: ResourceUsage, elu: number, index: number, order: number, memory: MemoryReading): Sample {
  const latency = summariseHistogram(repetition.latency);
  return {
    repetition: index,
    order,
    operations: repetition.operations,
    durationMs: repetition.durationMs,
    throughputPerSec: repetition.operations / (repetition.durationMs / 1000),
    latencyMs: { p50: latency.p50, p95: latency.p95, p99: latency.p99 },
    latencyHistogram: encodeHistogram(repetition.latency),
    checksum: repetition.checksum,
    cpuPercent: usage.cpuPercent,
    eventLoopUtilization: elu,
    rssBytes: memory.rssBytes,
    pssBytes: memory.pssBytes,
    metrics: { ...repetition.metrics },
  };
}
