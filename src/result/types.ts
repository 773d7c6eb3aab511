import type { Environment, LabIdentity } from '../measure/environment.js';
import type { LatencySummaryMs } from '../kernel/histogram.js';
import type { Spread } from '../stats/descriptive.js';
import type { Verdict } from '../stats/compare.js';
import type { SoakRecord } from '../runner/soak.js';
import type { CaseParams, ModuleSource } from '../workloads/types.js';

export const RESULT_SCHEMA = 'lab.result/1';

/** One timed repetition of a case, kept raw (fairness rule 7). */
export interface Sample {
  repetition: number;
  /** The paired round this repetition ran in: every side of the point ran once in it, in a shuffled order. */
  round?: number;
  /** Position in the run's global order: proves the interleaving (fairness rule 5). */
  order: number;
  operations: number;
  durationMs: number;
  throughputPerSec: number;
  latencyMs: { p50: number; p95: number; p99: number };
  /** This repetition's latency histogram, HDR compressed base64, in nanoseconds. */
  latencyHistogram: string;
  checksum: string;
  cpuPercent: number;
  /** Of cpuPercent, the orchestrator process's own (its main thread and worker threads) during the side's runs. */
  orchestratorCpuPercent?: number;
  /** Event-loop utilisation of the orchestrator's main thread during the repetition. */
  eventLoopUtilization: number;
  rssBytes: number;
  pssBytes: number | null;
  metrics: Record<string, number>;
}

export interface MemorySummary {
  /** Peak over repetitions of all memory of the backend: orchestrator + every child. */
  rssBytes: number;
  pssBytes: number | null;
  /** (total − idle orchestrator) / agents. */
  perAgentBytes: number;
  perAgentPssBytes: number | null;
  /** The orchestrator alone before any backend of the case started (measured alone: before this side's pool). */
  baselineRssBytes: number;
  /** Measured alone: orchestrator + the side's children with its pool started and idle, the base of perAgentBytes. */
  idlePoolRssBytes?: number;
  /** How the figure was formed for this backend. */
  accounting: string;
}

export interface CaseSummary {
  throughputPerSec: number;
  throughputUnit: string;
  throughput: Spread;
  latencyDefinition: string;
  latencyMs: LatencySummaryMs;
  memory: MemorySummary;
  cpuPercent: number;
  eventLoopUtilization: number;
  /** Start of a warm pool, before warm-up: informational, never part of throughput (fairness rule 2). */
  poolStartMs?: number;
  spawnMs?: number;
  checksum?: string;
  errors: number;
  /** Medians over repetitions of the workload's own figures. */
  metrics: Record<string, number>;
}

export interface WarmupRecord {
  /** Warm-up batches over every visit of the point. */
  batches: number;
  /** Their wall time. */
  ms: number;
  /** The last visit's warm-up ended steady, not at the scenario's warmupMs. */
  steady: boolean;
}

export interface CaseResult {
  id: string;
  suite: string;
  workload: string;
  backend: string;
  variant: string;
  params: CaseParams;
  agents: number;
  state: 'completed' | 'errored';
  error?: string;
  /** A user's own module (`lab run --workload`): its path and the SHA-256 of its content. */
  module?: ModuleSource;
  /** Workload runs per timed repetition, calibrated so one repetition lasts at least the scenario's repetitionMs. */
  batch?: number;
  /** Warm-up in repetition-sized batches until throughput stopped rising (absent when the scenario's repetitionMs is 0). */
  warmup?: WarmupRecord;
  samples: Sample[];
  /** Rounds timed before the point's ratio stopped trending, counted as warm-up after all: kept, never compared or summarised. */
  settling?: Sample[];
  /** Memory with only this side alive, after the point's first visit (fairness rule 4); absent where a suite reads its own servers. */
  memoryAlone?: AloneMemory;
  /** Why the pass alone failed for this side; its memory then comes from the paired rounds, other sides' pools idle. */
  memoryAloneError?: string;
  summary?: CaseSummary;
}

export interface MemoryReading {
  rssBytes: number;
  pssBytes: number | null;
}

/**
 * One side's memory measured with no other side's pool or workers alive:
 * the orchestrator after a full collection, then with this side's pool
 * started and warm but idle, then the peak during each of a few runs under
 * load (orchestrator + every child of the side, read together).
 */
export interface AloneMemory {
  idle: MemoryReading;
  idlePool: MemoryReading;
  /** Peak of each run, in run order: the memory metrics compare these, pairing runs by index. */
  peaks: MemoryReading[];
  /** Processes counted: the orchestrator and the side's children. */
  processes: number;
}

export interface Comparison {
  workload: string;
  params: CaseParams;
  metric: string;
  a: string;
  b: string;
  ratio: number;
  ci95: [number, number];
  pValue: number;
  /** Benjamini-Hochberg adjusted p over every comparison of the run (false discovery rate). */
  qValue: number;
  verdict: Verdict;
  higherIsBetter: boolean;
  note?: string;
  /** Paired rounds the ratio comes from (absent for unpaired comparisons). */
  rounds?: number;
  /** Relative half-width of ci95: hi / ratio − 1. */
  halfWidth?: number;
  /** The half-width met the run's target. */
  converged?: boolean;
  /** Wilcoxon signed-rank p on the per-round log ratios, beside the t-test's pValue. */
  wilcoxonP?: number;
  /** A headline comparison: threads against a processes variant on throughput; the budget works to decide these. */
  headline?: boolean;
}

/** How one parameter point was sampled: rounds, calibration, convergence of its headline ratios. */
export interface PointRecord {
  id: string;
  workload: string;
  params: CaseParams;
  /** Paired rounds kept. */
  rounds: number;
  /** Rounds dropped and redone because other processes took CPU during them. */
  roundsDisturbed: number;
  /** Workload runs per timed repetition, by side. */
  batch: Record<string, number>;
  /** Seconds spent on the point, pool start-up and warm-up included. */
  seconds: number;
  /** Of those, seconds spent starting and warming pools and calibrating, before any round. */
  openSeconds: number;
  /** Of those, seconds of the memory pass with each side alone (after the first visit). */
  aloneSeconds?: number;
  /** Widest relative half-width among its headline ratios (null without a headline ratio). */
  halfWidth: number | null;
  /** Every headline ratio met the target (null without a headline ratio). */
  converged: boolean | null;
  /** Round-to-round CV of the noisiest headline ratio. */
  ratioCv: number | null;
  /** Rounds the noisiest headline ratio would need to meet the target. */
  roundsNeeded: number | null;
  /** Why sampling stopped. */
  stoppedBy: 'target' | 'budget' | 'max-rounds' | 'fixed' | 'error' | 'interrupted' | 'left-out';
  /** Sides taken out of later rounds once their ratios against the headline pair were decided (fewer rounds than the pair). */
  rested?: string[];
  /** Rounds before this one trended (the sides were still warming up) and were set apart as warm-up. */
  settledAt?: number;
}

/** The budget a run worked under and what it achieved. */
export interface BudgetRecord {
  budgetSeconds: number;
  targetHalfWidth: number;
  repetitionMs: number;
  minRounds: number;
  maxRounds: number;
  usedSeconds: number;
  /** Headline ratios whose interval met the target, of all headline ratios. */
  decided: number;
  headline: number;
}

/** What else the machine was doing during the run. */
export interface NoiseRecord {
  /** The machine's own CPU pace, probed with a fixed loop before the first point of a budgeted run (src/measure/cpu-steadiness.ts). */
  cpu?: { sliceMs: number; slices: number; slowShare: number; slowest: number; windowCv: number; windowMs: number };
  roundsDisturbed: number;
  roundsKept: number;
  /** Mean CPU taken by processes outside the lab's tree during timed rounds, in CPUs. */
  foreignCpuMean: number;
  /** Share of CPU time stolen by the hypervisor during the run. */
  stealShare: number;
  loadavgStart: number[];
  loadavgEnd: number[];
  warnings: string[];
}

/** A CPU profile of one side at one parameter point (`--profile`), taken in a pass of its own after the point's timed rounds. */
export interface ProfileRecord {
  point: string;
  workload: string;
  params: CaseParams;
  side: string;
  /** `.cpuprofile` files (Chrome DevTools loads them), relative to the results folder (--results-dir): the orchestrator's main thread, then each worker thread or child. */
  files: string[];
  /** Wall time of the profiled pass and the workload runs in it. */
  durationMs: number;
  runs: number;
  /** Sampled busy CPU time by category over every file of the side, in ms. */
  categoriesMs: Record<'agent' | 'serialisation' | 'ipc' | 'gc' | 'other', number>;
  /** The functions with the most self time, over every file of the side. */
  top: Array<{ name: string; url: string; line: number; category: string; selfMs: number; share: number; thread: string }>;
  /** The call tree of every file under one root, pruned below 0.5 % of the busy time, for the report's icicle chart. */
  flame: ProfileFlameNode;
}

export interface ProfileFlameNode {
  name: string;
  category: string;
  totalMs: number;
  children: ProfileFlameNode[];
}

/** How the run was started: enough for `lab resume` to plan the same run again. */
export interface Invocation {
  /** The scenario as named or given on the command line (a name under scenarios/ or a path), or null with --workload alone. */
  scenario: string | null;
  /** The flags that shape the plan, as parsed. */
  flags: Record<string, unknown>;
  /** The working directory, for relative paths among them. */
  cwd: string;
}

export interface RunResult {
  schema: typeof RESULT_SCHEMA;
  lab: LabIdentity;
  runId: string;
  startedAt: string;
  finishedAt: string | null;
  /** False when the run was interrupted or stopped early: the cases present are still valid. */
  complete: boolean;
  interruptedBy?: string;
  env: Environment;
  scenario: {
    name: string;
    file: string;
    seed: number;
    poolSize: number;
    warmup: number | 'per-entry';
    repeat: number | 'per-entry';
    backends: string[];
    filter: string | null;
  };
  /** How the run was started (absent in results written before `lab resume` existed). */
  invocation?: Invocation;
  /** Soak mode (`--soak`): each side's memory over time while its workload ran without pause, with a leak verdict. */
  soak?: SoakRecord[];
  /** Points the budget could not fit even at their fewest rounds, left out unmeasured (least informative first). */
  leftOut?: string[];
  /** When `lab resume` continued the run, one entry per resume. */
  resumed?: Array<{ at: string; restoredPoints: number; tornLine: boolean }>;
  cases: CaseResult[];
  comparisons: Comparison[];
  points?: PointRecord[];
  budget?: BudgetRecord;
  noise?: NoiseRecord;
  /** CPU profiles per side and parameter point, with `--profile`. */
  profiles?: ProfileRecord[];
}
