import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { analyseRun } from '../compare/analysis.js';
import { compareWithBaseline } from '../compare/baseline.js';
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
}

/** Reads one run (analysed on its own) or a baseline and a run (analysed against each other). */
export function buildReportInput(files: readonly string[], thresholdsFile?: string): ReportInput {
  const [first, second] = files;
  if (!first) throw Errors.user('give a result file: lab compare RUN.json, or lab compare BASE.json HEAD.json');
  if (files.length > 2) throw Errors.user('give at most two result files: BASE.json HEAD.json');
  const head = readResult(second ?? first);
  const input: ReportInput = { result: head, analysis: analyseRun(head), resultPath: second ?? first };
  if (second) {
    const base = readResult(first);
    input.baseline = { result: base, comparison: compareWithBaseline(base, head, loadThresholds(thresholdsFile)) };
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

/** `lab compare RUN [HEAD]`: exit 1 with --fail-on-regression when a change fails its threshold. */
export function compareCommand(files: string[], flags: CompareFlags): number {
  const input = buildReportInput(files, flags.thresholds);
  writeReport(input, flags, 'console');
  const failures = input.baseline?.comparison.failures ?? [];
  if (flags.failOnRegression && failures.length > 0) {
    const cases = [...new Set(failures.map((failure) => failure.caseId))];
    process.stderr.write(`lab: regression in ${cases.length} case(s): ${cases.join(', ')}\n`);
    return 1;
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
