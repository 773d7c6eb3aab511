import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  NOT_CLONEABLE,
  importUserModule,
  type UserInputFunction,
  type UserTask,
  type UserTaskResult,
} from './agent.js';
import type { Backend } from '../../src/backends/types.js';
import { Errors, UserError, messageOf } from '../../src/errors.js';
import { createHistogram, recordMs } from '../../src/kernel/histogram.js';
import { combineChecksums, numberParam, range, type WarmWorkload } from '../../src/workloads/types.js';

/** A user's module as a workload: the driver side of `lab run --workload FILE`. */
export interface UserWorkload extends WarmWorkload {
  /** The module's file URL: the key every backend loads it by. */
  readonly agentModule: string;
  /** How messages name it: the path as the user gave it. */
  readonly label: string;
  /** The input of one task, built in the orchestrator. */
  input(agent: number, task: number, seed: number): unknown;
}

const EXTENSIONS = /\.(mjs|cjs|js)$/;

/** The first line of an error's message: a user's error becomes one line of ours. */
function firstLine(error: unknown): string {
  return messageOf(error).split('\n')[0]!;
}

/** How a failed task reads: what the module did, where, in one line. */
export function taskFailure(label: string, where: string, agent: number, task: number, error: unknown): Error {
  const message = firstLine(error);
  const what = message.startsWith(NOT_CLONEABLE) ? message : `threw: ${message}`;
  return new Error(`module ${label}${where}, agent ${agent}, task ${task} ${what}`);
}

/** Runs one task on a backend; resolves with the digest of its result. */
export async function runUserTask(backend: Backend, workload: UserWorkload, agent: number, task: number, seed: number, where = ''): Promise<string> {
  let args: UserTask;
  try {
    args = { input: workload.input(agent, task, seed), agent, task, seed };
  } catch (error) {
    throw new Error(`module ${workload.label}: input(${agent}, ${task}, ${seed}) threw: ${firstLine(error)}`);
  }
  try {
    const [digest] = (await backend.run({ workload: workload.agentModule, handler: 'task', args })) as UserTaskResult;
    return digest;
  } catch (error) {
    throw taskFailure(workload.label, where, agent, task, error);
  }
}

function defaultInput(agent: number, task: number): unknown {
  return { agent, task };
}

/**
 * Reads a user's module in the orchestrator: checks that it exists, loads and
 * has a default-exported function, hashes its content, and returns it as a
 * warm workload. Every problem is a one-line UserError naming the module.
 * `name` is the workload's name in results and reports.
 */
export async function loadUserModule(given: string, baseDir: string, name: string): Promise<UserWorkload> {
  const file = path.resolve(baseDir, given);
  const fail = (problem: string, cause?: unknown): never => {
    throw Object.assign(Errors.user(`module ${given} ${problem}`), cause === undefined ? {} : { cause });
  };
  let content: Buffer;
  try {
    if (!statSync(file).isFile()) fail(`is not a file (${file})`);
    content = readFileSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return fail(`does not exist (looked for ${file})`);
    if (error instanceof UserError) throw error;
    return fail(`cannot be read (${(error as NodeJS.ErrnoException).code ?? firstLine(error)})`, error);
  }
  if (/\.(ts|mts|cts)$/.test(file)) fail('is TypeScript: compile it to JavaScript first (tsc) and give the .js or .mjs file');
  if (!EXTENSIONS.test(file)) fail('is not a JavaScript module: give a .mjs or .js file');
  const url = pathToFileURL(file).href;
  let loaded: Awaited<ReturnType<typeof importUserModule>>;
  try {
    loaded = await importUserModule(url);
  } catch (error) {
    const shape = error instanceof TypeError && /^(has |exports )/.test(error.message);
    return fail(shape ? error.message : `threw while loading: ${firstLine(error)}`, error);
  }
  const makeInput: UserInputFunction = loaded.input ?? defaultInput;
  const source = { path: given, sha256: createHash('sha256').update(content).digest('hex') };
  const workload: UserWorkload = {
    name,
    description: `your module ${given}: its default export once per task, tasks of an agent one after another, agents at once`,
    throughputUnit: 'tasks/s',
    latencyDefinition: 'one task, timed in the orchestrator: its input built and sent, the default export run, its result (and digest) back',
    lifecycle: 'warm',
    parameters: {
      agents: { description: 'agents running at once, each its tasks one after another', default: 4 },
      tasks: { description: 'tasks per agent per repetition', default: 100 },
      concurrency: { description: 'tasks one worker or child runs at once: 1 for CPU-bound tasks, more for tasks that mostly await', default: 1 },
    },
    agentModule: url,
    label: given,
    source,
    input: makeInput,
    agents: (params) => numberParam(params, 'agents'),
    pool: (params, poolSize) => ({ poolSize, tasksPerWorker: numberParam(params, 'concurrency') }),
    preflight: async (plan) => (await import('./trial.js')).trialOnEverySide(workload, plan),
    async run({ backend, params, seed }) {
      const agents = numberParam(params, 'agents');
      const tasks = numberParam(params, 'tasks');
      const latency = createHistogram();
      const digests = range(agents).map(() => new Array<string>(tasks));
      const started = performance.now();
      await Promise.all(
        range(agents).map(async (agent) => {
          const own = digests[agent]!;
          for (let task = 0; task < tasks; task++) {
            const sent = performance.now();
            own[task] = await runUserTask(backend, workload, agent, task, seed);
            recordMs(latency, performance.now() - sent);
          }
        }),
      );
      const durationMs = performance.now() - started;
      return {
        operations: agents * tasks,
        durationMs,
        latency,
        checksum: combineChecksums(digests.map((own) => own.join(''))),
      };
    },
  };
  return workload;
}
