import path from 'node:path';
import { renderSoak } from '../report/soak.js';
import type { Invocation, RunResult } from '../result/types.js';
import { ResultWriter, newRunId } from '../result/writer.js';
import { runHeader } from '../runner/runner.js';
import { runSoak } from '../runner/soak.js';
import type { Plan } from '../scenario/plan.js';
import { stopOnSignals } from './stop-signals.js';

/** `lab run … --soak DURATION`: every side of every point soaked alone; the result carries the records. */
export async function soakCommand(
  options: { plan: Plan; scenarioName: string; scenarioFile: string; filter: string | null; invocation: Invocation; durationMs: number; resultsDir: string; outPath?: string; threshold: number },
): Promise<{ code: number; result: RunResult }> {
  const stop = stopOnSignals('stopping the soak and writing what was measured');
  try {
    const runId = newRunId(`${options.scenarioName}-soak`, options.resultsDir);
    const writer = new ResultWriter(options.resultsDir, runId);
    const header = runHeader(options, runId);
    const soak = await runSoak({
      groups: options.plan.groups,
      durationMs: options.durationMs,
      seed: options.plan.seed,
      taskTimeoutMs: options.plan.taskTimeoutMs,
      thresholdPerAgentPerHour: options.threshold,
      signal: stop.signal,
      onSide: (group, side) => process.stderr.write(`soak ${group.id} on ${side} for ${(options.durationMs / 1000).toFixed(0)} s\n`),
    });
    const result: RunResult = { ...header, finishedAt: new Date().toISOString(), complete: !stop.signal.aborted, cases: [], comparisons: [], soak };
    const resultPath = writer.finish(result, options.outPath);
    process.stderr.write(`\n${renderSoak(soak)}\n\nresult: ${path.relative(process.cwd(), resultPath) || resultPath}\n`);
    return { code: stop.signal.aborted ? 130 : soak.some((record) => record.error) ? 1 : 0, result };
  } finally {
    stop.release();
  }
}
