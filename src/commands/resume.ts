import { existsSync } from 'node:fs';
import path from 'node:path';
import { Errors } from '../errors.js';
import { fingerprint, type Environment } from '../measure/environment.js';
import { readJournal } from '../result/journal.js';
import { runCommand, type RunFlags } from './run.js';

/** Fields of the environment that change what a run measures; a resumed run says which differ. */
const COMPARED: ReadonlyArray<keyof Environment> = [
  'node',
  'v8',
  'os',
  'arch',
  'cpuModel',
  'cpus',
  'availableParallelism',
  'memBytes',
  'hostname',
  'container',
  'cpuset',
  'cpuQuota',
  'memoryLimitBytes',
  'usableCpus',
];

/** One line per field that differs between the interrupted run's machine and this one. */
export function environmentChanges(before: Environment, now: Environment): string[] {
  return COMPARED.filter((field) => JSON.stringify(before[field]) !== JSON.stringify(now[field])).map(
    (field) => `${field}: ${JSON.stringify(before[field])} then, ${JSON.stringify(now[field])} now`,
  );
}

/**
 * `lab resume results/<run>.jsonl`: continues an interrupted run with the
 * same scenario, seed and flags. Points the journal finished are kept as
 * they are; the others (the one in progress included) are measured; the run
 * ends with one result, under the same run id, as if it had not stopped.
 */
export async function resumeCommand(file: string, flags: Pick<RunFlags, 'out' | 'json'>): Promise<number> {
  const journal = readJournal(file);
  const { header } = journal;
  const invocation = header.invocation;
  if (!invocation) {
    throw Errors.user(`${file} was written by a lab that did not record how the run was started; it cannot be resumed: run it again`);
  }
  const resultsDir = path.dirname(path.resolve(file));
  const finished = path.join(resultsDir, `${header.runId}.json`);
  if (existsSync(finished)) throw Errors.user(`run ${header.runId} already finished: its result is ${finished}`);
  for (const change of environmentChanges(header.env, fingerprint())) {
    process.stderr.write(`lab: warning: the machine differs from the interrupted run's (${change}); resumed points measure this one\n`);
  }
  if (journal.tornLine) process.stderr.write(`lab: the journal's last line was cut short (the lab stopped while writing it): dropped\n`);
  process.stderr.write(`lab: resuming ${header.runId}: ${journal.points.length} point(s) finished, the rest run now\n`);
  if (existsSync(invocation.cwd)) process.chdir(invocation.cwd);
  return runCommand(invocation.scenario ?? undefined, { ...(invocation.flags as RunFlags), ...flags, resultsDir }, journal);
}
