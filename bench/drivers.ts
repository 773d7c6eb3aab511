/* Ways a contender fills a slice: many calls in flight, or sequential round trips over a message path. */
import type { Slice } from './rounds.js';

/**
 * Keeps `inFlight` calls of `runOne` outstanding until the slice is over,
 * then waits for the stragglers. Each result must equal its argument (every
 * contender runs a noop that returns its input).
 */
export function saturate(runOne: (value: number) => Promise<unknown>, inFlight: number, sliceMs: number): Promise<Slice> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const deadline = started + sliceMs;
    let next = 0;
    let active = 0;
    let done = 0;
    let stopping = false;
    const launch = (): void => {
      const value = next++;
      active++;
      runOne(value).then((result) => {
        active--;
        if (result !== value) {
          stopping = true;
          reject(new Error(`noop returned ${String(result)} for ${value}`));
          return;
        }
        done++;
        if (!stopping && performance.now() < deadline) launch();
        else {
          stopping = true;
          if (active === 0) resolve({ ops: done, ms: performance.now() - started });
        }
      }, reject);
    };
    for (let i = 0; i < inFlight; i++) launch();
  });
}

/** A two-way message path: the bench sets one listener and swaps what it does. */
export interface Duplex {
  send(message: unknown): void;
  /** Called once by the bench. */
  onMessage(listener: (message: unknown) => void): void;
}

export interface Envelope {
  seq: number;
  body: string;
}

/** Wraps a Duplex for sequential round trips of `{seq, body}`; the reply must come back as sent. */
export function roundTripper(duplex: Duplex): (body: string, sliceMs: number) => Promise<Slice> {
  let current: (message: unknown) => void = () => {
    throw new Error('message outside a slice');
  };
  duplex.onMessage((message) => current(message));
  return (body, sliceMs) =>
    new Promise((resolve, reject) => {
      const started = performance.now();
      const deadline = started + sliceMs;
      let seq = 0;
      current = (message) => {
        const echoed = message as Envelope;
        if (echoed.seq !== seq || echoed.body.length !== body.length) {
          reject(new Error(`echo mismatch at ${seq}`));
          return;
        }
        seq++;
        const now = performance.now();
        if (now >= deadline) resolve({ ops: seq, ms: now - started });
        else duplex.send({ seq, body } satisfies Envelope);
      };
      duplex.send({ seq, body } satisfies Envelope);
    });
}

/** An ASCII body of exactly `bytes` characters, like the lab's messaging payloads. */
export function payload(bytes: number): string {
  const unit = 'abcdefghijklmnopqrstuvwxyz0123456789';
  return unit.repeat(Math.ceil(bytes / unit.length)).slice(0, bytes);
}
