import type { DriverJob, DriverOutcome, DriverReply } from './protocol.js';
import type { OwnedChild } from '../http/owned-child.js';
import { startJobChild } from '../job-child.js';

/** The driver gives each of its three phases 60 s; past this it is stuck. */
const RESULT_TIMEOUT_MS = 200_000;

/** The lab's handle on the client-driver process (client-driver.ts). */
export class ClientDriver {
  private nextId = 1;
  private running = false;

  private constructor(private readonly child: OwnedChild<DriverReply>) {}

  static async start(): Promise<ClientDriver> {
    const child = await startJobChild<DriverOutcome>('the client driver', new URL('./client-driver.js', import.meta.url));
    return new ClientDriver(child);
  }

  /** Running a job now: a repetition the runner gave up on (its case timed out) may leave one behind. */
  get busy(): boolean {
    return this.running;
  }

  pids(): number[] {
    return this.child.pid === undefined ? [] : [this.child.pid];
  }

  async run(job: DriverJob): Promise<DriverOutcome> {
    const id = this.nextId++;
    const reply = this.child.next(
      (message) => (message.type !== 'ready' && message.id === id ? message : undefined),
      RESULT_TIMEOUT_MS,
      'result',
    );
    this.running = true;
    this.child.send({ type: 'job', id, job });
    try {
      const answer = await reply;
      if (answer.type === 'error') throw new Error(`the client driver: ${answer.message}`);
      return answer.outcome;
    } finally {
      this.running = false;
    }
  }

  stop(): Promise<void> {
    return this.child.stop();
  }
}
