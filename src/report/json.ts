import type { ReportInput, Reporter } from './types.js';

/** The result itself with the comparison objects (DESIGN.md) added, plus the analysis and any baseline comparison. */
export const jsonReporter: Reporter = {
  name: 'json',
  extension: 'json',
  render({ result, analysis, baseline }: ReportInput): string {
    const { points, crossovers, recommendations, warnings } = analysis;
    return `${JSON.stringify(
      {
        ...result,
        comparisons: analysis.comparisons,
        analysis: { points, crossovers, recommendations, warnings },
        ...(baseline ? { baseline: { runId: baseline.result.runId, ...baseline.comparison } } : {}),
      },
      null,
      2,
    )}\n`;
  },
};
