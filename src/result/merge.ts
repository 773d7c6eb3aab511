import { sideLabel } from '../compare/comparison-key.js';
import { compareWithinRun } from '../compare/within-run.js';
import { Errors } from '../errors.js';
import type { Environment, LabIdentity } from '../measure/environment.js';
import { caseId } from '../scenario/plan.js';
import { RESULT_SCHEMA, type CaseResult, type RunResult } from './types.js';

/** The parameter a merged file adds to every case: which machine measured it. */
export const MACHINE_PARAM = 'machine';

/** One machine (or CPU set, or container) of a merged file. */
export interface Machine {
  /** Unique in the file; the `machine` parameter of this machine's cases. */
  label: string;
  /** What tells machines apart: the environment fields that shape the figures. */
  key: string;
  env: Environment;
  lab: LabIdentity;
  poolSize: number;
  runIds: string[];
  sources: string[];
}

/** A result that `lab merge` made: an ordinary result whose cases carry the machine, plus the machines. */
export type MergedResult = RunResult & { machines: Machine[] };

export function isMerged(result: RunResult): result is MergedResult {
  return Array.isArray((result as Partial<MergedResult>).machines);
}

/** The environment fields that make one machine's figures differ from another's; load average and the like do not. */
export function environmentKey(env: Environment): string {
  const { hostname, cpuModel, cpus, availableParallelism, memBytes, node, arch, os, container, cpuset, cpuQuota, memoryLimitBytes, image, postgres } = env;
  return JSON.stringify({ hostname, cpuModel, cpus, availableParallelism, memBytes, node, arch, os, container, cpuset, cpuQuota, memoryLimitBytes, image, postgres });
}

function machineLabel(env: Environment): string {
  const cpus = env.usableCpus ?? env.availableParallelism;
  return `${(env.hostname || 'host').replace(/[^\w.-]/g, '_')}-${cpus}cpu`;
}

interface Part {
  source: string;
  run: RunResult;
  env: Environment;
  cases: CaseResult[];
}

/** A merged input becomes one part per machine again, so merges can be merged. */
function partsOf(source: string, run: RunResult): Part[] {
  if (!isMerged(run)) return [{ source, run, env: run.env, cases: run.cases }];
  return run.machines.map((machine) => ({
    source: `${source} (${machine.label})`,
    run: { ...run, lab: machine.lab, runId: machine.runIds.join('+'), scenario: { ...run.scenario, poolSize: machine.poolSize } },
    env: machine.env,
    cases: run.cases
      .filter((item) => item.params[MACHINE_PARAM] === machine.label)
      .map((item) => {
        const { [MACHINE_PARAM]: _machine, ...params } = item.params;
        return { ...item, params };
      }),
  }));
}

function earliest(values: string[]): string {
  return values.slice().sort()[0]!;
}

/**
 * Joins runs of one scenario from different machines, CPU sets or
 * containers. Runs with the same environment count as one machine; every
 * case gains a `machine` parameter, so each point appears once per machine
 * in every report, and the within-run comparisons are made again per machine.
 */
export function mergeResults(inputs: ReadonlyArray<{ source: string; result: RunResult }>): MergedResult {
  if (inputs.length < 2) throw Errors.user('give at least two result files to merge: lab merge A.json B.json --out merged.json');
  const parts = inputs.flatMap(({ source, result }) => partsOf(source, result));
  const scenarios = [...new Set(parts.map((part) => part.run.scenario.name))];
  if (scenarios.length > 1) throw Errors.user(`merge runs of one scenario: these are of ${scenarios.join(', ')}`);

  const machines = new Map<string, Machine>();
  const seen = new Map<string, string>();
  const cases: CaseResult[] = [];
  for (const part of parts) {
    const key = environmentKey(part.env);
    let machine = machines.get(key);
    if (!machine) {
      const base = machineLabel(part.env);
      const taken = new Set([...machines.values()].map((entry) => entry.label));
      let label = base;
      for (let n = 2; taken.has(label); n++) label = `${base}-${n}`;
      machine = { label, key, env: part.env, lab: part.run.lab, poolSize: part.run.scenario.poolSize, runIds: [], sources: [] };
      machines.set(key, machine);
    }
    machine.runIds.push(part.run.runId);
    machine.sources.push(part.source);
    for (const item of part.cases) {
      const params = { ...item.params, [MACHINE_PARAM]: machine.label };
      const id = caseId(item.workload, params, sideLabel(item));
      const earlier = seen.get(id);
      if (earlier) throw Errors.user(`case ${item.id} is in both ${earlier} and ${part.source}, from the same environment; merge runs of different machines or CPU sets`);
      seen.set(id, part.source);
      cases.push({ ...item, id, params });
    }
  }

  const first = parts[0]!.run;
  const list = [...machines.values()];
  const finished = parts.map((part) => part.run.finishedAt);
  return {
    schema: RESULT_SCHEMA,
    lab: first.lab,
    runId: `merged-${list.map((machine) => machine.label).join('+')}`,
    startedAt: earliest(parts.map((part) => part.run.startedAt)),
    finishedAt: finished.every((value) => value !== null) ? (finished as string[]).sort().at(-1)! : null,
    complete: parts.every((part) => part.run.complete),
    env: { ...list[0]!.env, hostname: list.map((machine) => machine.label).join(', ') },
    scenario: first.scenario,
    machines: list,
    cases,
    comparisons: compareWithinRun(cases),
  };
}
