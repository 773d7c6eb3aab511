import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { analyseRun } from '../compare/analysis.js';
import { compareWithBaseline, type MetricChange } from '../compare/baseline.js';
import { loadThresholds } from '../compare/thresholds.js';
import { Errors } from '../errors.js';
import { readResult } from '../result/read.js';
import { findReporter, formatForPath } from '../report/registry.js';
import type { ReportInput } from '../report/types.js';

export interface CompareFlags {
  format?: string;
  out?: string;
  json?: boolean;
  failOnRegression?: boolean;
  thresholds?: string;
  /** Every baseline comparison as a row, none folded into counts. */
  all?: boolean;
}

/** Exit codes of `lab compare BASE HEAD --fail-on-regression`: 1 a gating metric regressed beyond its fail threshold; 3 one may have, and the data cannot decide. */
export const EXIT_REGRESSION = 1;
export const EXIT_INCONCLUSIVE = 3;

/** Reads one run (analysed on its own) or a baseline and a run (analysed against each other). */
export function buildReportInput(files: readonly string[], thresholdsFile?: string, showAll = false): ReportInput {
  const [first, second] = files;
  if (!first) throw Errors.user('give a result file: lab compare RUN.json, or lab compare BASE.json HEAD.json');
  if (files.length > 2) throw Errors.user('give at most two result files: BASE.json HEAD.json');
  const head = readResult(second ?? first);
  const input: ReportInput = { result: head, analysis: analyseRun(head), resultPath: second ?? first };
  if (second) {
    const base = readResult(first);
    input.baseline = { result: base, comparison: compareWithBaseline(base, head, loadThresholds(thresholdsFile)), showAll };
  }
  return input;
}

/** Renders a report: console tables go to stderr, any other format to stdout, or to --out. */
export function writeReport(input: ReportInput, flags: CompareFlags, defaultFormat: string): void {
  const format = flags.json ? 'json' : (flags.format ?? (flags.out ? formatForPath(flags.out) : undefined) ?? defaultFormat);
  const text = findReporter(format).render(input);
  if (flags.out) {
    mkdirSync(path.dirname(path.resolve(flags.out)), { recursive: true });
    writeFileSync(flags.out, text);
    process.stderr.write(`lab: wrote ${format} report to ${flags.out}\n`);
  } else if (format === 'console') {
    process.stderr.write(text);
  } else {
    process.stdout.write(text);
  }
}

/** The cases of some changes, each once, in order. */
function casesOf(changes: readonly MetricChange[]): string[] {
  return [...new Set(changes.map((change) => change.caseId))];
}

/**
 * `lab compare RUN [HEAD]`. With --fail-on-regression: exit 1 when a gating
 * metric regressed beyond its fail threshold, else exit 3 when one is worse
 * than that at its estimate but undecided; each names the cases on stderr.
 */
export function compareCommand(files: string[], flags: CompareFlags): number {
  const input = buildReportInput(files, flags.thresholds, flags.all ?? false);
  writeReport(input, flags, 'console');
  const comparison = input.baseline?.comparison;
  if (!flags.failOnRegression || !comparison) return 0;
  if (comparison.failures.length > 0) {
    const cases = casesOf(comparison.failures);
    process.stderr.write(`lab: regression in ${cases.length} case(s): ${cases.join(', ')}\n`);
    return EXIT_REGRESSION;
  }
  if (comparison.inconclusive.length > 0) {
    const cases = casesOf(comparison.inconclusive);
    const detail = comparison.inconclusive
      .map((change) => `${change.caseId} ${change.metric} ${(change.change * 100).toFixed(1)} % (detectable ±${(change.detectable * 100).toFixed(0)} %)`)
      .join('; ');
    process.stderr.write(
      `lab: inconclusive in ${cases.length} case(s): worse than the fail threshold at the estimate, but too noisy to decide: ${detail}; rerun both with more repetitions (exit ${EXIT_INCONCLUSIVE})\n`,
    );
    return EXIT_INCONCLUSIVE;
  }
  return 0;
}

/** `lab report RUN [BASE]`: the same analysis, HTML by default. */
export function reportCommand(files: string[], flags: CompareFlags): number {
  const ordered = files.length === 2 ? [files[1]!, files[0]!] : files;
  const input = buildReportInput(ordered, flags.thresholds);
  const out = flags.out ?? (flags.format && flags.format !== 'html' ? undefined : path.join('results', `${input.result.runId}.html`));
  writeReport(input, { ...flags, out }, 'html');
  return 0;
}
