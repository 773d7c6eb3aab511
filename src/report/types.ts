import type { WithinRunAnalysis } from '../compare/analysis.js';
import type { BaselineComparison } from '../compare/baseline.js';
import type { RunResult } from '../result/types.js';

/** Everything a report renders: a run, its analysis and, optionally, its comparison with a baseline. */
export interface ReportInput {
  result: RunResult;
  analysis: WithinRunAnalysis;
  /** `showAll`: every baseline comparison as a row, none folded (`lab compare --all`). */
  baseline?: { result: RunResult; comparison: BaselineComparison; showAll?: boolean };
  /** Where the result file is, to mention in the report. */
  resultPath?: string;
}

/** One output format; adding a format is one file and one registry line. */
export interface Reporter {
  readonly name: string;
  readonly extension: string;
  render(input: ReportInput): string;
}
