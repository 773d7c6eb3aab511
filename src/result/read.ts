import { z } from 'zod';
import { Errors } from '../errors.js';
import { readJsonFile, validate } from '../input/json-file.js';
import { RESULT_SCHEMA, type RunResult } from './types.js';

/**
 * The parts of a result file every consumer relies on. Fields may be added
 * (passthrough); these must be present and of the right type.
 */
const sampleSchema = z
  .object({
    throughputPerSec: z.number(),
    durationMs: z.number(),
    latencyMs: z.object({ p50: z.number(), p95: z.number(), p99: z.number() }).passthrough(),
    latencyHistogram: z.string(),
    rssBytes: z.number(),
    metrics: z.record(z.number()).default({}),
  })
  .passthrough();

const caseSchema = z
  .object({
    id: z.string(),
    suite: z.string(),
    workload: z.string(),
    backend: z.string(),
    variant: z.string(),
    params: z.record(z.union([z.number(), z.string()])),
    state: z.enum(['completed', 'errored']),
    samples: z.array(sampleSchema),
    summary: z
      .object({
        throughputPerSec: z.number(),
        throughputUnit: z.string(),
        latencyMs: z.object({ p50: z.number(), p95: z.number(), p99: z.number(), max: z.number() }).passthrough(),
        memory: z.object({ rssBytes: z.number(), perAgentBytes: z.number() }).passthrough(),
      })
      .passthrough()
      .optional(),
  })
  .passthrough();

const resultSchema = z
  .object({
    schema: z.literal(RESULT_SCHEMA),
    env: z.object({ node: z.string(), cpus: z.number(), availableParallelism: z.number() }).passthrough(),
    scenario: z.object({ name: z.string() }).passthrough(),
    cases: z.array(caseSchema),
  })
  .passthrough();

/** Reads and validates a `lab.result/1` file; bad input becomes a one-line UserError. */
export function readResult(file: string): RunResult {
  const raw = readJsonFile(file, 'result file');
  if (typeof raw !== 'object' || raw === null || (raw as { schema?: unknown }).schema !== RESULT_SCHEMA) {
    throw Errors.user(`result file ${file} is not a ${RESULT_SCHEMA} result (schema: ${JSON.stringify((raw as { schema?: unknown } | null)?.schema)})`);
  }
  const result = validate(raw, resultSchema, file, 'result file') as unknown as RunResult;
  result.comparisons ??= [];
  return result;
}
