import path from 'node:path';
import { ConsoleProgress } from '../report/progress.js';
import { analyseRun } from '../compare/analysis.js';
import { consoleReporter } from '../report/console.js';
import { PACKAGE_ROOT, runScenario } from '../runner/runner.js';
import { loadScenario } from '../scenario/load.js';
import { Errors, messageOf } from '../errors.js';
import type { Journal } from '../result/journal.js';
import type { Invocation, ProfileRecord } from '../result/types.js';
import { loadUserModules, moduleScenario } from '../scenario/modules.js';
import { planScenario, type CaseGroup, type Plan } from '../scenario/plan.js';
import type { ScenarioFile } from '../scenario/schema.js';
import { stopOnSignals } from './stop-signals.js';

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
  /** `lab run --workload FILE`: a user's module instead of (or in place of the workloads of) a scenario. */
  workload?: string;
  agents?: number[];
  tasks?: number[];
  /** Profile every side of every point in a pass of its own (src/profile/). */
  profile?: boolean;
  /** List the points and estimate the duration instead of running. */
  dryRun?: boolean;
  /** Soak mode: seconds each side runs its workload without pause while its memory is read. */
  soak?: number;
  /** MiB of live-memory growth per agent per hour above which a soak calls a side growing. */
  leakThreshold?: number;
  /** `lab full --resume JOURNAL`: the same as `lab resume JOURNAL`, for the scenario it names. */
  resume?: string;
}

/** Flags that shape a run: a resumed run takes them from its journal, so giving them with --resume is a mistake. */
const SHAPING_FLAGS: ReadonlyArray<keyof RunFlags> = ['filter', 'seed', 'repeat', 'warmup', 'budget', 'targetCi', 'resultsDir', 'workload', 'agents', 'tasks', 'profile', 'dryRun', 'soak', 'leakThreshold'];

/** `lab quick|full|run NAME --resume JOURNAL`: checks the journal is a run of that scenario, then resumes it. */
async function resumeFromRunCommand(scenarioName: string | undefined, flags: RunFlags): Promise<number> {
  const given = SHAPING_FLAGS.filter((flag) => flags[flag] !== undefined);
  if (given.length > 0) {
    throw Errors.user(`--resume continues a run with the scenario and flags it started with; leave out ${given.map((flag) => `--${flag.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`).join(', ')} (only --out and --json apply)`);
  }
  const { readJournal } = await import('../result/journal.js');
  const started = readJournal(flags.resume!).header.invocation?.scenario;
  if (scenarioName && started && started !== scenarioName) {
    throw Errors.user(`${flags.resume} is a run of ${started}, not ${scenarioName}: use lab resume ${flags.resume}, or lab ${started === 'quick' || started === 'full' ? started : `run ${started}`} --resume ${flags.resume}`);
  }
  const { resumeCommand } = await import('./resume.js');
  return resumeCommand(flags.resume!, { out: flags.out, json: flags.json });
}

/** How long each side of a point is profiled with --profile. */
const PROFILE_MS = 400;

/** The scenario to run: a named or given one, or a user's module (--workload), with the folder its module paths start from. */
function chooseScenario(scenarioName: string | undefined, flags: RunFlags): { file: string; scenario: ScenarioFile; baseDir: string } {
  if (flags.workload === undefined) {
    if (flags.agents || flags.tasks) throw Errors.user('--agents and --tasks go with --workload FILE (your own agent module)');
    if (scenarioName === undefined) throw Errors.user('name a scenario (lab run quick, lab run my.json) or a module (lab run --workload my-agent.mjs)');
    const { file, scenario } = loadScenario(scenarioName);
    return { file, scenario, baseDir: path.dirname(file) };
  }
  const params = { ...(flags.agents ? { agents: flags.agents } : {}), ...(flags.tasks ? { tasks: flags.tasks } : {}) };
  const base = scenarioName === undefined ? undefined : loadScenario(scenarioName).scenario;
  return { file: path.resolve(flags.workload), scenario: moduleScenario(flags.workload, params, base), baseDir: process.cwd() };
}

/** Each workload's own checks (a reachable database, a module that runs alike on every side) before the run starts. */
async function preflight(plan: Plan): Promise<void> {
  for (const workload of new Set(plan.groups.map((group) => group.workload))) {
    const groups = plan.groups.filter((group) => group.workload === workload);
    const sides = [...new Map(groups.flatMap((group) => group.sides).map((side) => [side.label, side])).values()];
    await workload.preflight?.({ sides, points: groups.map((group) => group.params), seed: plan.seed });
  }
}

/** The runner's profiling hook: a point that cannot be profiled, or fails to, is said on stderr and the run goes on. */
function profiler(plan: Plan, resultsDir: string): (group: CaseGroup, runId: string) => Promise<ProfileRecord[]> {
  return async (group, runId) => {
    const { profilable, profilePoint } = await import('../profile/profile-pass.js');
    if (!profilable(group)) return [];
    try {
      return await profilePoint(group, { resultsDir, runId, seed: plan.seed, taskTimeoutMs: plan.taskTimeoutMs, profileMs: PROFILE_MS });
    } catch (error) {
      process.stderr.write(`lab: could not profile ${group.id}: ${messageOf(error)}\n`);
      return [];
    }
  };
}

/** The flags that shape the plan, as `lab resume` needs them to plan the same run again. */
const PLAN_FLAGS = ['filter', 'seed', 'repeat', 'warmup', 'budget', 'targetCi', 'workload', 'agents', 'tasks', 'profile', 'soak', 'leakThreshold'] as const;

function invocationOf(scenarioName: string | undefined, flags: RunFlags): Invocation {
  const chosen = Object.fromEntries(PLAN_FLAGS.filter((name) => flags[name] !== undefined).map((name) => [name, flags[name]]));
  if (typeof chosen.workload === 'string') chosen.workload = path.resolve(chosen.workload);
  return { scenario: scenarioName ?? null, flags: chosen, cwd: process.cwd() };
}

/** `lab run [scenario]`, `lab quick` and `lab full` (and `lab resume`, with the journal to go on from): returns the exit code. */
export async function runCommand(scenarioName: string | undefined, flags: RunFlags, resume?: Journal): Promise<number> {
  if (flags.resume !== undefined && !resume) return resumeFromRunCommand(scenarioName, flags);
  const { file, scenario, baseDir } = chooseScenario(scenarioName, flags);
  const modules = await loadUserModules(scenario, baseDir);
  const plan = planScenario(scenario, {
    repeat: flags.repeat,
    warmup: flags.warmup,
    seed: flags.seed,
    filter: flags.filter,
    budgetSeconds: flags.budget,
    targetHalfWidth: flags.targetCi,
  }, modules);
  const resultsDir = flags.resultsDir ?? path.join(process.cwd(), 'results');
  if (flags.dryRun) {
    const { estimateRun, renderPlan } = await import('./estimate.js');
    const stop = stopOnSignals('stopping the calibration');
    let estimate: Awaited<ReturnType<typeof estimateRun>>;
    try {
      estimate = await estimateRun(plan, scenario.name, resultsDir, stop.signal);
    } finally {
      stop.release();
    }
    if (stop.signal.aborted) return 130;
    if (flags.json) process.stdout.write(`${JSON.stringify(estimate, null, 2)}\n`);
    else process.stdout.write(`${renderPlan(estimate)}\n`);
    return 0;
  }
  await preflight(plan);
  if (flags.soak !== undefined) {
    // A soak runs a warm workload without pause; a cold one measures start-up, so it has nothing to soak.
    const warm = plan.groups.filter((group) => group.workload.lifecycle === 'warm');
    const cold = [...new Set(plan.groups.filter((group) => group.workload.lifecycle !== 'warm').map((group) => group.workload.name))];
    if (warm.length === 0) throw Errors.user(`--soak needs a warm workload; ${cold.join(', ')} measure${cold.length === 1 ? 's' : ''} start-up`);
    if (cold.length > 0) process.stderr.write(`lab: --soak leaves out ${cold.join(', ')}: ${cold.length === 1 ? 'it measures' : 'they measure'} start-up, not a running agent\n`);
    const { soakCommand } = await import('./soak.js');
    const { DEFAULT_LEAK_THRESHOLD } = await import('../runner/soak.js');
    const { code, result } = await soakCommand({
      plan: { ...plan, groups: warm },
      scenarioName: scenario.name,
      scenarioFile: path.relative(PACKAGE_ROOT, file) || file,
      filter: flags.filter ?? null,
      invocation: invocationOf(scenarioName, flags),
      durationMs: flags.soak * 1000,
      resultsDir,
      outPath: flags.out,
      threshold: flags.leakThreshold !== undefined ? flags.leakThreshold * 1024 * 1024 : DEFAULT_LEAK_THRESHOLD,
    });
    if (flags.json) process.stdout.write(`${JSON.stringify(result)}\n`);
    return code;
  }
  const stop = stopOnSignals('stopping workers and writing what was measured');
  try {
    const outcome = await runScenario({
      scenarioName: scenario.name,
      scenarioFile: path.relative(PACKAGE_ROOT, file) || file,
      plan,
      filter: flags.filter ?? null,
      resultsDir,
      outPath: flags.out,
      signal: stop.signal,
      interruptReason: stop.reason,
      progress: new ConsoleProgress(),
      // The budget counts from the start of the process: loading the lab is part of the wait.
      startedAtMs: 0,
      invocation: invocationOf(scenarioName, flags),
      ...(resume ? { resume } : {}),
      ...(flags.profile ? { profilePoint: profiler(plan, resultsDir) } : {}),
    });
    const { result, resultPath } = outcome;
    process.stderr.write(`\n${consoleReporter.render({ result, analysis: analyseRun(result), resultPath })}`);
    if (flags.json) process.stdout.write(`${JSON.stringify(outcome.result)}\n`);
    return outcome.result.complete ? 0 : 130;
  } finally {
    stop.release();
  }
}
