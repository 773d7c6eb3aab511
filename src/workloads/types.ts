import type { BackendSide } from '../backends/sides.js';
import type { Backend, BackendKind, PoolOptions } from '../backends/types.js';
import type { Histogram } from '../kernel/histogram.js';

export type ParamValue = number | string;
export type CaseParams = Readonly<Record<string, ParamValue>>;

/** Where a user's module was read from, and a hash of its content at the start of the run. */
export interface ModuleSource {
  /** As the user gave it (relative to the scenario file, or to the working directory with --workload). */
  readonly path: string;
  readonly sha256: string;
}

export interface ParameterSpec {
  readonly description: string;
  readonly default: ParamValue;
  /** For a parameter that takes one of a few words. */
  readonly choices?: readonly string[];
  /** Smallest allowed whole number (default 1). */
  readonly min?: number;
  /** Only meaningful for some values of the others (e.g. fan-out receivers); dropped from the other points. */
  readonly appliesWhen?: (params: CaseParams) => boolean;
}

/** Where the plan runs a workload: what its preflight check may try out. */
export interface PreflightPlan {
  readonly sides: readonly BackendSide[];
  /** Every parameter point of the workload, poolSize included. */
  readonly points: readonly CaseParams[];
  readonly seed: number;
}

/** What the runner hands a warm workload: a started pool, every worker already warmed. */
export interface WarmContext {
  readonly backend: Backend;
  readonly params: CaseParams;
  readonly seed: number;
  /** What the workload's prepare() made for this run (a database server, say). */
  readonly prepared?: unknown;
}

/** Set-up shared by every case of a workload in a run, undone after its last case. */
export interface Prepared {
  readonly value: unknown;
  close(): Promise<void>;
}

/** What the runner hands a cold workload: it builds (and times) its own backend. */
export interface ColdContext {
  readonly side: BackendSide;
  readonly params: CaseParams;
  readonly seed: number;
  /** A new, unstarted backend of this side; the runner watches it and destroys it on timeout or Ctrl-C. */
  createBackend(): Backend;
}

/** The outcome of one repetition on one backend. */
export interface Repetition {
  /** Units of work done, in the workload's throughput unit. */
  readonly operations: number;
  readonly durationMs: number;
  /** Latencies in the workload's stated definition, merged from wherever they were recorded. */
  readonly latency: Histogram;
  /** Equal on every backend for the same seed and parameters (fairness rule 1). */
  readonly checksum: string;
  /** Workload-specific figures, units in their names (communicationShare, bytesPerSec, spawnMs, …). */
  readonly metrics?: Readonly<Record<string, number>>;
}

interface WorkloadBase {
  readonly name: string;
  /** `core` for the paired workloads (when absent), else the auxiliary suite it belongs to: set with `inSuite` (src/suites/suite.ts). */
  readonly suite?: string;
  readonly description: string;
  /** For example `agent-steps/s`. */
  readonly throughputUnit: string;
  /** What one latency sample is and where it is timed (fairness rule 3). */
  readonly latencyDefinition: string;
  readonly parameters: Readonly<Record<string, ParameterSpec>>;
  /** Agents the case runs, for per-agent memory. */
  agents(params: CaseParams): number;
  /** Pool shape for these parameters, given the scenario's pool size. */
  pool(params: CaseParams, poolSize: number): Omit<PoolOptions, 'taskTimeoutMs'>;
  /** Checks the user's configuration (DATABASE_URL, say, or a user's module) before anything runs; a UserError means exit 2. */
  preflight?(plan: PreflightPlan): Promise<void>;
  /** The agent code every worker loads before timing: a name in workloads/index.ts or a file URL (default: `name`). */
  readonly agentModule?: string;
  /** A user's own module (`lab run --workload`): recorded with each of its cases. */
  readonly source?: ModuleSource;
  /**
   * True when part of the work runs in processes outside the lab's own tree (a database server at DATABASE_URL):
   * their CPU then cannot tell an outside burst from the work itself, so rounds are not judged for noise.
   */
  worksOutsideTheLab?(): boolean;
  /** Builds what every case of this workload needs (a server, seeded data), once per run, before its first case. */
  prepare?(params: CaseParams): Promise<Prepared>;
}

export interface WarmWorkload extends WorkloadBase {
  readonly lifecycle: 'warm';
  /**
   * Whether a side runs its work on the runner's pool (default: every side); a workload of a suite takes it from
   * its `Suite` (`inSuite`, src/suites/suite.ts). Where it says no, the runner hands run() an unstarted backend
   * (its kind, variant and size) and never starts or warms a pool nobody uses.
   */
  usesPool?(kind: BackendKind): boolean;
  run(context: WarmContext): Promise<Repetition>;
}

/** Measures start-up itself, so it never runs on a warmed pool (fairness rule 2). */
export interface ColdWorkload extends WorkloadBase {
  readonly lifecycle: 'cold';
  run(context: ColdContext): Promise<Repetition>;
}

export type Workload = WarmWorkload | ColdWorkload;

export function numberParam(params: CaseParams, name: string): number {
  return Number(params[name]);
}

export function stringParam(params: CaseParams, name: string): string {
  return String(params[name]);
}

/** Combines per-agent checksums in agent order, so completion order never matters. */
export function combineChecksums(parts: readonly string[]): string {
  let hash = 0x811c9dc5;
  for (const part of parts) {
    for (let i = 0; i < part.length; i++) hash = Math.imul(hash ^ part.charCodeAt(i), 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}

export function range(count: number): number[] {
  return Array.from({ length: count }, (_, i) => i);
}
