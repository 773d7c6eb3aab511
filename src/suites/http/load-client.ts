import { startJobChild } from '../job-child.js';
import type { OwnedChild } from './owned-child.js';
import type { LoadJob, LoadOutcome, LoadReply } from './protocol.js';

/** autocannon gives up on a request after 10 s and ends at its duration; past this margin the generator is stuck. */
const RESULT_MARGIN_MS = 20_000;

/** The lab's handle on the load-generator process (see load-generator.ts). */
export class LoadGenerator {
  private nextId = 1;
  private previous: Promise<void> = Promise.resolve();

  private constructor(private readonly child: OwnedChild<LoadReply>) {}

  static async start(): Promise<LoadGenerator> {
    const child = await startJobChild<LoadOutcome>('the load generator', new URL('./load-generator.js', import.meta.url));
    return new LoadGenerator(child);
  }

  pids(): number[] {
    return this.child.pid === undefined ? [] : [this.child.pid];
  }

  /**
   * One load at a time: a repetition the runner gave up on (case timeout) may
   * still be loading, and the next one must not share the generator with it.
   */
  run(job: LoadJob): Promise<LoadOutcome> {
    const outcome = this.previous.then(() => this.load(job));
    this.previous = outcome.then(
      () => {},
      () => {},
    );
    return outcome;
  }

  private async load(job: LoadJob): Promise<LoadOutcome> {
    const id = this.nextId++;
    const reply = this.child.next(
      (message) => (message.type !== 'ready' && message.id === id ? message : undefined),
      job.durationMs + RESULT_MARGIN_MS,
      'load result',
    );
    this.child.send({ type: 'load', id, job });
    const answer = await reply;
    if (answer.type === 'error') throw new Error(`autocannon failed: ${answer.message}`);
    return answer.outcome;
  }

  stop(): Promise<void> {
    return this.child.stop();
  }
}
