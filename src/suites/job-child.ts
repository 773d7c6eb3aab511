import { OwnedChild } from './http/owned-child.js';

/**
 * A suite's own child process that runs jobs for the lab one message at a
 * time: the http load generator and the websocket client driver. Both ends
 * live here, the child's loop and the lab's start.
 */

/** What the child answers: ready once, then a result or an error per job, by id. */
export type JobReply<Outcome> = { type: 'ready' } | { type: 'result'; id: number; outcome: Outcome } | { type: 'error'; id: number; message: string };

const START_TIMEOUT_MS = 30_000;

/** In the child: runs each `kind` request's job and answers with its id; stops only when the lab lets go. */
export function serveJobs<Job, Outcome>(kind: string, run: (job: Job) => Promise<Outcome>): void {
  const send = (message: JobReply<Outcome>): void => {
    if (process.connected) process.send!(message);
  };
  process.on('message', (message: { type: string; id: number; job: Job }) => {
    if (message.type !== kind) return;
    run(message.job).then(
      (outcome) => send({ type: 'result', id: message.id, outcome }),
      (error: unknown) => send({ type: 'error', id: message.id, message: error instanceof Error ? error.message : String(error) }),
    );
  });
  // The lab decides when this process stops: Ctrl-C reaches the whole process group.
  process.on('SIGINT', () => {});
  // Orphaned (the lab died or let go): leave at once.
  process.on('disconnect', () => process.exit(0));
  send({ type: 'ready' });
}

/** In the lab: forks the child and waits for its ready message; a failed start stops it. */
export async function startJobChild<Outcome>(name: string, entry: URL): Promise<OwnedChild<JobReply<Outcome>>> {
  const child = new OwnedChild<JobReply<Outcome>>(name, entry, []);
  try {
    await child.next((message) => (message.type === 'ready' ? message : undefined), START_TIMEOUT_MS, 'ready message');
  } catch (error) {
    await child.stop();
    throw error;
  }
  return child;
}
