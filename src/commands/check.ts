import { checkTargets, loadTargets } from '../compare/targets.js';
import { readResult } from '../result/read.js';
import { renderTable } from '../report/format.js';

/** `lab check RUN --targets FILE`: exit 1 when an error or critical target is missed. */
export function checkCommand(file: string, flags: { targets?: string; json?: boolean }): number {
  const report = checkTargets(readResult(file), loadTargets(flags.targets));
  if (flags.json) {
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  } else {
    const rows = report.checks.map((check) => [
      check.passed ? 'pass' : check.target.severity.toUpperCase(),
      check.target.name,
      check.caseId,
      `${Number(check.value.toPrecision(4))}`,
      check.target.below !== undefined ? `< ${check.target.below}` : `> ${check.target.above}`,
    ]);
    process.stderr.write(`${renderTable(['status', 'target', 'case', 'value', 'bound'], rows, ['left', 'left', 'left', 'right', 'left'])}\n`);
    for (const target of report.unchecked) process.stderr.write(`not checked: ${target.name} (no ${target.workload} case with ${target.metric} in this run)\n`);
    const missed = report.checks.filter((check) => !check.passed);
    process.stderr.write(`${report.checks.length - missed.length} of ${report.checks.length} checks passed${report.failed ? '; an error-level target was missed' : ''}\n`);
  }
  return report.failed ? 1 : 0;
}
