/**
 * Every error the lab raises on purpose. A UserError is bad input: the CLI
 * prints its one line and exits 2. The others describe a failure of a case
 * and end up in the result as data.
 */
export class UserError extends Error {
  override readonly name = 'UserError';
}

export class TaskTimeoutError extends Error {
  override readonly name = 'TaskTimeoutError';
}

export class AgentExitedError extends Error {
  override readonly name = 'AgentExitedError';
}

export class PoolClosedError extends Error {
  override readonly name = 'PoolClosedError';
}

export const Errors = {
  user: (message: string): UserError => new UserError(message),
  taskTimeout: (timeoutMs: number, where: string): TaskTimeoutError =>
    new TaskTimeoutError(`task timed out after ${timeoutMs} ms on ${where}; its agent was stopped and replaced`),
  childExited: (pid: number | undefined, code: number | null, signal: string | null): AgentExitedError =>
    new AgentExitedError(
      `child process ${pid ?? '?'} exited (${signal ? `signal ${signal}` : `code ${code}`}) while running this task; it was replaced`,
    ),
  poolClosed: (): PoolClosedError => new PoolClosedError('the pool is closed; no new task is accepted'),
  unknownHandler: (workload: string, kind: string, handler: string): Error =>
    new Error(`workload "${workload}" has no ${kind} handler "${handler}"`),
};

/** The message of anything thrown, for a result file or a one-line report. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
