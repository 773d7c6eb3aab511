import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fingerprint } from '../measure/environment.js';
import { renderTable } from '../report/format.js';
import { readResult } from '../result/read.js';
import type { RunResult } from '../result/types.js';
import { hasHeadline, runScenario } from '../runner/runner.js';
import { paramsLabel, type CaseGroup, type Plan } from '../scenario/plan.js';

/**
 * `--dry-run`: the points a run would measure and how long it would take,
 * from the last run of the same scenario on this machine where there is one,
 * else from a short calibration (one run per side of one point per workload,
 * timed for real, scaled up to the scenario's repetition time and warm-up).
 * Says which for every point.
 */

export type EstimateSource = 'last run' | 'calibration';

export interface PointPlan {
  id: string;
  workload: string;
  params: CaseGroup['params'];
  sides: string[];
  /** Fewest and most paired rounds. */
  rounds: [number, number];
  /** Seconds at the fewest and at the most rounds. */
  seconds: [number, number];
  source: EstimateSource;
}

export interface RunPlan {
  scenario: string;
  points: PointPlan[];
  /** What the run is expected to take: the points at their fewest rounds, plus what a budget would add, capped by it. */
  estimatedSeconds: number;
  /** The points at their fewest rounds. */
  fewestSeconds: number;
  /** The points at their most rounds (without a budget: the longest it can take). */
  longestSeconds: number;
  budgetSeconds: number;
  /** Points a budget too short for every point's fewest rounds would leave out if every cost were known at the start (the run learns them as it goes). */
  leftOut: string[];
  /** The earlier result the figures came from, if any. */
  lastRun: string | null;
}

/** Seconds a point took to open (pools, warm-up) and per round, as measured. */
interface PointCost {
  openSeconds: number;
  roundSeconds: number;
}

function costOf(record: NonNullable<RunResult['points']>[number]): PointCost {
  const rounds = Math.max(1, record.rounds + record.roundsDisturbed);
  return { openSeconds: record.openSeconds, roundSeconds: Math.max(0, record.seconds - record.openSeconds) / rounds };
}

/** The newest result of this scenario in `resultsDir` measured on this machine (same host, CPUs and model). */
export function lastRunOnThisMachine(scenario: string, resultsDir: string): { file: string; result: RunResult } | undefined {
  let names: string[];
  try {
    names = readdirSync(resultsDir).filter((name) => name.startsWith(`${scenario}-`) && name.endsWith('.json'));
  } catch {
    return undefined;
  }
  const here = fingerprint();
  const newest = names
    .map((name) => path.join(resultsDir, name))
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
  for (const file of newest) {
    try {
      const result = readResult(file);
      const env = result.env;
      if (env.hostname === here.hostname && env.cpus === here.cpus && env.cpuModel === here.cpuModel && (result.points?.length ?? 0) > 0) {
        return { file, result };
      }
    } catch {
      // not a readable result: look further back
    }
  }
  return undefined;
}

/** One round of the first point of each workload not covered by `known`, run for real in a scratch folder. */
async function calibrate(plan: Plan, workloads: ReadonlySet<string>, signal: AbortSignal): Promise<Map<string, PointCost>> {
  const groups = [...workloads].map((name) => plan.groups.find((group) => group.workload.name === name)!);
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'lab-estimate-'));
  try {
    const { result } = await runScenario({
      scenarioName: 'calibration',
      scenarioFile: 'calibration',
      // One run per side, no warm-up batches: seconds, not minutes, even for full. The scenario's batch size and
      // warm-up are added by the cost model below.
      plan: { ...plan, budgetSeconds: 0, groups: groups.map((group) => ({ ...group, warmup: 0, warmupMs: 0, repetitionMs: 0, repeat: 1, maxRounds: 1 })) },
      filter: null,
      resultsDir: scratch,
      signal,
    });
    return new Map(
      (result.points ?? []).map((record) => {
        const group = groups.find((item) => item.id === record.id)!;
        const measured = costOf(record);
        const sides = group.sides.length;
        // A timed round lasts at least repetitionMs per side; warming until steady takes about four batches per side,
        // at most warmupMs each.
        return [
          record.workload,
          {
            openSeconds: measured.openSeconds + (sides * Math.min(group.warmupMs, 4 * group.repetitionMs)) / 1000,
            roundSeconds: Math.max(measured.roundSeconds, (sides * group.repetitionMs) / 1000),
          },
        ];
      }),
    );
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** How long loading the lab took in this process, as a stand-in for a run's own start-up. */
const startupSeconds = performance.now() / 1000;

/** The plan with a duration per point and in all. */
export async function estimateRun(plan: Plan, scenario: string, resultsDir: string, signal: AbortSignal): Promise<RunPlan> {
  const last = lastRunOnThisMachine(scenario, resultsDir);
  const known = new Map((last?.result.points ?? []).map((record) => [record.id, costOf(record)]));
  const missing = new Set(plan.groups.filter((group) => !known.has(group.id)).map((group) => group.workload.name));
  const calibrated = missing.size > 0 ? await calibrate(plan, missing, signal) : new Map<string, PointCost>();
  // Beyond its points a run loads the lab, starts shared set-ups, analyses and writes: the last run's own figure, else
  // this process's start-up and a second for the rest.
  const lastPointSeconds = (last?.result.points ?? []).reduce((total, record) => total + record.seconds, 0);
  const overhead = last?.result.budget ? Math.max(0, last.result.budget.usedSeconds - lastPointSeconds) : startupSeconds + 1;
  const points = plan.groups.map((group): PointPlan => {
    const cost = known.get(group.id) ?? calibrated.get(group.workload.name) ?? { openSeconds: 0, roundSeconds: 0 };
    const at = (rounds: number): number => cost.openSeconds + rounds * cost.roundSeconds;
    // Only a point with a ratio to decide samples past its fewest rounds.
    const most = hasHeadline(group) ? group.maxRounds : group.repeat;
    return {
      id: group.id,
      workload: group.workload.name,
      params: group.params,
      sides: group.sides.map((side) => side.label),
      rounds: [group.repeat, most],
      seconds: [at(group.repeat), at(most)],
      source: known.has(group.id) ? 'last run' : 'calibration',
    };
  });
  const fewest = overhead + points.reduce((total, point) => total + point.seconds[0], 0);
  const most = overhead + points.reduce((total, point) => total + point.seconds[1], 0);
  // As the runner does (leastInformative): when the budget cannot hold every point at its fewest rounds, points with no
  // ratio to decide go first, then headline points from the end of the scenario, until the rest fit.
  const leftOut: string[] = [];
  if (plan.budgetSeconds > 0) {
    const headline = new Set(plan.groups.filter(hasHeadline).map((group) => group.id));
    const order = [...points.filter((point) => !headline.has(point.id)), ...points.filter((point) => headline.has(point.id)).reverse()];
    let total = fewest;
    for (const point of order) {
      if (total <= plan.budgetSeconds) break;
      total -= point.seconds[0];
      leftOut.push(point.id);
    }
  }
  return {
    scenario,
    points,
    // Under a budget the run samples until the budget is spent (or every point is decided): the budget is the estimate
    // unless the minimum alone is longer. Without one it samples each point until its target, somewhere in between.
    // unless the minimum alone is longer; then points are left out and the run still ends near its budget.
    estimatedSeconds: plan.budgetSeconds > 0 ? Math.min(plan.budgetSeconds, most) : fewest,
    fewestSeconds: fewest,
    longestSeconds: most,
    budgetSeconds: plan.budgetSeconds,
    leftOut,
    lastRun: last?.file ?? null,
  };
}

function duration(seconds: number): string {
  if (seconds < 120) return `${seconds.toFixed(0)} s`;
  if (seconds < 7200) return `${(seconds / 60).toFixed(1)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}

export function renderPlan(plan: RunPlan): string {
  const rows = plan.points.map((point) => [
    point.workload,
    paramsLabel(point.params).replace(/ ?poolSize=\d+/, ''),
    point.sides.join(' '),
    point.rounds[0] === point.rounds[1] ? String(point.rounds[0]) : `${point.rounds[0]}–${point.rounds[1]}`,
    point.seconds[0] === point.seconds[1] ? duration(point.seconds[0]) : `${duration(point.seconds[0])}–${duration(point.seconds[1])}`,
    point.source,
  ]);
  const sources = new Set(plan.points.map((point) => point.source));
  const from = [
    sources.has('last run') ? `the last run of ${plan.scenario} on this machine (${plan.lastRun})` : '',
    sources.has('calibration') ? 'a calibration round of one point per workload' : '',
  ].filter(Boolean);
  const total =
    plan.leftOut.length > 0
      ? `Estimated: ${duration(plan.estimatedSeconds)}, the budget (--budget): every point at its fewest rounds would take ${duration(plan.fewestSeconds)}, so about ${plan.leftOut.length} of ${plan.points.length} points will be left out. The run decides which as it learns their costs: points with no threads/processes ratio once one of their workload has been measured, else headline points from the end of the scenario (here, with every cost known now: ${plan.leftOut.slice(0, 3).map((id) => id.replace(/\//, ' ')).join('; ')}${plan.leftOut.length > 3 ? '; …' : ''}).`
      : plan.budgetSeconds > 0
      ? `Estimated: ${duration(plan.estimatedSeconds)}: the budget (--budget), which goes on rounds for undecided points once each has its fewest (${duration(plan.fewestSeconds)} in all).`
      : `Estimated: ${duration(plan.estimatedSeconds)} at the fewest rounds, up to ${duration(plan.longestSeconds)} if every point needs its most (--budget to cap it).`;
  return [
    `${plan.points.length} parameter points of ${plan.scenario}:`,
    renderTable(['workload', 'params', 'sides', 'rounds', 'estimate', 'from'], rows, ['left', 'left', 'left', 'right', 'right', 'left']),
    '',
    total,
    `Figures from ${from.join(' and ')}; nothing was written to results/.`,
  ].join('\n');
}
