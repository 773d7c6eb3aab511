import type { Environment, LabIdentity } from '../measure/environment.js';
import type { LatencySummaryMs } from '../measure/histogram.js';
import type { Spread } from '../stats/descriptive.js';
import type { Verdict } from '../stats/compare.js';
import type { CaseParams } from '../workloads/types.js';

export const RESULT_SCHEMA = 'lab.result/1';

/** One timed repetition of a case, kept raw (fairness rule 7). */
export interface Sample {
  repetition: number;
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
  /** The orchestrator alone before any backend of the case started. */
  baselineRssBytes: number;
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
  samples: Sample[];
  summary?: CaseSummary;
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
  cases: CaseResult[];
  comparisons: Comparison[];
}
