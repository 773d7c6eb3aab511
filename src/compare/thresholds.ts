import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { Errors } from '../errors.js';
import { readValidatedJson } from '../input/json-file.js';
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
  const thresholds = readValidatedJson(file, thresholdsFileSchema, 'thresholds file');
  const unknown = Object.keys(thresholds.metrics).filter((key) => !METRICS.some((metric) => metric.key === key));
  if (unknown.length > 0) {
    throw Errors.user(`thresholds file ${file} names unknown metric "${unknown[0]}"; use one of ${METRICS.map((m) => m.key).join(', ')}`);
  }
  return thresholds;
}

export function thresholdFor(file: ThresholdsFile, metric: string): Thresholds {
  return file.metrics[metric] ?? file.default;
}
