import type { CaseResult, Comparison } from '../result/types.js';
import { compareSamples } from '../stats/compare.js';
import type { CaseParams } from '../workloads/types.js';
import { metricByKey, metricSamples } from './metrics.js';
import { keyFields, sideLabel, sideOf } from './comparison-key.js';

/** Options of one parameter compared with each other on the same side, e.g. typeorm against raw pg. */
const PAIRS: ReadonlyArray<{ parameter: string; a: string; b: string }> = [{ parameter: 'client', a: 'typeorm', b: 'pg' }];
const METRICS = ['throughputPerSec', 'latencyP50Ms', 'latencyP99Ms'];

function without(params: CaseParams, name: string): CaseParams {
  const { [name]: _dropped, ...rest } = params;
  return rest;
}

/** The cost of an option (the ORM's overhead over raw pg) on every side, as ordinary comparisons. */
export function compareParameterPairs(cases: readonly CaseResult[]): Comparison[] {
  const comparisons: Comparison[] = [];
  for (const pair of PAIRS) {
    for (const a of cases.filter((item) => item.params[pair.parameter] === pair.a && item.samples.length > 0)) {
      const rest = JSON.stringify(without(a.params, pair.parameter));
      const b = cases.find(
        (item) =>
          item.workload === a.workload &&
          sideLabel(item) === sideLabel(a) &&
          item.params[pair.parameter] === pair.b &&
          JSON.stringify(without(item.params, pair.parameter)) === rest &&
          item.samples.length > 0,
      );
      if (!b) continue;
      for (const key of METRICS) {
        const metric = metricByKey(key)!;
        const result = compareSamples(metricSamples(a, metric), metricSamples(b, metric), metric.higherIsBetter);
        const side = sideOf(a);
        comparisons.push({
          ...keyFields({ workload: a.workload, params: without(a.params, pair.parameter), metric: key, a: { ...side, option: pair.a }, b: { ...side, option: pair.b } }),
          higherIsBetter: metric.higherIsBetter,
          ...result,
          qValue: result.pValue,
        });
      }
    }
  }
  return comparisons;
}
