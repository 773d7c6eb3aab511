import { formatBytes } from '../report/format.js';
import { MIN_EFFECT } from '../stats/compare.js';
import { geometricMean } from '../stats/descriptive.js';
import type { PointAnalysis } from './analysis.js';
import { readSide } from './comparison-key.js';

export interface Recommendation {
  workload: string;
  text: string;
}

function throughputPhrase(ratio: number): string {
  return ratio >= 1
    ? `threads ran ${ratio.toFixed(2)}× the throughput of processes`
    : `processes ran ${(1 / ratio).toFixed(2)}× the throughput of threads`;
}

/**
 * Workloads whose inline side hands each message over by reference on one event loop: nothing is copied and no
 * thread or process boundary is crossed, so its speed measures no channel and is left out of the advice.
 */
const HANDED_OVER_BY_REFERENCE: ReadonlySet<string> = new Set(['messaging']);

/**
 * A short recommendation per workload, assembled from its figures: who won
 * how many points and by how much, whether one event loop beat both pools,
 * and what each pool costs in memory per agent.
 */
export function recommend(points: readonly PointAnalysis[]): Recommendation[] {
  const recommendations: Recommendation[] = [];
  for (const workload of new Set(points.map((point) => point.workload))) {
    const own = points.filter((point) => point.workload === workload);
    const ratios = own.flatMap((point) => point.ratios.filter((ratio) => ratio.metric === 'throughputPerSec'));
    if (ratios.length === 0) continue;
    const threadsWins = ratios.filter((ratio) => ratio.verdict === 'a').length;
    const processWins = ratios.filter((ratio) => ratio.verdict === 'b').length;
    // An undecided point is missing evidence, not a tie: it counts for neither side and is named as such.
    const ties = ratios.filter((ratio) => ratio.verdict === 'same').length;
    const undecided = ratios.length - threadsWins - processWins - ties;
    const mean = geometricMean(ratios.map((ratio) => ratio.ratio));
    const sentences: string[] = [];
    const open = undecided > 0 ? `, ${undecided} undecided` : '';
    const tally = `threads won ${threadsWins}, processes won ${processWins}, ${ties} the same within ±5 %${open}, of ${ratios.length} comparison${ratios.length > 1 ? 's' : ''}`;
    const decided = threadsWins + processWins + ties;
    if (decided === 0) {
      sentences.push(`Not decided yet: ${tally}; run longer (--budget) for an answer.`);
    } else if (threadsWins > processWins && threadsWins >= ties) {
      sentences.push(`Prefer worker threads: ${tally}; ${throughputPhrase(mean)} (geometric mean).`);
    } else if (processWins > threadsWins && processWins >= ties) {
      sentences.push(`Prefer processes: ${tally}; ${throughputPhrase(mean)} (geometric mean).`);
    } else if (ties > threadsWins + processWins) {
      sentences.push(`Threads and processes perform the same here: ${tally}; choose on isolation and memory.`);
    } else {
      sentences.push(`No clear winner between threads and processes: ${tally} (geometric mean ratio ${mean.toFixed(2)}); choose on isolation and memory.`);
    }
    const inlineOverPools = HANDED_OVER_BY_REFERENCE.has(workload) ? [] : own.flatMap((point) => {
      const inline = point.sides.find((side) => side.label === 'inline')?.values.throughputPerSec;
      const pools = point.sides.filter((side) => side.label !== 'inline').map((side) => side.values.throughputPerSec ?? 0);
      return inline === undefined || pools.length === 0 ? [] : [inline / Math.max(...pools)];
    });
    // One event loop counts as fastest only when it beats the best pool by the same 5 % a verdict needs.
    const inlineBest = inlineOverPools.filter((ratio) => ratio >= 1 + MIN_EFFECT);
    if (inlineBest.length > 0) {
      const ratiosOverPools = inlineBest;
      sentences.push(
        `One event loop (inline: every agent on the orchestrator's thread, nothing copied between them) was fastest at ${inlineBest.length} of ${own.length} point${own.length > 1 ? 's' : ''} (up to ${Math.max(...ratiosOverPools).toFixed(1)}× the best pool): offload only when the work would block the loop.`,
      );
    }
    const perAgent = (label: (l: string) => boolean): number[] =>
      own.flatMap((point) => point.sides.filter((side) => label(side.label)).map((side) => side.values.perAgentBytes ?? Number.NaN)).filter(Number.isFinite);
    const threadMemory = perAgent((l) => l === 'threads');
    const processMemory = perAgent((l) => readSide(l).kind === 'processes');
    if (threadMemory.length > 0 && processMemory.length > 0) {
      const t = geometricMean(threadMemory.map((value) => Math.max(value, 1)));
      const p = geometricMean(processMemory.map((value) => Math.max(value, 1)));
      sentences.push(`Memory per agent: threads ~${formatBytes(t)}, processes ~${formatBytes(p)}.`);
    }
    recommendations.push({ workload, text: sentences.join(' ') });
  }
  return recommendations;
}
