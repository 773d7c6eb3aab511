import { createBackend, type BackendSide } from '../../src/backends/registry.js';
import type { Backend } from '../../src/backends/types.js';
import { Errors, UserError, messageOf } from '../../src/errors.js';
import { numberParam, type PreflightPlan } from '../../src/workloads/types.js';
import { runUserTask, type UserWorkload } from './driver.js';

const JSON_LOSES = ', where a Map, Set, typed array, Date or undefined does not survive';

/** How long the trial waits for one side before it calls the module stuck. */
const TRIAL_TIMEOUT_MS = 30_000;

/** A few (agent, task) pairs every point of the plan runs: agents 0–1, tasks 0–1 where the smallest point has them. */
function trialTasks(plan: PreflightPlan): Array<[agent: number, task: number]> {
  const agents = Math.min(2, ...plan.points.map((point) => numberParam(point, 'agents')));
  const tasks = Math.min(2, ...plan.points.map((point) => numberParam(point, 'tasks')));
  const pairs: Array<[number, number]> = [];
  for (let agent = 0; agent < agents; agent++) for (let task = 0; task < tasks; task++) pairs.push([agent, task]);
  return pairs;
}

function withinTrialTime<T>(work: Promise<T>, label: string, side: BackendSide, onTimeout: () => void): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      onTimeout();
      reject(Errors.user(`module ${label} did not finish its first tasks on ${side.label} within ${TRIAL_TIMEOUT_MS / 1000} s`));
    }, TRIAL_TIMEOUT_MS);
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

async function digestsOn(workload: UserWorkload, side: BackendSide, pairs: ReadonlyArray<[number, number]>, seed: number): Promise<string[]> {
  const backend: Backend = createBackend(side, { poolSize: 1, tasksPerWorker: 1, taskTimeoutMs: TRIAL_TIMEOUT_MS });
  const work = async (): Promise<string[]> => {
    await backend.start();
    const digests: string[] = [];
    for (const [agent, task] of pairs) digests.push(await runUserTask(backend, workload, agent, task, seed, ` on ${side.label}`));
    return digests;
  };
  try {
    return await withinTrialTime(work(), workload.label, side, () => void backend.destroy());
  } catch (error) {
    if (error instanceof UserError) throw error;
    const json = side.label === 'processes:json' ? ` (processes:json carries inputs and results as JSON${JSON_LOSES})` : '';
    throw Object.assign(Errors.user(`${messageOf(error).split('\n')[0]!}${json}`), { cause: error });
  } finally {
    await backend.destroy().catch(() => {});
  }
}

function mismatchHint(side: BackendSide): string {
  const json = side.label === 'processes:json' ? `; processes:json carries inputs and results as JSON${JSON_LOSES}` : '';
  return `draw random numbers from context.random(), not Math.random(), and depend on nothing but the input and context (no clock, pid or thread)${json}`;
}

/**
 * Runs the module's first tasks on a pool of one on every side the plan uses,
 * before the run starts: a module that fails on one side only, cannot have
 * its result cloned, or computes different results on different sides is
 * stopped here with one line (exit 2) instead of becoming errored cases.
 */
export async function trialOnEverySide(workload: UserWorkload, plan: PreflightPlan): Promise<void> {
  const pairs = trialTasks(plan);
  let reference: { side: BackendSide; digests: string[] } | undefined;
  // inline last: a module that ends its process (process.exit) ends a worker or a child first, with a message, rather
  // than the lab itself. processes:json just before it: a difference found there alone is JSON's doing, and says so.
  const order = (side: BackendSide): number => (side.kind === 'inline' ? 2 : side.label === 'processes:json' ? 1 : 0);
  const sides = [...plan.sides].sort((a, b) => order(a) - order(b));
  for (const side of sides) {
    const digests = await digestsOn(workload, side, pairs, plan.seed);
    if (!reference) {
      reference = { side, digests };
      continue;
    }
    const differs = digests.findIndex((digest, index) => digest !== reference!.digests[index]);
    if (differs >= 0) {
      const [agent, task] = pairs[differs]!;
      throw Errors.user(
        `module ${workload.label} returns different results on ${side.label} than on ${reference.side.label} (agent ${agent}, task ${task}): ${mismatchHint(side)}`,
      );
    }
  }
}
