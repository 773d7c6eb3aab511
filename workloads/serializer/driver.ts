import { createRequire } from 'node:module';
import type Benchmark from 'benchmark';
import { createHistogram, recordMs } from '../../src/kernel/histogram.js';
import { numberParam, stringParam, type ColdWorkload } from '../../src/workloads/types.js';
import { PAYLOADS, digestValue, holdsTypedArrays, makePayload, type PayloadKind } from '../../src/suites/throughput/payloads.js';
import { SERIALIZERS, type SerializerName } from '../../src/suites/throughput/serializer-names.js';
import type { Encoded } from '../../src/suites/throughput/serializers.js';
import { throughputSuite } from '../../src/suites/throughput/suite.js';
import { inSuite } from '../../src/suites/suite.js';

const require = createRequire(import.meta.url);
let privateCopy: typeof Benchmark | undefined;

/**
 * A private copy of benchmark.js that calls the measured function by
 * reference: by default it recompiles a function from its source text, which
 * would cut the closures these functions read their payload from. Loaded
 * (with lodash and platform) by the first measurement, not by `lab list`.
 */
function Bench(): typeof Benchmark {
  if (!privateCopy) {
    privateCopy = (require('benchmark') as typeof Benchmark).runInContext({}) as typeof Benchmark;
    privateCopy.support.decompilation = false;
  }
  return privateCopy;
}

/** Where each measured call leaves its result, so no call can be optimised away. */
let sink: unknown;

function measure(name: string, fn: () => void, benchMs: number): Promise<Benchmark> {
  return new Promise((resolve, reject) => {
    const bench = new (Bench())(name, fn, {
      async: true,
      // No pause between cycles (benchmark.js waits 5 ms by default): the budget goes to sampling.
      delay: 0,
      minSamples: 5,
      maxTime: benchMs / 1000,
      // Each sample long enough for the clock, short enough for several samples in the budget.
      minTime: Math.max(0.002, benchMs / 10_000),
    });
    bench.on('complete', () => (bench.error ? reject(bench.error) : resolve(bench)));
    bench.run();
  });
}

/**
 * Serializers on agent-shaped payloads, in the orchestrator's own thread:
 * one case per serializer × payload × direction, measured with benchmark.js.
 * Its side is `inline`: these figures are what each hop of a channel pays
 * before and after the channel itself.
 */
export const serializer: ColdWorkload = {
  name: 'serializer',
  ...inSuite(throughputSuite),
  description: 'JSON, msgpackr (plain, records, shared structures) and V8 structured clone encoding and decoding agent payloads, measured with benchmark.js',
  throughputUnit: 'ops/s',
  latencyDefinition: 'one encode or decode call: the mean of a benchmark.js sample (one value per sample), on the orchestrator’s thread',
  lifecycle: 'cold',
  parameters: {
    serializer: { description: 'which serializer', default: 'json', choices: [...SERIALIZERS] },
    payload: {
      description: 'observation (~1 KiB object), belief (Float64Array of 4,096), records (1,000 rows), text (64 Ki chars)',
      default: 'observation',
      choices: [...PAYLOADS],
    },
    direction: { description: 'encode or decode', default: 'encode', choices: ['encode', 'decode'] },
    benchMs: { description: 'benchmark.js time budget per repetition (maxTime), ms', default: 250 },
  },
  agents: () => 1,
  pool: () => ({ poolSize: 1, tasksPerWorker: 1 }),
  async run({ side, params, seed }) {
    if (side.kind !== 'inline') {
      throw new Error(`serializer runs on the orchestrator’s own thread: give its scenario entry "backends": ["inline"], not ${side.label}`);
    }
    const { createSerializer, encodedBytes, ownCopy } = await import('../../src/suites/throughput/serializers.js');
    const name = stringParam(params, 'serializer') as SerializerName;
    const payload = stringParam(params, 'payload') as PayloadKind;
    const encoding = stringParam(params, 'direction') === 'encode';
    const value = makePayload(payload, seed);
    const codec = createSerializer(name, { typedArrays: holdsTypedArrays(payload) });
    // Shared structures are learnt on the first encode: both ends hold them before timing starts.
    const encoded: Encoded = ownCopy(codec.encode(value));
    const bench = await measure(
      `${name} ${encoding ? 'encode' : 'decode'} ${payload}`,
      encoding ? () => void (sink = codec.encode(value)) : () => void (sink = codec.decode(encoded)),
      numberParam(params, 'benchMs'),
    );
    const lastEncoded = encoding ? ownCopy(sink as Encoded) : encoded;
    sink = undefined;
    const latency = createHistogram();
    for (const secondsPerOp of bench.stats.sample) recordMs(latency, secondsPerOp * 1000);
    const operations = bench.count * bench.stats.sample.length;
    const bytes = encodedBytes(encoded);
    return {
      operations,
      // Timed calls only (benchmark.js's own calibration and pauses left out): throughput is benchmark.js's hz.
      durationMs: operations * bench.stats.mean * 1000,
      latency,
      checksum: digestValue(codec.decode(lastEncoded)),
      metrics: {
        opsPerSec: bench.hz,
        bytesPerSec: bench.hz * bytes,
        encodedBytes: bytes,
        rmePercent: bench.stats.rme,
        benchmarkSamples: bench.stats.sample.length,
      },
    };
  },
};
