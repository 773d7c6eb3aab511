import { NotCloneableError, cloneDigest } from './clone-digest.js';
import { Random, deriveSeed } from '../../src/kernel/random.js';
import type { AgentModule } from '../../src/kernel/agent.js';

/**
 * A user's own agent (`lab run --workload FILE`): a plain JavaScript module
 * shaped like a piscina worker file, whose default export is the task
 * function. Every backend imports it by its file URL, once per worker or
 * child, and calls the default export once per task.
 */

/** The second argument of a user's task function. */
export interface TaskContext {
  /** Index of the agent, 0 … agents − 1. */
  readonly agent: number;
  /** Index of this task within its agent, 0 … tasks − 1. */
  readonly task: number;
  readonly seed: number;
  /** A float in [0, 1), seeded from (seed, agent, task): the same numbers on every backend. */
  random(): number;
}

export type UserTaskFunction = (input: unknown, context: TaskContext) => unknown;
export type UserInputFunction = (agent: number, task: number, seed: number) => unknown;

export interface UserModuleExports {
  readonly run: UserTaskFunction;
  /** Builds each task's input in the orchestrator; absent: `{ agent, task }`. */
  readonly input: UserInputFunction | undefined;
}

/** What the orchestrator sends for one task. */
export interface UserTask {
  readonly input: unknown;
  readonly agent: number;
  readonly task: number;
  readonly seed: number;
}

/** What a task sends back: its result's digest, then the result itself, so returning it costs what it would. */
export type UserTaskResult = [digest: string, result: unknown];

/** The stream number of context.random() (see deriveSeed; the built-in agents use 1 to 8). */
const RANDOM_STREAM = 9;

export function taskContext(agent: number, task: number, seed: number): TaskContext {
  const random = new Random(deriveSeed(seed, RANDOM_STREAM, agent, task));
  return { agent, task, seed, random: () => random.next() };
}

/** Imports a user's module and checks its shape; the error says in a few words what is wrong. */
export async function importUserModule(url: string): Promise<UserModuleExports> {
  const module = (await import(url)) as { default?: unknown; input?: unknown };
  if (typeof module.default !== 'function') {
    const found = module.default === undefined ? 'no default export' : `a default export that is a ${typeof module.default}, not a function`;
    throw new TypeError(`has ${found}; write: export default async function (input, context) { … return result; }`);
  }
  if (module.input !== undefined && typeof module.input !== 'function') {
    throw new TypeError(`exports "input" as a ${typeof module.input}; it must be a function (agent, task, seed) returning the task's input`);
  }
  return { run: module.default as UserTaskFunction, input: module.input as UserInputFunction | undefined };
}

/** How the message of a result that cannot be cloned begins, on every backend. */
export const NOT_CLONEABLE = 'returned a result that cannot be cloned';

function seal(result: unknown): UserTaskResult {
  try {
    return [cloneDigest(result), result];
  } catch (error) {
    if (error instanceof NotCloneableError) throw new TypeError(`${NOT_CLONEABLE}: ${error.message}`);
    throw error;
  }
}

/** The task handler every backend runs: the user's function, then its result sealed with a digest. */
function userTask(run: UserTaskFunction, { input, agent, task, seed }: UserTask): UserTaskResult | Promise<UserTaskResult> {
  const value = run(input, taskContext(agent, task, seed));
  if (value instanceof Promise || typeof (value as { then?: unknown } | null)?.then === 'function') {
    return Promise.resolve(value).then(seal);
  }
  return seal(value);
}

/** The user's module as an agent module with one task, `task`. */
export async function loadUserAgent(url: string): Promise<AgentModule> {
  const { run } = await importUserModule(url);
  return { tasks: { task: (args: UserTask) => userTask(run, args) } };
}
