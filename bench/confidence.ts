/**
 * How decided a run's answers are: for each result file, its wall time, the
 * threads/processes throughput ratios of its core, database, http and
 * websocket points, the median relative half-width of their 95 % intervals,
 * the share within ±5 %, and the median round-to-round noise. Reads results
 * written before paired rounds too (their intervals were unpaired).
 *
 *   node dist/bench/confidence.js RESULT.json [RESULT.json …]
 *
 * With two files, it also compares them as two runs of one machine: verdicts
 * that agree, and headline ratios decided in both that lie within ±10 % of
 * each other.
 *
 * For a budgeted run it also bounds what any way of spending the budget could
 * have decided at the noise the run measured: each headline point costs its
 * openings as the run paid them plus the rounds its noisiest ratio needs (at
 * least the fewest a point takes) at its own cost per round; the cheapest go
 * first and the rest get their fewest rounds. That is how many a scheduler
 * that knew every point's noise beforehand would decide, and the budget it
 * would need for 90 % of them.
 */
import { roundSeconds } from '../src/compare/analysis.js';
import { keyId, keyOf } from '../src/compare/comparison-key.js';
import { isHeadline } from '../src/compare/within-run.js';
import { readResult } from '../src/result/read.js';
import type { Comparison, PointRecord, RunResult } from '../src/result/types.js';
import { median } from '../src/stats/descriptive.js';
import { relativeHalfWidth } from '../src/stats/paired.js';

const SUITES = new Set(['core', 'database', 'http', 'websocket']);
const TARGET = 0.05;

function headline(result: RunResult): Comparison[] {
  const suiteOf = new Map(result.cases.map((item) => [item.workload, item.suite]));
  return result.comparisons.filter((comparison) => isHeadline(comparison) && SUITES.has(suiteOf.get(comparison.workload) ?? 'core'));
}

const halfWidthOf = (comparison: Comparison): number => comparison.halfWidth ?? relativeHalfWidth(comparison.ci95);
const key = (comparison: Comparison): string => keyId(keyOf(comparison));
const percent = (share: number): string => `${(share * 100).toFixed(1)} %`;

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error('usage: node dist/bench/confidence.js RESULT.json [RESULT.json …]');
  process.exit(2);
}
const runs = files.map((file) => ({ file, result: readResult(file) }));
for (const { file, result } of runs) {
  const ratios = headline(result);
  const widths = ratios.map(halfWidthOf);
  const seconds = result.budget?.usedSeconds ?? (Date.parse(result.finishedAt ?? '') - Date.parse(result.startedAt)) / 1000;
  const noise = (result.points ?? []).flatMap((point) => (point.ratioCv === null ? [] : [point.ratioCv]));
  console.log(
    [
      file,
      `  wall time ${seconds.toFixed(0)} s${result.budget ? ` (budget ${result.budget.budgetSeconds} s)` : ''}`,
      `  threads/processes throughput ratios: ${ratios.length}`,
      `  median 95 % half-width: ±${percent(median(widths))}`,
      `  within ±5 %: ${widths.filter((width) => width <= TARGET).length} of ${ratios.length} (${percent(widths.filter((width) => width <= TARGET).length / Math.max(1, ratios.length))})`,
      noise.length > 0 ? `  median round-to-round CV of the noisiest ratio per point: ${percent(median(noise))}` : '',
      `  verdicts: ${['a', 'b', 'same', 'undecided'].map((verdict) => `${verdict} ${ratios.filter((ratio) => ratio.verdict === verdict).length}`).join(', ')}`,
      bound(result) ?? '',
    ]
      .filter(Boolean)
      .join('\n'),
  );
}
/** Seconds of a point with `rounds` rounds: its openings and memory pass, then each round at its measured cost. */
function pointSeconds(point: PointRecord, rounds: number): number {
  return point.openSeconds + (point.aloneSeconds ?? 0) + rounds * roundSeconds(point);
}

/** The most headline points any schedule could decide within the budget at this run's noise, and the budget 90 % would take. */
function bound(result: RunResult): string | undefined {
  const budget = result.budget;
  if (!budget) return undefined;
  const points = (result.points ?? []).filter((point) => point.ratioCv !== null && point.roundsNeeded !== null && point.rounds > 0);
  if (points.length === 0) return undefined;
  const fewest = budget.minRounds;
  const outside = budget.usedSeconds - points.reduce((total, point) => total + point.seconds, 0);
  const costs = points
    .map((point) => {
      const needed = point.converged ? point.rounds : Math.max(fewest, point.roundsNeeded!);
      return { decided: pointSeconds(point, needed), least: pointSeconds(point, Math.min(fewest, needed)), reachable: needed <= budget.maxRounds };
    })
    .sort((x, y) => x.decided - x.least - (y.decided - y.least));
  const secondsFor = (count: number): number =>
    outside + costs.reduce((total, cost, index) => total + (index < count ? cost.decided : cost.least), 0);
  const reachable = costs.filter((cost) => cost.reachable).length;
  let most = 0;
  while (most < reachable && secondsFor(most + 1) <= budget.budgetSeconds) most++;
  const wanted = Math.ceil(0.9 * points.length);
  const forWanted = wanted <= reachable ? `about ${Math.ceil(secondsFor(wanted) / 10) * 10} s` : `more than ${budget.maxRounds} rounds for some point`;
  return `  at this run's noise, knowing it beforehand: at most ${most} of ${points.length} within ${budget.budgetSeconds} s; ${wanted} of ${points.length} (90 %) would take ${forWanted}`;
}

if (runs.length === 2) {
  const [first, second] = runs.map(({ result }) => new Map(headline(result).map((comparison) => [key(comparison), comparison])));
  const shared = [...first!.keys()].filter((name) => second!.has(name));
  const same = shared.filter((name) => first!.get(name)!.verdict === second!.get(name)!.verdict).length;
  const decided = shared.filter((name) => halfWidthOf(first!.get(name)!) <= TARGET && halfWidthOf(second!.get(name)!) <= TARGET);
  const close = decided.filter((name) => Math.abs(Math.log(first!.get(name)!.ratio / second!.get(name)!.ratio)) <= Math.log(1.1)).length;
  console.log(`both runs: ${same} of ${shared.length} verdicts the same; ${close} of ${decided.length} ratios decided in both within ±10 % of each other`);
}
