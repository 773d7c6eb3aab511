import os from 'node:os';
import { parseSide, type BackendSide } from '../backends/sides.js';
import { Errors } from '../errors.js';
import { findWorkload } from '../workloads/registry.js';
import type { CaseParams, ParameterSpec, ParamValue, Workload } from '../workloads/types.js';
import type { ScenarioEntry, ScenarioFile } from './schema.js';

/** One parameter point of one workload, measured on every side, repetitions interleaved. */
export interface CaseGroup {
  readonly id: string;
  readonly workload: Workload;
  /** Every parameter resolved, poolSize included. */
  readonly params: CaseParams;
  readonly sides: readonly BackendSide[];
  readonly warmup: number;
  /** Fewest paired rounds. */
  readonly repeat: number;
  /** Most paired rounds; equal to repeat when sampling is fixed (--repeat). */
  readonly maxRounds: number;
  /** Target duration of one timed repetition; the runner calibrates a batch size to reach it. */
  readonly repetitionMs: number;
  /** Most time per side and visit spent warming until the side's throughput is steady. */
  readonly warmupMs: number;
  /** Measure each side's memory alone after the first visit (the scenario's memoryAlone). */
  readonly memoryAlone: boolean;
}

export interface PlanOverrides {
  /** Fixed rounds per point: turns adaptive sampling off. */
  repeat?: number;
  budgetSeconds?: number;
  targetHalfWidth?: number;
  warmup?: number;
  seed?: number;
  filter?: string;
}

export interface Plan {
  readonly groups: readonly CaseGroup[];
  readonly seed: number;
  readonly poolSize: number;
  readonly caseTimeoutMs: number;
  readonly taskTimeoutMs: number;
  /** Wall-clock budget of the whole run in seconds, 0 for none. */
  readonly budgetSeconds: number;
  readonly targetHalfWidth: number;
}

const POOL_SIZE = 'poolSize';

export function paramsLabel(params: CaseParams): string {
  return Object.entries(params)
    .map(([name, value]) => `${name}=${value}`)
    .join(' ');
}

export function caseId(workload: string, params: CaseParams, side?: string): string {
  return [workload, paramsLabel(params).replaceAll(' ', ','), side].filter(Boolean).join('/');
}

/** Expands a validated scenario into case groups, checking every name and value against its workload. */
export function planScenario(scenario: ScenarioFile, overrides: PlanOverrides = {}, modules: UserModules = new Map()): Plan {
  const poolSize = scenario.poolSize === 'auto' ? os.availableParallelism() : scenario.poolSize;
  const groups = scenario.workloads.flatMap((entry, index) =>
    expandEntry(entry, index, poolSize, modules).map((params): CaseGroup => {
      const workload = entryWorkload(entry, modules);
      return {
        id: caseId(workload.name, params),
        workload,
        params,
        sides: (entry.backends ?? scenario.backends).map(parseSide),
        warmup: overrides.warmup ?? entry.warmup ?? scenario.warmup,
        repeat: overrides.repeat ?? entry.repeat ?? scenario.repeat,
        maxRounds: overrides.repeat ?? Math.max(entry.maxRounds ?? scenario.maxRounds, entry.repeat ?? scenario.repeat),
        repetitionMs: entry.repetitionMs ?? scenario.repetitionMs,
        warmupMs: entry.warmupMs ?? scenario.warmupMs,
        memoryAlone: scenario.memoryAlone,
      };
    }),
  );
  // A point two entries both name (a sweep crossing another entry's grid) is measured once, where it first appears.
  const seen = new Set<string>();
  const unique = groups.filter((group) => !seen.has(group.id) && seen.add(group.id));
  const chosen = overrides.filter ? unique.filter((group) => matchesFilter(group.id, overrides.filter!)) : unique;
  if (chosen.length === 0) {
    throw Errors.user(`--filter "${overrides.filter}" matches no case; run "lab list" to see workloads and parameters`);
  }
  return {
    groups: chosen,
    seed: overrides.seed ?? scenario.seed,
    poolSize,
    caseTimeoutMs: scenario.caseTimeoutMs,
    taskTimeoutMs: scenario.taskTimeoutMs,
    budgetSeconds: overrides.budgetSeconds ?? scenario.budgetSeconds,
    targetHalfWidth: overrides.targetHalfWidth ?? scenario.targetHalfWidth,
  };
}

/** A scenario's user modules (`"module"` entries), loaded before planning, by the path their entries give. */
export type UserModules = ReadonlyMap<string, Workload>;

function entryWorkload(entry: ScenarioEntry, modules: UserModules): Workload {
  if (entry.module === undefined) return findWorkload(entry.workload!);
  const workload = modules.get(entry.module);
  if (!workload) throw new Error(`module ${entry.module} was not loaded before planning`);
  return workload;
}

/**
 * A filter as the console prints a point (`exploration agents=8 steps=200`) or as part of an id
 * (`exploration/agents=8`, `messaging`): every space-separated term must match. A `name=value` term matches that
 * parameter exactly (agents=8 is not agents=80); any other term matches any part of the id.
 */
export function matchesFilter(id: string, filter: string): boolean {
  const lowered = id.toLowerCase();
  const parts = new Set(lowered.split(/[/,]/));
  return filter
    .toLowerCase()
    .split(/\s+/)
    .filter(Boolean)
    .every((term) => (/^[^/,=]+=[^/,=]+$/.test(term) ? parts.has(term) : lowered.includes(term)));
}

function expandEntry(entry: ScenarioEntry, index: number, poolSize: number, modules: UserModules): CaseParams[] {
  const workload = entryWorkload(entry, modules);
  const where = `workloads[${index}] (${workload.name})`;
  for (const name of Object.keys(entry.params)) {
    if (name !== POOL_SIZE && !(name in workload.parameters)) {
      throw Errors.user(
        `${where}: unknown parameter "${name}"; ${workload.name} takes ${[...Object.keys(workload.parameters), POOL_SIZE].join(', ')}`,
      );
    }
  }
  const axes: Array<[string, ParamValue[]]> = Object.entries(workload.parameters).map(([name, spec]) => {
    const given = entry.params[name];
    const values = given === undefined ? [spec.default] : Array.isArray(given) ? given : [given];
    for (const value of values) checkValue(where, name, value, spec);
    return [name, values];
  });
  if (workload.lifecycle === 'warm') {
    const given = entry.params[POOL_SIZE];
    const values = given === undefined ? [poolSize] : given === POOL_SWEEP ? poolSweep(poolSize) : Array.isArray(given) ? given : [given];
    for (const value of values) checkValue(where, POOL_SIZE, value, { description: '', default: 1 });
    axes.push([POOL_SIZE, values]);
  }
  const points = axes.reduce<CaseParams[]>(
    (grid, [name, values]) => grid.flatMap((point) => values.map((value) => ({ ...point, [name]: value }))),
    [{}],
  );
  const unique = new Map<string, CaseParams>();
  for (const point of points) {
    const kept = Object.fromEntries(
      Object.entries(point).filter(([name]) => workload.parameters[name]?.appliesWhen?.(point) ?? true),
    );
    unique.set(JSON.stringify(kept), kept);
  }
  return [...unique.values()];
}

/** `"poolSize": "sweep"`: 1, 2, 4, … up to the CPUs the pool size "auto" stands for, that number included. */
export const POOL_SWEEP = 'sweep';

export function poolSweep(cpus: number): number[] {
  const sizes: number[] = [];
  for (let size = 1; size < cpus; size *= 2) sizes.push(size);
  return [...sizes, cpus];
}

function checkValue(where: string, name: string, value: ParamValue, spec: ParameterSpec): void {
  if (spec.choices) {
    if (!spec.choices.includes(String(value))) {
      throw Errors.user(`${where}: ${name} must be one of ${spec.choices.join(', ')}, not "${value}"`);
    }
    return;
  }
  const min = spec.min ?? 1;
  if (typeof spec.default === 'number' && (typeof value !== 'number' || !Number.isInteger(value) || value < min)) {
    throw Errors.user(`${where}: ${name} must be a whole number ≥ ${min}, not ${JSON.stringify(value)}`);
  }
}
