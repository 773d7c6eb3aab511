/**
 * The faults workload's vocabulary, shared by its agent, its driver and the
 * isolation report: which fault, in which words, on which task.
 */

/** How the misbehaving agent breaks; `flaky` has no single culprit: every task may fail. */
export const FAULT_KINDS = ['throw', 'exit', 'crash', 'hang', 'oom', 'flaky'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

/** What one fault kind is called in plain words, for verdicts and reports. */
export const FAULT_WORDS: Readonly<Record<FaultKind, string>> = {
  throw: 'an exception in one agent',
  exit: 'process.exit() in one agent',
  crash: 'fatal crash (abort) in one agent',
  hang: 'one agent hung in a busy loop',
  oom: 'one agent out of memory',
  flaky: 'every agent failing at a steady rate, with retries',
};

export interface FaultTask {
  seed: number;
  agent: number;
  round: number;
  attempt: number;
  steps: number;
  /** Set on the one task that misbehaves. */
  fault?: Exclude<FaultKind, 'flaky'>;
  /** flaky: chance, in percent, that an attempt fails after doing its work. */
  failurePercent?: number;
}
