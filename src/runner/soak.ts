import { performance } from 'node:perf_hooks';
import tQuantile from '@stdlib/stats-base-dists-t-quantile';
import { createBackend } from '../backends/registry.js';
import { warmEveryWorker } from '../backends/warm.js';
import { messageOf } from '../errors.js';
import { samplePids } from '../measure/resources.js';
import type { CaseGroup } from '../scenario/plan.js';
import { liveMemory, type LiveMemory } from '../kernel/live-memory.js';
import type { Backend } from '../backends/types.js';
import { numberParam } from '../workloads/types.js';
import { slopeOf } from '../stats/regression.js';
import { SharedSetups } from './shared-setups.js';

/** One reading of a side's memory during a soak. */
export interface SoakSample {
  /** Milliseconds since the side's soak began. */
  atMs: number;
  /** Summed over the side's processes: the orchestrator (and its worker threads) and its children. */
  rssBytes: number;
  pssBytes: number | null;
  /**
   * What the side keeps alive after a full garbage collection in every isolate it uses: the V8 heap in use plus the
   * memory outside it that objects hold (buffers), summed over its workers or children and the orchestrator.
   */
  liveBytes: number;
}

export type SoakVerdict = 'growing' | 'flat';

/** How one side's memory moved while a warm workload ran without pause. */
export interface SoakRecord {
  point: string;
  workload: string;
  params: CaseGroup['params'];
  side: string;
  agents: number;
  durationMs: number;
  repetitions: number;
  /**
   * Growth of live memory (after a full collection) per agent per hour: the least-squares slope over the samples
   * after the first SETTLE_SHARE of the soak. RSS is recorded too, but a young heap grows its RSS for a while without
   * leaking anything.
   */
  growthPerAgentPerHour: number;
  /** The same slope on RSS, for reference. */
  rssGrowthPerAgentPerHour: number;
  /** Its 95 % interval (t on the slope's standard error). */
  ci95: [number, number];
  /** Share of the orchestrator's wall time spent in garbage collection (its own isolate). */
  gcShare: number;
  /** `growing` when the whole interval lies above the threshold, else `flat`. */
  verdict: SoakVerdict;
  /** The rate the verdict used: --leak-threshold, or higher for a short soak (MIN_LEAK_BYTES_PER_AGENT over the judged time). */
  thresholdPerAgentPerHour: number;
  samples: SoakSample[];
  error?: string;
}

/** The first part of a soak is left out of the slope: pools, JIT and heaps are still settling. */
export const SETTLE_SHARE = 0.25;
/**
 * Growth of live memory per agent per hour that counts as a leak unless the soak is given another
 * (--leak-threshold): a steady agent measured here for seconds stays below it (code and caches still settle),
 * while a leak of 64 MiB an hour per agent is 1.5 GiB a day for each.
 */
export const DEFAULT_LEAK_THRESHOLD = 64 * 1024 * 1024;
/**
 * A leak must also have added this much per agent over the judged part of the soak. A soak of seconds cannot tell a
 * slow leak from code and caches still settling (a steady agent here adds tens of KiB in a few seconds), so a short
 * soak calls only a steep climb growing; over ten minutes the rate threshold decides.
 */
export const MIN_LEAK_BYTES_PER_AGENT = 2 * 1024 * 1024;

/** Growth per agent per hour with its interval, and the verdict, from a side's samples. */
export function judgeSoak(
  samples: readonly SoakSample[],
  durationMs: number,
  agents: number,
  threshold: number,
): Pick<SoakRecord, 'growthPerAgentPerHour' | 'rssGrowthPerAgentPerHour' | 'ci95' | 'verdict' | 'thresholdPerAgentPerHour'> {
  const kept = samples.filter((sample) => sample.atMs >= durationMs * SETTLE_SHARE);
  const perHour = (bytesPerMs: number): number => (bytesPerMs * 3_600_000) / Math.max(1, agents);
  if (kept.length < 4) {
    return { growthPerAgentPerHour: Number.NaN, rssGrowthPerAgentPerHour: Number.NaN, ci95: [-Infinity, Infinity], verdict: 'flat', thresholdPerAgentPerHour: threshold };
  }
  const times = kept.map((sample) => sample.atMs);
  const { slope, se, df } = slopeOf(times, kept.map((sample) => sample.liveBytes));
  const half = Number.isFinite(se) ? tQuantile(0.975, df) * se : Infinity;
  const ci95: [number, number] = [perHour(slope - half), perHour(slope + half)];
  const rss = slopeOf(times, kept.map((sample) => sample.rssBytes)).slope;
  const judgedHours = (times.at(-1)! - times[0]!) / 3_600_000;
  const effective = Math.max(threshold, judgedHours > 0 ? MIN_LEAK_BYTES_PER_AGENT / judgedHours : Infinity);
  return {
    growthPerAgentPerHour: perHour(slope),
    rssGrowthPerAgentPerHour: perHour(rss),
    ci95,
    verdict: ci95[0] > effective ? 'growing' : 'flat',
    thresholdPerAgentPerHour: effective,
  };
}

/** Live memory of every isolate the side uses: one probe per worker or child, held open at once, and the orchestrator's. */
async function liveIsolates(backend: Backend, inline: boolean): Promise<LiveMemory[]> {
  const channels = await Promise.all(Array.from({ length: backend.poolSize }, () => backend.open({ workload: 'live-memory', handler: 'live', args: null })));
  const readings = await Promise.all(channels.map((channel) => new Promise<LiveMemory>((resolve) => channel.onMessage((reading) => resolve(reading as LiveMemory)))));
  await Promise.all(channels.map((channel) => channel.close()));
  const isolates = new Map(readings.map((reading) => [`${reading.pid}/${reading.threadId}`, reading]));
  // Inline agents live in the orchestrator's own isolate, which the probe has just read.
  if (!inline) {
    const own = liveMemory();
    isolates.set(`${own.pid}/${own.threadId}`, own);
  }
  return [...isolates.values()];
}

/**
 * Of the time between a side's first and last reading, the share each of its isolates (workers or children, and the
 * orchestrator) spent collecting garbage, averaged over the isolates.
 */
function gcShareOf(first: readonly LiveMemory[], last: readonly LiveMemory[], spanMs: number): number {
  const before = new Map(first.map((reading) => [`${reading.pid}/${reading.threadId}`, reading.gcMs]));
  const shares = last.flatMap((reading) => {
    const start = before.get(`${reading.pid}/${reading.threadId}`);
    return start === undefined || spanMs <= 0 ? [] : [Math.max(0, reading.gcMs - start) / spanMs];
  });
  return shares.length > 0 ? shares.reduce((total, share) => total + share, 0) / shares.length : 0;
}

function liveTotal(reading: LiveMemory): number {
  return reading.heapUsedBytes + reading.externalBytes;
}

export interface SoakOptions {
  groups: readonly CaseGroup[];
  durationMs: number;
  seed: number;
  taskTimeoutMs: number;
  thresholdPerAgentPerHour: number;
  signal: AbortSignal;
  onSide?: (group: CaseGroup, side: string) => void;
}

/**
 * Soak mode: each side of each point runs its warm workload repetition after
 * repetition for the whole duration, alone (one pool alive at a time), while
 * the memory of every process of the side is read at a steady interval.
 * Sides run one after another, so a leak is charged to the side that has it.
 */
export async function runSoak(options: SoakOptions): Promise<SoakRecord[]> {
  const records: SoakRecord[] = [];
  const shared = new SharedSetups(options.groups);
  const sampleMs = Math.max(100, Math.min(5000, options.durationMs / 100));
  try {
    for (const group of options.groups) {
      const { workload, params } = group;
      if (workload.lifecycle !== 'warm') throw new Error(`${workload.name} measures start-up, not a running agent: soak needs a warm workload`);
      const prepared = await shared.before(group);
      const agents = workload.agents(params);
      const pool = { ...workload.pool(params, numberParam(params, 'poolSize') || 1), taskTimeoutMs: options.taskTimeoutMs };
      for (const side of group.sides) {
        if (options.signal.aborted) break;
        options.onSide?.(group, side.label);
        const backend = createBackend(side, pool);
        const samples: SoakSample[] = [];
        let firstIsolates: { atMs: number; readings: LiveMemory[] } | undefined;
        let lastIsolates: { atMs: number; readings: LiveMemory[] } | undefined;
        let repetitions = 0;
        let error: string | undefined;
        const started = performance.now();
        try {
          if (workload.usesPool?.(side.kind) !== false) {
            await backend.start();
            await warmEveryWorker(backend, workload.agentModule ?? workload.name);
          }
          // Read between repetitions, when every worker is idle: each probe then lands on a worker of its own.
          const read = async (): Promise<void> => {
            // A suite serving from its own processes has no pool to probe: only the orchestrator's isolate is read.
            const ownPool = workload.usesPool?.(side.kind) !== false;
            const isolates = ownPool ? await liveIsolates(backend, side.kind === 'inline') : [liveMemory()];
            lastIsolates = { atMs: performance.now() - started, readings: isolates };
            firstIsolates ??= lastIsolates;
            const live = isolates.reduce((total, reading) => total + liveTotal(reading), 0);
            const readings = [...(await samplePids([process.pid, ...backend.childPids()])).values()];
            const pss = readings.map((reading) => reading.pssBytes);
            samples.push({
              atMs: performance.now() - started,
              rssBytes: readings.reduce((total, reading) => total + reading.rssBytes, 0),
              pssBytes: pss.every((value) => value !== null) ? pss.reduce<number>((total, value) => total + value!, 0) : null,
              liveBytes: live,
            });
          };
          let lastRead = -Infinity;
          while (performance.now() - started < options.durationMs && !options.signal.aborted) {
            if (performance.now() - lastRead >= sampleMs) {
              lastRead = performance.now();
              await read();
            }
            await workload.run({ backend, params, seed: options.seed, prepared });
            repetitions++;
          }
          await read();
        } catch (caught) {
          error = messageOf(caught);
        } finally {
          await backend.close().catch(() => backend.destroy());
        }
        const durationMs = performance.now() - started;
        records.push({
          point: group.id,
          workload: workload.name,
          params,
          side: side.label,
          agents,
          durationMs,
          repetitions,
          gcShare: firstIsolates && lastIsolates ? gcShareOf(firstIsolates.readings, lastIsolates.readings, lastIsolates.atMs - firstIsolates.atMs) : 0,
          ...judgeSoak(samples, durationMs, agents, options.thresholdPerAgentPerHour),
          samples,
          ...(error ? { error } : {}),
        });
      }
    }
  } finally {
    await shared.closeAll();
  }
  return records;
}
