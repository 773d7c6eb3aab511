import { z } from 'zod';

const paramValue = z.union([z.number().finite(), z.string().min(1)]);

export const scenarioEntrySchema = z
  .object({
    /** A built-in workload by name, or `module`: the path of a user's own agent module, relative to the scenario file. */
    workload: z.string().min(1).optional(),
    module: z.string().min(1).optional(),
    /** Each parameter is one value or a list of values to sweep; the grid is their product. */
    params: z.record(z.union([paramValue, z.array(paramValue).nonempty()])).default({}),
    warmup: z.number().int().min(0).optional(),
    repeat: z.number().int().min(1).optional(),
    maxRounds: z.number().int().min(1).optional(),
    repetitionMs: z.number().min(0).optional(),
    warmupMs: z.number().min(0).optional(),
    /** Sides for this entry only, e.g. fewer variants where a suite is slow. */
    backends: z.array(z.string().min(1)).nonempty().optional(),
  })
  .strict()
  .refine((entry) => (entry.workload === undefined) !== (entry.module === undefined), {
    message: 'give either "workload" (a built-in workload) or "module" (the path of your own agent module), not both or neither',
  });

export const scenarioSchema = z
  .object({
    name: z.string().min(1),
    description: z.string().default(''),
    backends: z.array(z.string().min(1)).nonempty().default(['inline', 'threads', 'processes:json', 'processes:advanced']),
    warmup: z.number().int().min(0).default(1),
    /** Fewest paired rounds per point (the adaptive sampler may add more, up to maxRounds). */
    repeat: z.number().int().min(1).default(6),
    maxRounds: z.number().int().min(1).default(40),
    /** Each timed repetition is grown (more runs of the workload) until it lasts at least this long. */
    repetitionMs: z.number().min(0).default(100),
    /**
     * With repetitionMs > 0, each side is also warmed in repetition-sized batches until its throughput stops
     * rising (steady state), for at most this long per side and visit; 0 leaves only the warm-up count.
     */
    warmupMs: z.number().min(0).default(1000),
    /**
     * After a point's first visit, measure each side's memory with no other side alive (fairness rule 4), at the
     * cost of starting every pool again; false keeps the memory read during the paired rounds, beside the other
     * sides' idle pools (quick spends that time on rounds).
     */
    memoryAlone: z.boolean().default(true),
    /** Wall-clock budget of the whole run, everything included; 0 for none. */
    budgetSeconds: z.number().min(0).default(0),
    /** A point stops once every headline ratio's 95 % interval is within ± this (relative). */
    targetHalfWidth: z.number().positive().max(1).default(0.05),
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
