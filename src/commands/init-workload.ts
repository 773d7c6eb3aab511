import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Errors } from '../errors.js';

/** The starter agent: small, deterministic, commented with the rules a module must keep. */
function starterModule(name: string): string {
  return `// ${name}.mjs: your own agent, measured by lab on inline, worker threads and child processes.
//
// The shape of a piscina worker file: the default export is the task function.
// Every worker thread and every child process imports this file once; lab calls
// the default export once per task. Each agent runs its tasks one after another;
// agents run at once. Run it with:
//
//   lab run ${name}.json                                   the scenario written beside this file
//   lab run --workload ${name}.mjs --agents 1,4 --tasks 200
//
// Rules that keep the comparison fair (lab checks them and stops with one line if not):
//   - Same input, same result on every backend: draw random numbers from
//     context.random(), never Math.random(); depend on nothing but the input and the
//     context (no clock, pid or thread id). Every result is folded into a checksum,
//     and backends that disagree are reported.
//   - Return what structured clone can copy: numbers, strings, booleans, arrays, plain
//     objects, Map, Set, Date, typed arrays. No functions, sockets or class handles.
//   - Plain JavaScript. TypeScript: compile first and give lab the .js file.

/**
 * Optional. Builds the input of one task in the orchestrator, just before the task is
 * sent: sending it to a thread or a process is part of what lab measures. Without this
 * export every task gets { agent, task }.
 */
export function input(agent, task, seed) {
  const observation = Array.from({ length: 64 }, (_, i) => (seed + agent * 31 + task * 7 + i * 13) % 101);
  return { agent, task, observation };
}

/**
 * One task of one agent. context: { agent, task, seed, random() }, random() seeded from
 * (seed, agent, task). Replace the body with your agent's step: parse, plan, score, call.
 */
export default async function step(input, context) {
  let best = -Infinity;
  let choice = -1;
  for (let round = 0; round < 200; round++) {
    for (let i = 0; i < input.observation.length; i++) {
      const score = Math.sin(input.observation[i] * (round + 1)) + context.random() * 0.01;
      if (score > best) {
        best = score;
        choice = i;
      }
    }
  }
  return { agent: context.agent, task: context.task, choice, best };
}
`;
}

function starterScenario(name: string): string {
  const scenario = {
    name,
    description: `${name}.mjs on one event loop, worker threads and child processes (json and advanced IPC)`,
    backends: ['inline', 'threads', 'processes:json', 'processes:advanced'],
    budgetSeconds: 60,
    workloads: [{ module: `./${name}.mjs`, params: { agents: [1, 4], tasks: 200 } }],
  };
  return `${JSON.stringify(scenario, null, 2)}\n`;
}

/** `lab init-workload NAME`: writes NAME.mjs and NAME.json in the current directory; returns the exit code. */
export function initWorkloadCommand(given: string, flags: { force?: boolean }): number {
  const name = given.replace(/\.(mjs|js|json)$/, '');
  if (!/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(name)) {
    throw Errors.user(`"${given}" is not a usable name: letters, digits, "-", "_" and "." only, e.g. my-agent`);
  }
  const files = [
    [`${name}.mjs`, starterModule(name)],
    [`${name}.json`, starterScenario(name)],
  ] as const;
  const taken = files.map(([file]) => file).filter((file) => existsSync(file));
  if (taken.length > 0 && !flags.force) throw Errors.user(`${taken.join(' and ')} already exist${taken.length === 1 ? 's' : ''} here; choose another name or add --force`);
  for (const [file, text] of files) writeFileSync(path.resolve(file), text);
  process.stdout.write(
    [
      `wrote ${name}.mjs (your agent: edit its default export) and ${name}.json (a scenario that runs it)`,
      'next:',
      `  lab run ${name}.json --out ${name}-result.json     inline, threads, processes:json, processes:advanced`,
      `  lab report ${name}-result.json --out ${name}.html  the report`,
      '',
    ].join('\n'),
  );
  return 0;
}
