import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { compareWithBaseline } from '../compare/baseline.js';
import { loadThresholds } from '../compare/thresholds.js';
import { Errors } from '../errors.js';
import { readResult } from '../result/read.js';
import { renderBaseline } from '../report/console.js';

export interface BaselineFlags {
  name?: string;
  force?: boolean;
  thresholds?: string;
  resultsDir?: string;
}

/**
 * `lab baseline save RUN`: stores the run as results/baselines/<name>.json.
 * Refused (exit 1) when the run regressed against the baseline it replaces,
 * unless --force.
 */
export function baselineSaveCommand(file: string, flags: BaselineFlags): number {
  const run = readResult(file);
  const name = flags.name ?? run.scenario.name;
  if (!/^[\w.-]+$/.test(name)) throw Errors.user(`baseline name "${name}" may hold only letters, digits, ".", "_" and "-"`);
  const directory = path.join(flags.resultsDir ?? 'results', 'baselines');
  const target = path.join(directory, `${name}.json`);
  if (existsSync(target)) {
    const comparison = compareWithBaseline(readResult(target), run, loadThresholds(flags.thresholds));
    if (comparison.failures.length > 0 && !flags.force) {
      process.stderr.write(`${renderBaseline(comparison)}\n`);
      process.stderr.write(`lab: not saved: ${file} regressed against baseline "${name}"; use --force to replace it anyway\n`);
      return 1;
    }
  }
  mkdirSync(directory, { recursive: true });
  copyFileSync(file, target);
  process.stderr.write(`lab: saved ${file} as baseline "${name}" (${target})\n`);
  return 0;
}
