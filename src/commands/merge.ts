import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { mergeResults } from '../result/merge.js';
import { readResult } from '../result/read.js';

export interface MergeFlags {
  out?: string;
}

/** `lab merge A.json B.json … --out merged.json`: one result with every machine's cases. */
export function mergeCommand(files: string[], flags: MergeFlags): number {
  const merged = mergeResults(files.map((file) => ({ source: file, result: readResult(file) })));
  const out = flags.out ?? path.join('results', `${merged.scenario.name}-merged.json`);
  mkdirSync(path.dirname(path.resolve(out)), { recursive: true });
  writeFileSync(out, `${JSON.stringify(merged, null, 2)}\n`);
  const machines = merged.machines.map((machine) => `${machine.label} (${machine.sources.join(', ')})`);
  process.stderr.write(`lab: merged ${merged.cases.length} cases from ${merged.machines.length} machines into ${out}: ${machines.join('; ')}\n`);
  return 0;
}
