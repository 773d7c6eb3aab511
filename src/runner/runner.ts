import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { compareWithinRun } from '../compare/within-run.js';
import { fingerprint, labIdentity } from '../measure/environment.js';
import { RESULT_SCHEMA, type CaseResult, type RunResult } from '../result/types.js';
import { ResultWriter, newRunId } from '../result/writer.js';
import type { CaseGroup, Plan } from '../scenario/plan.js';
import { InterruptedGroupError, erroredCases, runGroup, type TraceEvent } from './run-group.js';
import { SetupError, SharedSetups } from './shared-setups.js';

export const PACKAGE_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

export interface RunOptions {
  scenarioName: string;
  scenarioFile: string;
  plan: Plan;
  filter: string | null;
  resultsDir: string;
  outPath?: string;
  signal: AbortSignal;
  /** Why the signal fired (SIGINT, SIGTERM), for the result. */
  interruptReason?: () => string | undefined;
  progress?: RunProgress;
  trace?: (event: TraceEvent) => void;
}

export interface RunProgress {
  begin(groups: readonly CaseGroup[], journalPath: string): void;
  groupStarted(group: CaseGroup, index: number): void;
  repetition(side: string, repetition: number, phase: 'warmup' | 'timed', of: number): void;
  groupFinished(group: CaseGroup, cases: readonly CaseResult[]): void;
}

export interface RunOutcome {
  result: RunResult;
  resultPath: string;
  journalPath: string;
}

function labVersion(): string {
  return (JSON.parse(readFileSync(path.join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
}

function uniform(values: number[]): number | 'per-entry' {
  return values.every((value) => value === values[0]) ? values[0]! : 'per-entry';
}

/** Runs a plan group by group, streaming each finished case to the journal. */
export async function runScenario(options: RunOptions): Promise<RunOutcome> {
  const { plan, signal } = options;
  const runId = newRunId(options.scenarioName, options.resultsDir);
  const writer = new ResultWriter(options.resultsDir, runId);
  const header: Omit<RunResult, 'cases' | 'comparisons'> = {
    schema: RESULT_SCHEMA,
    lab: labIdentity(PACKAGE_ROOT, labVersion()),
    runId,
    startedAt: new Date().toISOString(),
    finishedAt: null,
    complete: false,
    env: fingerprint(),
    scenario: {
      name: options.scenarioName,
      file: options.scenarioFile,
      seed: plan.seed,
      poolSize: plan.poolSize,
      warmup: uniform(plan.groups.map((group) => group.warmup)),
      repeat: uniform(plan.groups.map((group) => group.repeat)),
      backends: [...new Set(plan.groups.flatMap((group) => group.sides.map((side) => side.label)))],
      filter: options.filter,
    },
  };
  writer.begin(header);
  options.progress?.begin(plan.groups, writer.journalPath);

  const cases: CaseResult[] = [];
  const order = { next: 0 };
  const shared = new SharedSetups(plan.groups);
  try {
    for (const [index, group] of plan.groups.entries()) {
      if (signal.aborted) break;
      options.progress?.groupStarted(group, index);
      let groupCases: CaseResult[];
      try {
        const prepared = await shared.before(group);
        groupCases = await runGroup(group, {
          seed: plan.seed,
          caseTimeoutMs: plan.caseTimeoutMs,
          taskTimeoutMs: plan.taskTimeoutMs,
          signal,
          order,
          prepared,
          trace: options.trace,
          onRepetition: (side, repetition, phase) =>
            options.progress?.repetition(side, repetition, phase, phase === 'warmup' ? group.warmup : group.repeat),
        });
      } catch (error) {
        if (error instanceof InterruptedGroupError) groupCases = error.partial;
        else if (error instanceof SetupError) groupCases = erroredCases(group, error.message);
        else throw error;
      }
      await shared.after(index);
      for (const result of groupCases) writer.append(result);
      cases.push(...groupCases);
      options.progress?.groupFinished(group, groupCases);
    }
  } finally {
    await shared.closeAll();
  }

  const interruptedBy = signal.aborted ? (options.interruptReason?.() ?? 'interrupted') : undefined;
  const result: RunResult = {
    ...header,
    finishedAt: new Date().toISOString(),
    complete: !signal.aborted,
    ...(interruptedBy ? { interruptedBy } : {}),
    cases,
    comparisons: compareWithinRun(cases),
  };
  const resultPath = writer.finish(result, options.outPath);
  return { result, resultPath, journalPath: writer.journalPath };
}
