import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import type { CaseResult, RunResult } from '../result/types.js';
import { readValidatedJson } from '../input/json-file.js';

export type Severity = 'warning' | 'error' | 'critical';

const targetSchema = z
  .object({
    name: z.string().min(1),
    /** Case filter: the workload or suite name. */
    workload: z.string().min(1),
    /** Only cases on these backend labels (e.g. "threads", "processes:json"); all when absent. */
    backends: z.array(z.string()).optional(),
    /** A dotted path into the case summary, e.g. "spawnMs", "latencyMs.p95", "memory.perAgentBytes". */
    metric: z.string().min(1),
    below: z.number().optional(),
    above: z.number().optional(),
    severity: z.enum(['warning', 'error', 'critical']),
  })
  .strict()
  .refine((t) => (t.below === undefined) !== (t.above === undefined), { message: 'give exactly one of below or above' });

const targetsFileSchema = z.object({ description: z.string().optional(), targets: z.array(targetSchema).nonempty() }).strict();

export type Target = z.infer<typeof targetSchema>;

export interface TargetCheck {
  target: Target;
  caseId: string;
  value: number;
  passed: boolean;
}

export interface TargetReport {
  checks: TargetCheck[];
  /** Targets no case of the run could be checked against. */
  unchecked: Target[];
  /** Exit 1 when an error or critical target failed. */
  failed: boolean;
}

export const DEFAULT_TARGETS_PATH = fileURLToPath(new URL('../../../scenarios/targets.default.json', import.meta.url));

export function loadTargets(file = DEFAULT_TARGETS_PATH): Target[] {
  return readValidatedJson(file, targetsFileSchema, 'targets file').targets;
}

function valueAt(result: CaseResult, path: string): number | undefined {
  let value: unknown = result.summary;
  for (const part of path.split('.')) value = (value as Record<string, unknown> | undefined)?.[part];
  if (value === undefined && result.summary) value = result.summary.metrics[path];
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** Checks absolute targets against every matching case of a run. */
export function checkTargets(run: RunResult, targets: readonly Target[]): TargetReport {
  const checks: TargetCheck[] = [];
  const unchecked: Target[] = [];
  for (const target of targets) {
    const matching = run.cases.filter(
      (item) =>
        (item.workload === target.workload || item.suite === target.workload) &&
        (!target.backends || target.backends.includes(item.variant === 'default' ? item.backend : `${item.backend}:${item.variant}`)),
    );
    const before = checks.length;
    for (const item of matching) {
      const value = valueAt(item, target.metric);
      if (value === undefined) continue;
      checks.push({ target, caseId: item.id, value, passed: target.below !== undefined ? value < target.below : value > target.above! });
    }
    if (checks.length === before) unchecked.push(target);
  }
  return { checks, unchecked, failed: checks.some((check) => !check.passed && check.target.severity !== 'warning') };
}
