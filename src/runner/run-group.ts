import { performance } from 'node:perf_hooks';
import { createBackend, type BackendSide } from '../backends/registry.js';
import type { Backend, PoolOptions } from '../backends/types.js';
import { warmEveryWorker } from '../backends/warm.js';
import { messageOf } from '../errors.js';
import { encodeHistogram, percentilesMs } from '../kernel/histogram.js';
import { loadBetween, loadSnapshot } from '../measure/machine-load.js';
import { ResourceMonitor, readTogether, samplePids, type ResourceUsage } from '../measure/resources.js';
import type { AloneMemory, CaseResult, Sample, WarmupRecord } from '../result/types.js';
import { caseId, type CaseGroup } from '../scenario/plan.js';
import { Random, deriveSeed } from '../kernel/random.js';
import { numberParam, type Repetition } from '../workloads/types.js';
import { MIN_PAIRED_ROUNDS } from '../stats/paired.js';
import { BatchAccumulator, SteadyState, interleaveRuns } from './batch.js';
import { fullGc } from '../kernel/live-memory.js';
import { summarise, type MemoryReading } from './summarise.js';

/** What happened, in order: lets tests check warm-up and interleaving. */
export interface TraceEvent {
  type: 'start' | 'warmup' | 'repetition' | 'alone';
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
  /** The orchestrator after a full collection before the run's first point: the base every side's memory stands on. */
  memoryBase?: MemoryReading;
  onRepetition?: (side: string, repetition: number, phase: 'warmup' | 'timed') => void;
}

export class InterruptedError extends Error {
  override readonly name = 'InterruptedError';
}

/** A round during which other processes took more than this much CPU (in CPUs) is redone. */
export const DISTURBED_FOREIGN_CPUS = 0.15;

interface SideRun {
  readonly side: BackendSide;
  backend?: Backend;
  poolStartMs?: number;
  /** What starting this side's pool added to the orchestrator itself (thread workers live there). */
  inProcess: MemoryReading;
  samples: Sample[];
  /** Workload runs per timed repetition, fixed at the first visit. */
  batch: number;
  /** Warm-up until steady, over every visit; `steady` is the last visit's. */
  warmup: WarmupRecord;
  /** Memory with no other side alive, from the pass after the first visit. */
  alone?: AloneMemory;
  /** Why that pass failed for this side (its throughput still stands; memory falls back to the rounds' readings). */
  aloneError?: string;
  error?: string;
}

/** Runs per side in the memory pass: each gives one peak, and the memory metrics pair them by index. */
export const ALONE_RUNS = MIN_PAIRED_ROUNDS;
/** Memory is read this often during the pass (nothing is timed then, so reading /proc may stall the work). */
const ALONE_SAMPLE_MS = 20;

/** One round's outcome: kept, or dropped because the machine was busy with something else. */
export interface RoundOutcome {
  kept: boolean;
  foreignCpus: number;
  stealShare: number;
  wallMs: number;
}

const PROCESS_ACCOUNTING = 'sum over every child process + the idle orchestrator, read during the paired rounds (other sides’ pools idle beside it)';
const IN_PROCESS_ACCOUNTING = 'the orchestrator process, which hosts these agents, less what the other sides’ pools added to it, read during the paired rounds';

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

export async function orchestratorMemory(): Promise<MemoryReading> {
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
 * One parameter point measured on every side in paired rounds. A point can
 * be visited more than once (the budget may come back to it): each visit
 * starts and warms the pools, runs rounds, and closes them; samples, batch
 * sizes and the reference checksum carry over between visits.
 */
export class PointRun {
  readonly runs: SideRun[];
  rounds = 0;
  roundsDisturbed = 0;
  /** Seconds spent on this point over every visit. */
  seconds = 0;
  /** Mean wall time of a kept round, for the scheduler. */
  roundMs = 0;
  /** Wall time to open a visit (pool start, warm-up, calibration), for the scheduler. */
  openMs = 0;
  openMsTotal = 0;
  /** Wall time of the last close. */
  closeMs = 0;
  /** Wall time of the memory pass with each side alone. */
  aloneMs = 0;
  interrupted = false;
  private readonly resting = new Set<SideRun>();
  /** Rounds before this one were still warming up (their ratio trended): kept apart, not compared. */
  settled = 0;
  /** Rounds behind roundMs: restarted when a side rests, since rounds get shorter then. */
  private timedRounds = 0;
  private baseline: MemoryReading = { rssBytes: 0, pssBytes: null };
  private reference: { side: string; checksum: string } | undefined;
  private calibrated = false;
  private readonly agents: number;
  private readonly pool: PoolOptions;
  private readonly orderSeed: number;

  constructor(
    readonly group: CaseGroup,
    private readonly options: GroupOptions,
  ) {
    const { workload, params } = group;
    this.agents = workload.agents(params);
    this.pool = { ...workload.pool(params, numberParam(params, 'poolSize') || 1), taskTimeoutMs: options.taskTimeoutMs };
    this.runs = group.sides.map((side) => ({ side, samples: [], batch: 1, warmup: { batches: 0, ms: 0, steady: false }, inProcess: { rssBytes: 0, pssBytes: 0 } }));
    this.orderSeed = deriveSeed(options.seed, hashText(group.id));
  }

  live(): SideRun[] {
    return this.runs.filter((run) => !run.error);
  }

  /** Sides that still take part in rounds: live and not resting. */
  active(): SideRun[] {
    return this.live().filter((run) => !this.resting.has(run));
  }

  /**
   * Takes a side out of the point's next rounds (and out of the pools a
   * revisit starts): its ratios are decided, and its turn in every round
   * would only slow the headline pair. Its samples so far stay.
   */
  rest(run: SideRun): void {
    this.resting.add(run);
    this.timedRounds = 0;
  }

  /**
   * Counts the rounds before `round` as warm-up after all: their samples are
   * kept apart from the timed ones. A resting side left with too few timed
   * rounds takes part again.
   */
  settleAt(round: number, minRounds: number): void {
    this.settled = Math.max(this.settled, round);
    for (const run of [...this.resting]) {
      if (this.timedSamples(run).length < minRounds) this.resting.delete(run);
    }
  }

  /** A side's samples from the timed rounds, those before `settled` (still warming up) left out. */
  timedSamples(run: SideRun): Sample[] {
    return run.samples.filter((sample) => (sample.round ?? 0) >= this.settled);
  }

  /** Labels of the sides resting, in the point's side order. */
  restingSides(): string[] {
    return this.runs.filter((run) => this.resting.has(run)).map((run) => run.side.label);
  }

  /** Starts and warms every side's pool; on the first visit, calibrates each side's batch size. */
  async open(): Promise<void> {
    const started = performance.now();
    const { workload } = this.group;
    if (this.rounds === 0 && !this.calibrated) {
      const reading = (await samplePids([process.pid])).get(process.pid);
      this.baseline = { rssBytes: reading?.rssBytes ?? 0, pssBytes: reading?.pssBytes ?? null };
    }
    await this.step(async () => {
      if (workload.lifecycle === 'warm') {
        for (const run of this.active()) {
          if (workload.usesPool?.(run.side.kind) === false) run.backend = createBackend(run.side, this.pool);
          else await this.startPool(run);
        }
      }
      for (let index = 0; index < this.group.warmup; index++) {
        for (const run of this.active()) await this.warmOnce(run, index).catch((error: unknown) => this.failOrThrow(run, error));
      }
      if (this.group.repetitionMs > 0) await this.warmUntilSteady();
      this.calibrated = true;
    });
    this.openMs = performance.now() - started;
    this.openMsTotal += this.openMs;
    this.seconds += this.openMs / 1000;
  }

  /**
   * Warms every side in batches until its throughput is steady, or for the
   * scenario's warmupMs at most, sides taking turns so that each sees the
   * same moments of the machine. On the first visit the batch is recalibrated
   * after every warm-up batch from its wall time per run, and the last one
   * is kept for every timed round: a batch sized on a cold first run would
   * be too short once the side is warm.
   */
  private async warmUntilSteady(): Promise<void> {
    const states = new Map(this.active().map((run) => [run, new SteadyState()]));
    let warming = [...states.keys()];
    for (let batchIndex = 0; warming.length > 0; batchIndex++) {
      for (const run of warming) {
        const state = states.get(run)!;
        const runs = !this.calibrated && state.batches === 0 ? 1 : run.batch;
        const batch = new BatchAccumulator();
        let wallMs = 0;
        try {
          for (let index = 0; index < runs; index++) {
            const once = await this.warmOnce(run, this.group.warmup + batchIndex);
            batch.add(once.repetition);
            wallMs += once.wallMs;
          }
        } catch (error) {
          this.failOrThrow(run, error);
          continue;
        }
        if (!this.calibrated) run.batch = batchFor(wallMs / runs, this.group.repetitionMs);
        const { operations, durationMs } = batch.result();
        state.add(durationMs > 0 ? operations / durationMs : 0, wallMs);
      }
      warming = warming.filter((run) => !run.error && !states.get(run)!.steady && states.get(run)!.wallMs < this.group.warmupMs);
    }
    for (const [run, state] of states) {
      run.warmup = { batches: run.warmup.batches + state.batches, ms: run.warmup.ms + state.wallMs, steady: state.steady };
    }
  }

  private warmOnce(run: SideRun, index: number): ReturnType<PointRun['runOnce']> {
    this.options.trace?.({ type: 'warmup', group: this.group.id, side: run.side.label, repetition: index });
    this.options.onRepetition?.(run.side.label, index, 'warmup');
    return this.runOnce(run);
  }

  /** One paired round: every live side once, in an order shuffled from the seed; dropped when the machine was busy. */
  async round(judgeNoise: boolean): Promise<RoundOutcome> {
    const started = performance.now();
    const sides = this.shuffled(this.active());
    const totals = sides.map(() => ({ batch: new BatchAccumulator(), cpuUs: 0, active: 0, idle: 0, seen: false }));
    // Memory is read at the start and end of the round only, every side's processes in one pass: reading
    // /proc/PID/smaps_rollup while a side runs takes the memory-map lock of the process it reads and would stall the
    // work being timed. PSS only at the end, when a round's memory stands highest: the start would be the previous
    // round's end again, and each read costs milliseconds per process that the round's sides would wait for.
    const monitors = sides.map((run) => new ResourceMonitor(() => run.backend?.childPids() ?? [], 0));
    const opening = await readTogether(monitors, { pss: false });
    for (const monitor of monitors) monitor.begin(opening);
    const before = loadSnapshot();
    await this.step(async () => {
      for (const index of interleaveRuns(sides.map((run) => run.batch))) {
        const run = sides[index]!;
        const total = totals[index]!;
        if (run.error) continue;
        if (!total.seen) {
          total.seen = true;
          this.options.trace?.({ type: 'repetition', group: this.group.id, side: run.side.label, repetition: this.rounds });
          this.options.onRepetition?.(run.side.label, this.rounds, 'timed');
        }
        try {
          const once = await this.runOnce(run);
          total.batch.add(once.repetition);
          total.cpuUs += once.cpuUs;
          total.active += once.elu.active;
          total.idle += once.elu.idle;
        } catch (error) {
          this.failOrThrow(run, error);
        }
      }
    });
    const load = loadBetween(before, loadSnapshot());
    const closing = await readTogether(monitors);
    const usages = monitors.map((monitor) => monitor.end(closing));
    const kept = !this.interrupted && (!judgeNoise || load.foreignCpus <= DISTURBED_FOREIGN_CPUS);
    if (kept) {
      // A side that failed during the round leaves the others unpaired for it: only complete sides get a sample.
      sides.forEach((run, index) => {
        const total = totals[index]!;
        if (run.error || total.batch.runs === 0) return;
        const repetition = total.batch.result();
        const usage = usages[index]!;
        // CPU of this side: the orchestrator during its own runs (worker threads included) plus its children over the
        // round, unless the workload serves from processes of its own (a cluster) and reports theirs: that is the side's.
        const wallMs = total.active + total.idle;
        const childCpuMs = Math.max(0, usage.cpuMs - usage.mainCpuMs);
        const orchestratorCpuPercent = wallMs > 0 ? (total.cpuUs / 1000 / wallMs) * 100 : 0;
        const cpuPercent = repetition.metrics?.workCpuPercent ?? (wallMs > 0 ? ((total.cpuUs / 1000 + childCpuMs) / wallMs) * 100 : 0);
        const elu = wallMs > 0 ? total.active / wallMs : 0;
        const others = this.runs.filter((other) => other !== run);
        const memory = memoryOf(run, others, usage, this.baseline, repetition, this.agents);
        run.samples.push({ ...toSample(repetition, cpuPercent, elu, this.rounds, this.options.order.next++, memory), orchestratorCpuPercent, round: this.rounds });
      });
      this.rounds++;
      this.timedRounds++;
      this.roundMs += ((performance.now() - started) - this.roundMs) / this.timedRounds;
    } else if (!this.interrupted) {
      this.roundsDisturbed++;
    }
    this.seconds += (performance.now() - started) / 1000;
    return { kept, foreignCpus: load.foreignCpus, stealShare: load.stealShare, wallMs: load.wallMs };
  }

  /**
   * Memory of every side with no other side alive (fairness rule 4), once per
   * point after its first visit closed: in the seeded order of a round, each
   * side in turn has the orchestrator collected and read idle, its pool
   * started and warmed (idle pool), a few runs of the workload with the
   * orchestrator and the side's children read together every few
   * milliseconds (one peak per run), and its pool closed. Nothing is timed:
   * throughput comes from the paired rounds. Workloads whose suites serve
   * from processes of their own read those by PID instead, and cold
   * workloads start and stop their pool inside every run.
   */
  async measureAlone(): Promise<void> {
    const started = performance.now();
    try {
      await this.eachSideAlone();
    } finally {
      this.aloneMs = performance.now() - started;
      this.seconds += this.aloneMs / 1000;
    }
  }

  /** Whether the point's sides get a memory pass alone: warm workloads whose every side runs on the runner's pools. */
  measuresAlone(): boolean {
    const { workload } = this.group;
    return this.group.memoryAlone && workload.lifecycle === 'warm' && !this.runs.some((run) => run.side.kind !== 'inline' && workload.usesPool?.(run.side.kind) === false);
  }

  private async eachSideAlone(): Promise<void> {
    if (!this.measuresAlone() || this.interrupted) return;
    for (const run of this.shuffled(this.live())) {
      if (this.options.signal.aborted) return;
      try {
        this.options.trace?.({ type: 'alone', group: this.group.id, side: run.side.label, repetition: -1 });
        fullGc();
        const idle = await orchestratorMemory();
        await this.startWarm(run);
        const pids = (): number[] => run.backend?.childPids() ?? [];
        const idlePoolReading = new ResourceMonitor(pids, 0);
        await idlePoolReading.start();
        const idlePool = await idlePoolReading.stop();
        const peaks: MemoryReading[] = [];
        let processes = 1;
        for (let index = 0; index < ALONE_RUNS; index++) {
          const monitor = new ResourceMonitor(pids, ALONE_SAMPLE_MS);
          await monitor.start();
          await this.runOnce(run);
          const usage = await monitor.stop();
          peaks.push({ rssBytes: usage.totalRssBytes, pssBytes: usage.totalPssBytes });
          processes = Math.max(processes, 1 + usage.childCount);
        }
        run.alone = { idle, idlePool: { rssBytes: idlePool.totalRssBytes, pssBytes: idlePool.totalPssBytes }, peaks, processes };
      } catch (error) {
        if (error instanceof InterruptedError) this.interrupted = true;
        else run.aloneError = messageOf(error);
      } finally {
        await closeQuietly(run, this.interrupted);
      }
    }
  }

  /** Ends a visit: graceful close, or destroy at once when interrupted. */
  async close(): Promise<void> {
    const started = performance.now();
    await Promise.all(this.runs.map((run) => closeQuietly(run, this.interrupted)));
    this.closeMs = performance.now() - started;
    this.seconds += this.closeMs / 1000;
  }

  /** The point's cases as they stand. */
  results(): CaseResult[] {
    const { workload, params } = this.group;
    return this.runs.map((run): CaseResult => {
      const timed = this.timedSamples(run);
      const done = timed.length;
      const error = run.error ?? (this.interrupted && done < this.group.repeat ? `interrupted after ${done} of ${this.group.repeat} rounds` : undefined);
      const result: CaseResult = {
        id: caseId(workload.name, params, run.side.label),
        suite: workload.suite ?? 'core',
        workload: workload.name,
        backend: run.side.kind,
        variant: run.side.variant,
        params,
        agents: this.agents,
        state: error ? 'errored' : 'completed',
        batch: run.batch,
        samples: timed,
      };
      const settling = run.samples.filter((sample) => (sample.round ?? 0) < this.settled);
      if (settling.length > 0) result.settling = settling;
      if (error) result.error = error;
      if (workload.source) result.module = workload.source;
      if (run.warmup.batches > 0) result.warmup = { ...run.warmup, ms: Math.round(run.warmup.ms) };
      if (run.alone) result.memoryAlone = run.alone;
      if (run.aloneError) result.memoryAloneError = run.aloneError;
      if (done > 0) {
        result.summary = summarise({
          workload,
          agents: this.agents,
          samples: timed,
          baseline: this.baseline,
          alone: run.alone,
          memoryBase: this.options.memoryBase,
          accounting: run.side.kind === 'processes' ? PROCESS_ACCOUNTING : IN_PROCESS_ACCOUNTING,
          poolStartMs: run.poolStartMs,
          errors: error ? 1 : 0,
        });
      }
      return result;
    });
  }

  private async startPool(run: SideRun): Promise<void> {
    try {
      const before = await orchestratorMemory();
      const started = performance.now();
      this.options.trace?.({ type: 'start', group: this.group.id, side: run.side.label, repetition: -1 });
      await this.startWarm(run);
      run.poolStartMs ??= performance.now() - started;
      const after = await orchestratorMemory();
      run.inProcess = {
        rssBytes: Math.max(0, after.rssBytes - before.rssBytes),
        pssBytes: after.pssBytes === null || before.pssBytes === null ? null : Math.max(0, after.pssBytes - before.pssBytes),
      };
    } catch (error) {
      this.failOrThrow(run, error);
    }
  }

  /** Creates the side's backend, starts its pool and warms every worker (one task each), within the case timeout. */
  private startWarm(run: SideRun): Promise<unknown> {
    const backend = (run.backend = createBackend(run.side, this.pool));
    const { workload } = this.group;
    return guard(
      backend.start().then(() => warmEveryWorker(backend, workload.agentModule ?? workload.name)),
      this.options.caseTimeoutMs,
      this.options.signal,
      () => void backend.destroy(),
    );
  }

  /** One run of the workload on one side, timed on the wall clock, with the orchestrator's CPU and event-loop time during it. */
  private async runOnce(run: SideRun): Promise<{ repetition: Repetition; wallMs: number; cpuUs: number; elu: { active: number; idle: number } }> {
    const { workload, params } = this.group;
    const eluStart = performance.eventLoopUtilization();
    const cpuStart = process.cpuUsage();
    const started = performance.now();
    const work =
      workload.lifecycle === 'warm'
        ? workload.run({ backend: run.backend!, params, seed: this.options.seed, prepared: this.options.prepared })
        : workload.run({
            side: run.side,
            params,
            seed: this.options.seed,
            createBackend: () => (run.backend = createBackend(run.side, this.pool)),
          });
    let repetition: Repetition;
    try {
      repetition = await guard(work, this.options.caseTimeoutMs, this.options.signal, () => void run.backend?.destroy());
    } finally {
      if (workload.lifecycle === 'cold') run.backend = undefined;
    }
    const wallMs = performance.now() - started;
    const cpu = process.cpuUsage(cpuStart);
    const elu = performance.eventLoopUtilization(eluStart);
    if (!this.reference) this.reference = { side: run.side.label, checksum: repetition.checksum };
    else if (repetition.checksum !== this.reference.checksum) {
      throw new Error(
        `checksum ${repetition.checksum} differs from ${this.reference.side}'s ${this.reference.checksum}: the backends did not do the same work`,
      );
    }
    return { repetition, wallMs, cpuUs: cpu.user + cpu.system, elu: { active: elu.active, idle: elu.idle } };
  }

  /** Fisher-Yates from a seed per round: a redone round keeps its order, and the same seed gives the same orders. */
  private shuffled(runs: SideRun[]): SideRun[] {
    const random = new Random(deriveSeed(this.orderSeed, this.rounds));
    const order = [...runs];
    for (let i = order.length - 1; i > 0; i--) {
      const j = random.int(i + 1);
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    return order;
  }

  /** Runs a step; an interruption is recorded (the point keeps what it measured), anything else propagates. */
  private async step(work: () => Promise<void>): Promise<void> {
    try {
      await work();
    } catch (error) {
      if (!(error instanceof InterruptedError)) throw error;
      this.interrupted = true;
    }
  }

  private failOrThrow(run: SideRun, error: unknown): void {
    if (error instanceof InterruptedError) throw error;
    run.error = messageOf(error);
    void run.backend?.destroy();
    run.backend = undefined;
  }
}

/** Workload runs per repetition so one repetition lasts at least `targetMs` (1 when one run already does). */
export function batchFor(onceMs: number, targetMs: number): number {
  if (!(onceMs > 0) || targetMs <= 0) return 1;
  return Math.max(1, Math.min(100_000, Math.ceil(targetMs / onceMs)));
}

function hashText(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return hash;
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

function toSample(repetition: Repetition, cpuPercent: number, elu: number, index: number, order: number, memory: MemoryReading): Sample {
  return {
    repetition: index,
    order,
    operations: repetition.operations,
    durationMs: repetition.durationMs,
    throughputPerSec: repetition.operations / (repetition.durationMs / 1000),
    latencyMs: percentilesMs(repetition.latency),
    latencyHistogram: encodeHistogram(repetition.latency),
    checksum: repetition.checksum,
    cpuPercent,
    eventLoopUtilization: elu,
    rssBytes: memory.rssBytes,
    pssBytes: memory.pssBytes,
    metrics: { ...repetition.metrics },
  };
}
