import { existsSync } from 'node:fs';
import path from 'node:path';
import { Errors } from '../errors.js';
import { readValidatedJson } from '../input/json-file.js';
import { SCENARIO_DIR, listScenarios } from './catalog.js';
import { scenarioSchema, type ScenarioFile } from './schema.js';

export { SCENARIO_DIR, listScenarios } from './catalog.js';

export interface LoadedScenario {
  readonly file: string;
  readonly scenario: ScenarioFile;
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
