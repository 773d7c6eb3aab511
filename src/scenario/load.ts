import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Errors } from '../errors.js';
import { readValidatedJson } from '../input/json-file.js';
import { scenarioSchema, type ScenarioFile } from './schema.js';

export const SCENARIO_DIR = fileURLToPath(new URL('../../../scenarios/', import.meta.url));

export interface LoadedScenario {
  readonly file: string;
  readonly scenario: ScenarioFile;
}

export function listScenarios(): string[] {
  return readdirSync(SCENARIO_DIR)
    .filter((file) => file.endsWith('.json') && !file.includes('.default.') && !file.startsWith('thresholds'))
    .map((file) => file.replace(/\.json$/, ''))
    .sort();
}

/** A scenario by name (from scenarios/) or by path to a JSON file. */
export function loadScenario(nameOrPath: string): LoadedScenario {
  const file = resolveScenarioPath(nameOrPath);
  return { file, scenario: readValidatedJson(file, scenarioSchema, 'scenario') };
}

function resolveScenarioPath(nameOrPath: string): string {
  if (nameOrPath.endsWith('.json') || nameOrPath.includes('/')) {
    if (!existsSync(nameOrPath)) throw Errors.user(`scenario file ${nameOrPath} does not exist`);
    return path.resolve(nameOrPath);
  }
  const file = path.join(SCENARIO_DIR, `${nameOrPath}.json`);
  // `lab init-workload demo` writes demo.json here: `lab run demo` finds it when no built-in scenario has the name.
  if (!existsSync(file) && existsSync(`${nameOrPath}.json`)) return path.resolve(`${nameOrPath}.json`);
  if (!existsSync(file)) {
    throw Errors.user(`unknown scenario "${nameOrPath}"; use one of: ${listScenarios().join(', ')}, or a path to a .json file`);
  }
  return file;
}
