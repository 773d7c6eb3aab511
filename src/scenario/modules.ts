import path from 'node:path';
import { Errors } from '../errors.js';
import { workloadRegistry } from '../workloads/registry.js';
import { loadUserModule } from '../../workloads/user-module/driver.js';
import type { UserModules } from './plan.js';
import { scenarioEntrySchema, scenarioSchema, type ScenarioFile } from './schema.js';

/**
 * A module's workload name: its file name without the extension (`my-agent`),
 * or with it where that is already a built-in workload's name (`spawn.mjs`).
 */
export function moduleName(given: string): string {
  const base = path.basename(given);
  const bare = base.replace(/\.(mjs|cjs|js)$/, '');
  return bare in workloadRegistry ? base : bare;
}

/** Loads every `"module"` entry's module, each once, with paths relative to `baseDir` (the scenario file's folder). */
export async function loadUserModules(scenario: ScenarioFile, baseDir: string): Promise<UserModules> {
  const modules = new Map<string, Awaited<ReturnType<typeof loadUserModule>>>();
  const byName = new Map<string, string>();
  for (const entry of scenario.workloads) {
    if (entry.module === undefined || modules.has(entry.module)) continue;
    const name = moduleName(entry.module);
    const file = path.resolve(baseDir, entry.module);
    const other = byName.get(name);
    if (other !== undefined && other !== file) {
      throw Errors.user(`modules ${entry.module} and ${other} are both named "${name}" in results; rename one of the files`);
    }
    byName.set(name, file);
    modules.set(entry.module, await loadUserModule(entry.module, baseDir, name));
  }
  return modules;
}

/** Settings of a run of one module without a scenario file (`lab run --workload FILE`): about a minute. */
const MODULE_RUN_BUDGET_SECONDS = 60;

/**
 * The scenario of `lab run [SCENARIO] --workload FILE`: the module alone, over the given agents and tasks, under
 * the scenario's settings when one is named (its workloads are replaced), else the defaults with a one-minute budget.
 * The module's path is relative to the working directory.
 */
export function moduleScenario(moduleFile: string, params: Record<string, number[]>, base?: ScenarioFile): ScenarioFile {
  const entry = { module: moduleFile, params: Object.fromEntries(Object.entries(params).map(([name, values]) => [name, values.length === 1 ? values[0]! : values])) };
  if (base) return { ...base, workloads: [scenarioEntrySchema.parse(entry)] };
  return scenarioSchema.parse({
    name: moduleName(moduleFile),
    description: `your module ${moduleFile} on every backend`,
    budgetSeconds: MODULE_RUN_BUDGET_SECONDS,
    workloads: [entry],
  });
}
