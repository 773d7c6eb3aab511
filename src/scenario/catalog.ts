import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The built-in scenarios, read without their schema: `lab list` names them and loads no validator. */
export const SCENARIO_DIR = fileURLToPath(new URL('../../../scenarios/', import.meta.url));

export function listScenarios(): string[] {
  return readdirSync(SCENARIO_DIR)
    .filter((file) => file.endsWith('.json') && !file.includes('.default.') && !file.startsWith('thresholds'))
    .map((file) => file.replace(/\.json$/, ''))
    .sort();
}

/** A built-in scenario's one-line description; every built-in file is validated by the plan tests. */
export function scenarioDescription(name: string): string {
  return (JSON.parse(readFileSync(path.join(SCENARIO_DIR, `${name}.json`), 'utf8')) as { description: string }).description;
}
