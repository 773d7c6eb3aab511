/** The options every bench script takes, parsed once. */
import { parseArgs } from 'node:util';
import { pinMode, type PinMode } from './placement.js';

export interface BenchArgs {
  rounds: number;
  sliceMs: number;
  warmupMs: number;
  out: string | undefined;
  pin: PinMode;
}

export function benchArgs(defaults: { rounds: number; sliceMs: number; warmupMs: number }): BenchArgs & { extra: Record<string, string | boolean | undefined> } {
  const { values } = parseArgs({
    options: {
      rounds: { type: 'string' },
      'slice-ms': { type: 'string' },
      'warmup-ms': { type: 'string' },
      out: { type: 'string' },
      serialization: { type: 'string' },
      only: { type: 'string' },
      pin: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    console.log(
      'options: --rounds N (default %d)  --slice-ms MS (default %d)  --warmup-ms MS (default %d)  --out FILE.json\n' +
        '         --pin split|one|none (default split: orchestrator on one CPU, workers and children on another;\n' +
        '               one: the whole tree on one CPU; none: leave placement to the scheduler)\n' +
        '         process-pools only: --serialization json|advanced; harness-overhead only: --only messaging|tasks',
      defaults.rounds,
      defaults.sliceMs,
      defaults.warmupMs,
    );
    process.exit(0);
  }
  const num = (text: string | undefined, fallback: number): number => {
    if (text === undefined) return fallback;
    const value = Number(text);
    if (!Number.isFinite(value) || value <= 0) throw new Error(`not a positive number: ${text}`);
    return value;
  };
  return {
    rounds: Math.round(num(values.rounds, defaults.rounds)),
    sliceMs: num(values['slice-ms'], defaults.sliceMs),
    warmupMs: num(values['warmup-ms'], defaults.warmupMs),
    out: values.out,
    pin: pinMode(values.pin),
    extra: { serialization: values.serialization, only: values.only },
  };
}
