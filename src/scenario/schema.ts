import { z } from 'zod';

const paramValue = z.union([z.number().finite(), z.string().min(1)]);

export const scenarioEntrySchema = z
  .object({
    workload: z.string().min(1),
    /** Each parameter is one value or a list of values to sweep; the grid is their product. */
    params: z.record(z.union([paramValue, z.array(paramValue).nonempty()])).default({}),
    warmup: z.number().int().min(0).optional(),
    repeat: z.number().int().min(1).optional(),
    /** Sides for this entry only, e.g. fewer variants where a suite is slow. */
    backends: z.array(z.string().min(1)).nonempty().optional(),
  })
  .strict();

export const scenarioSchema = z
  .object({
    name: z.string().min(1),
    description: z.string().default(''),
    backends: z.array(z.string().min(1)).nonempty().default(['inline', 'threads', 'processes:json', 'processes:advanced']),
    warmup: z.number().int().min(0).default(1),
    repeat: z.number().int().min(1).default(5),
    /** Threads or children per pool; "auto" is os.availableParallelism() (fairness rule 8). */
    poolSize: z.union([z.literal('auto'), z.number().int().min(1)]).default('auto'),
    caseTimeoutMs: z.number().int().positive().default(60_000),
    taskTimeoutMs: z.number().int().min(0).default(30_000),
    seed: z.number().int().min(0).default(42),
    workloads: z.array(scenarioEntrySchema).nonempty(),
  })
  .strict();

export type ScenarioFile = z.infer<typeof scenarioSchema>;
export type ScenarioEntry = z.infer<typeof scenarioEntrySchema>;
