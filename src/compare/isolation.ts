import type { CaseResult, Comparison } from '../result/types.js';
import { median } from '../stats/descriptive.js';
import type { Verdict } from '../stats/compare.js';
import { FAULT_WORDS, type FaultKind } from '../../workloads/faults/kinds.js';
import type { CaseParams } from '../workloads/types.js';
import { sideLabel } from './comparison-key.js';
import { groupCases } from './within-run.js';

/** What one fault cost one side: medians over its repetitions of the faults workload's figures. */
export interface IsolationFigures {
  side: string;
  error?: string;
  agents: number;
  /** Agents that lost work, the misbehaving one included: the blast radius. */
  agentsHit: number;
  /** Healthy tasks lost with the fault (and redone). */
  lostTasks: number;
  /** Healthy tasks that never succeeded, after retries. */
  failedTasks: number;
  hostRestarts: number;
  detectMs?: number;
  recoveryMs?: number;
  healthyTasksPerSecBefore?: number;
  healthyTasksPerSecDuring?: number;
  healthyTasksPerSecAfter?: number;
  rssAfterRecoveryBytes?: number;
}

export interface IsolationPoint {
  fault: FaultKind;
  params: CaseParams;
  sides: IsolationFigures[];
  /** One sentence per threads/other pair, e.g. "fatal crash in one agent: threads lost 8 of 8 agents, processes 2 of 8". */
  verdicts: string[];
}

/** A case that reports fault figures rather than a throughput. */
export function isFaultCase(result: CaseResult): boolean {
  return result.samples.some((sample) => sample.metrics.agentsHit !== undefined);
}

function medianMetric(result: CaseResult, key: string): number | undefined {
  const values = result.samples.flatMap((sample) => sample.metrics[key] ?? []);
  return values.length > 0 ? median(values) : undefined;
}

function figuresOf(result: CaseResult): IsolationFigures {
  const value = (key: string): number | undefined => medianMetric(result, key);
  const figures: IsolationFigures = {
    side: sideLabel(result),
    agents: value('agents') ?? result.agents,
    agentsHit: value('agentsHit') ?? Number.NaN,
    lostTasks: value('lostTasks') ?? Number.NaN,
    failedTasks: value('failedTasks') ?? 0,
    hostRestarts: value('hostRestarts') ?? 0,
  };
  if (result.state === 'errored' && result.error) figures.error = result.error;
  for (const key of ['detectMs', 'recoveryMs', 'healthyTasksPerSecBefore', 'healthyTasksPerSecDuring', 'healthyTasksPerSecAfter', 'rssAfterRecoveryBytes'] as const) {
    const found = value(key);
    if (found !== undefined) figures[key] = found;
  }
  return figures;
}

/** The pairs an isolation verdict is given for: threads against every other side. */
function pairsOf(sides: readonly IsolationFigures[]): Array<[IsolationFigures, IsolationFigures]> {
  const threads = sides.find((side) => side.side === 'threads' && Number.isFinite(side.agentsHit));
  if (!threads) return [];
  return sides.filter((side) => side !== threads && Number.isFinite(side.agentsHit)).map((side) => [threads, side]);
}

function sentence(fault: FaultKind, a: IsolationFigures, b: IsolationFigures): string {
  const part = (side: IsolationFigures): string =>
    `${side.side} lost ${side.agentsHit} of ${side.agents} agents (${side.lostTasks} healthy task${side.lostTasks === 1 ? '' : 's'}${side.hostRestarts > 0 ? ', whole host restarted' : ''})`;
  return `${FAULT_WORDS[fault]}: ${part(a)}, ${part(b)}`;
}

/** Every faults point of a run with each side's figures and its isolation verdicts. */
export function isolationPoints(cases: readonly CaseResult[]): IsolationPoint[] {
  const points: IsolationPoint[] = [];
  for (const bySide of groupCases(cases.filter((item) => isFaultCase(item) || item.workload === 'faults')).values()) {
    const first = [...bySide.values()][0]!;
    const sides = [...bySide.values()].map(figuresOf);
    const fault = String(first.params.fault) as FaultKind;
    points.push({ fault, params: first.params, sides, verdicts: pairsOf(sides).map(([a, b]) => sentence(fault, a, b)) });
  }
  return points;
}

/**
 * The isolation verdicts as comparisons on the blast radius (agents that lost work): counts a fault
 * causes the same way every time, not samples, so the interval is the ratio itself and a difference is
 * a verdict. The smaller blast radius wins; equal ones are the same.
 */
export function compareIsolation(cases: readonly CaseResult[]): Comparison[] {
  return isolationPoints(cases).flatMap((point) =>
    pairsOf(point.sides).map(([a, b]): Comparison => {
      const ratio = b.agentsHit > 0 ? a.agentsHit / b.agentsHit : a.agentsHit === 0 ? 1 : a.agentsHit;
      const verdict: Verdict = a.agentsHit < b.agentsHit ? 'a' : a.agentsHit > b.agentsHit ? 'b' : 'same';
      const decided = verdict !== 'same';
      return {
        workload: 'faults',
        params: point.params,
        metric: 'agentsHit',
        a: a.side,
        b: b.side,
        higherIsBetter: false,
        ratio,
        ci95: [ratio, ratio],
        pValue: decided ? 0 : 1,
        qValue: decided ? 0 : 1,
        verdict,
        note: sentence(point.fault, a, b),
      };
    }),
  );
}
