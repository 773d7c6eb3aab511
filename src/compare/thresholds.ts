import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { Errors } from '../errors.js';
import { describeIssue } from '../scenario/schema.js';
import { METRICS } from './metrics.js';

/** Relative changes (0.05 = 5 %) in the worse direction that warn and that fail. */
export interface Thresholds {
  warn: number;
  fail: number;
}

const thresholdSchema = z
  .object({ warn: z.number().min(0), fail: z.number().min(0) })
  .strict()
  .refine((t) => t.fail >= t.warn, { message: 'fail must be ≥ warn' });

const thresholdsFileSchema = z
  .object({
    description: z.string().optional(),
    default: thresholdSchema,
    metrics: z.record(thresholdSchema).default({}),
  })
  .strict();

export type ThresholdsFile = z.infer<typeof thresholdsFileSchema>;

export const DEFAULT_THRESHOLDS_PATH = fileURLToPath(new URL('../../../scenarios/thresholds.json', import.meta.url));

export function loadThresholds(file = DEFAULT_THRESHOLDS_PATH): ThresholdsFile {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw Errors.user(`cannot read thresholds file ${file} (${(error as Error).message})`);
  }
  const parsed = thresholdsFileSchema.safeParse(raw);
  if (!parsed.success) throw Errors.user(`thresholds file ${file} is malformed at ${describeIssue(parsed.error)}`);
  const unknown = Object.keys(parsed.data.metrics).filter((key) => !METRICS.some((metric) => metric.key === key));
  if (unknown.length > 0) {
    throw Errors.user(`thresholds file ${file} names unknown metric "${unknown[0]}"; use one of ${METRICS.map((m) => m.key).join(', ')}`);
  }
  return parsed.data;
}

export function thresholdFor(file: ThresholdsFile, metric: string): Thresholds {
  return file.metrics[metric] ?? file.default;
}
