import path from 'node:path';
import { ConsoleProgress } from '../report/progress.js';
import { analyseRun } from '../compare/analysis.js';
import { consoleReporter } from '../report/console.js';
import { PACKAGE_ROOT, runScenario } from '../runner/runner.js';
import { loadScenario } from '../scenario/load.js';
import { planScenario } from '../scenario/plan.js';

export interface RunFlags {
  out?: string;
  json?: boolean;
  filter?: string;
  seed?: number;
  repeat?: number;
  warmup?: number;
  budget?: number;
  targetCi?: number;
  resultsDir?: string;
}

/** Grace period after Ctrl-C before the lab stops waiting for its workers and leaves. */
const HARD_STOP_MS = 4500;

/** `lab run <scenario>` and `lab quick`: returns the exit code. */
export async function runCommand(scenarioName: string, flags: RunFlags): Promise<number> {
  const { file, scenario } = loadScenario(scenarioName);
  const plan = planScenario(scenario, {
    repeat: flags.repeat,
    warmup: flags.warmup,
    seed: flags.seed,
    filter: flags.filter,
    budgetSeconds: flags.budget,
    targetHalfWidth: flags.targetCi,
  });
  for (const workload of new Set(plan.groups.map((group) => group.workload))) await workload.preflight?.();
  const controller = new AbortController();
  let reason: string | undefined;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (controller.signal.aborted) process.exit(130);
    reason = `stopped by ${signal}`;
    process.stderr.write(`\nlab: ${signal} received, stopping workers and writing what was measured (again to quit at once)\n`);
    controller.abort();
    setTimeout(() => process.exit(130), HARD_STOP_MS).unref();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    const outcome = await runScenario({
      scenarioName: scenario.name,
      scenarioFile: path.relative(PACKAGE_ROOT, file) || file,
      plan,
      filter: flags.filter ?? null,
      resultsDir: flags.resultsDir ?? path.join(process.cwd(), 'results'),
      outPath: flags.out,
      signal: controller.signal,
      interruptReason: () => reason,
      progress: new ConsoleProgress(),
      // The budget counts from the start of the process: loading the lab is part of the wait.
      startedAtMs: 0,
    });
    const { result, resultPath } = outcome;
    process.stderr.write(`\n${consoleReporter.render({ result, analysis: analyseRun(result), resultPath })}`);
    if (flags.json) process.stdout.write(`${JSON.stringify(outcome.result)}\n`);
    return outcome.result.complete ? 0 : 130;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
