#!/usr/bin/env node
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import type { BaselineFlags } from './commands/baseline.js';
import type { CompareFlags } from './commands/compare.js';
import type { MergeFlags } from './commands/merge.js';
import type { RunFlags } from './commands/run.js';
import { parseDuration, parseOutFile, parseShare, parseWritableFolder } from './commands/values.js';
import { UserError } from './errors.js';

// Commands are imported when they run, so `lab --help` loads none of the suites' dependencies.

/** Exit codes: 0 ok, 1 a threshold or regression failed, 2 bad input, 3 a regression the data cannot decide (compare --fail-on-regression), 130 interrupted. */
const EXIT_BAD_INPUT = 2;

function wholeNumber(min: number) {
  return (value: string): number => {
    const parsed = Number(value);
    if (!/^\d+$/.test(value) || parsed < min) throw new InvalidArgumentError(`expected a whole number ≥ ${min}`);
    return parsed;
  };
}

const MODULE_HELP = `
Your own agent (--workload FILE, or "module": "./FILE" in a scenario entry), plain JavaScript (.mjs or .js):
  export default async function (input, context) { ...; return result; }   required: one task of one agent
  export function input(agent, task, seed) { return ...; }                 optional: each task's input, built in the
                                                                           orchestrator (default { agent, task })
  context = { agent, task, seed, random() }: random() is seeded from them; use it, never Math.random().
  Each agent runs its tasks one after another, agents at once; each worker and child imports FILE once.
  The result may be any structured-clone-able value; it must be the same on every backend (it goes into the checksum).
  Inputs cross processes:json as JSON: keep them JSON-safe (no Map, Set, typed array, Date or undefined).
  Starter: lab init-workload NAME. More: docs/your-own-agent.md`;

/** `1,4,16`: whole numbers ≥ 1. */
function countList(value: string): number[] {
  const parts = value.split(',').map((part) => part.trim());
  if (parts.some((part) => !/^\d+$/.test(part) || Number(part) < 1)) throw new InvalidArgumentError('expected whole numbers ≥ 1, comma-separated, e.g. 1,4,16');
  return parts.map(Number);
}

function runOptions(command: Command): Command {
  return command
    .option('--out <file>', 'where to write the final result JSON (default results/<run>.json)', parseOutFile)
    .option('--json', 'print only the result JSON on stdout; tables and progress stay on stderr')
    .option(
      '--filter <text>',
      'only the parameter points that match: a point as the console prints it, e.g. "exploration agents=8", where every space-separated term must match (name=value exactly), or part of a case id, e.g. "messaging"',
    )
    .addOption(new Option('--seed <n>', 'seed for every workload').argParser(wholeNumber(0)))
    .addOption(new Option('--repeat <n>', 'a fixed number of paired rounds per point (turns adaptive sampling off)').argParser(wholeNumber(1)))
    .addOption(
      new Option('--budget <duration>', 'wall-clock budget of the whole run, e.g. 90s or 8h; 0 for none (quick: 110s)').argParser(parseDuration),
    )
    .addOption(
      new Option('--target-ci <share>', 'stop sampling a point once its threads/processes 95 % interval is within ± this, e.g. 5%').argParser(parseShare),
    )
    .addOption(new Option('--warmup <n>', 'untimed repetitions per case before timing').argParser(wholeNumber(0)))
    .option('--results-dir <dir>', 'where the journal and result go (default ./results)', parseWritableFolder)
    .option('--profile', 'after each point, profile every side (a .cpuprofile per thread or process, under <run>.profiles/ beside the result) and list the top functions')
    .addOption(
      new Option(
        '--soak <duration>',
        'soak mode: every side of every point runs its workload without pause for this long (e.g. 10m), alone, while the memory of its processes is read; reports growth per agent per hour with a 95 % interval and the verdict growing or flat',
      ).argParser(parseDuration),
    )
    .addOption(
      new Option('--leak-threshold <MiB>', 'with --soak: live-memory growth per agent per hour above which a side is growing (default 64)').argParser((value: string) => {
        const number = Number(value);
        if (!(number >= 0)) throw new InvalidArgumentError('give MiB per agent per hour, e.g. 64');
        return number;
      }),
    )
    .option('--resume <journal>', 'continue an interrupted run of this scenario from its results/<run>.jsonl, with its seed and flags (as lab resume JOURNAL)')
    .option(
      '--dry-run',
      'list the parameter points and estimate how long the run takes (from the last run of the scenario on this machine, else one calibration round per workload); with --json, the plan as JSON',
    );
}

function reportOptions(command: Command): Command {
  return command
    .addOption(new Option('--format <format>', 'output format').choices(['console', 'markdown', 'csv', 'json', 'html']))
    .option('--out <file>', 'write the report to this file (format from its extension unless --format)', parseOutFile)
    .option('--json', 'the comparison as JSON on stdout (same as --format json)')
    .option('--thresholds <file>', 'regression thresholds (default scenarios/thresholds.json)');
}

function program(setExit: (code: number) => void): Command {
  const root = new Command('lab')
    .description('Measures whether Node.js agents should run on worker threads, forked processes or one event loop')
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({ outputError: () => {} });
  runOptions(root.command('quick').description('every core workload at small scale, in under two minutes')).action(
    async (flags: RunFlags) => setExit(await (await import('./commands/run.js')).runCommand('quick', flags)),
  );
  runOptions(root.command('full').description('the overnight sweep: every workload over its parameter grid')).action(
    async (flags: RunFlags) => setExit(await (await import('./commands/run.js')).runCommand('full', flags)),
  );
  runOptions(
    root
      .command('run')
      .description('run a scenario by name (scenarios/) or by path, or your own agent module with --workload')
      .argument('[scenario]', 'scenario name or .json file; optional with --workload (then its settings apply to the module)'),
  )
    .option('--workload <file>', 'your own agent module (.mjs/.js) whose default export is the task function: export default async function (input, context) { … }')
    .addOption(new Option('--agents <list>', 'with --workload: agents at once, one point each, e.g. 1,4,16 (default 4)').argParser(countList))
    .addOption(new Option('--tasks <list>', 'with --workload: tasks per agent per repetition, e.g. 500 (default 100)').argParser(countList))
    .addHelpText('after', MODULE_HELP)
    .action(async (scenario: string | undefined, flags: RunFlags) => setExit(await (await import('./commands/run.js')).runCommand(scenario, flags)));
  root
    .command('resume')
    .description('continue an interrupted run from its journal, with the same scenario, seed and flags, into one result')
    .argument('<journal>', 'the run\'s results/<run>.jsonl')
    .option('--out <file>', 'where to write the final result JSON (default results/<run>.json)', parseOutFile)
    .option('--json', 'print only the result JSON on stdout')
    .action(async (journal: string, flags: Pick<RunFlags, 'out' | 'json'>) => setExit(await (await import('./commands/resume.js')).resumeCommand(journal, flags)));
  root
    .command('init-workload')
    .description('write a commented starter agent module NAME.mjs and a scenario NAME.json that runs it, in the current directory')
    .argument('<name>', 'file name without extension, e.g. my-agent')
    .option('--force', 'overwrite files that exist')
    .action(async (name: string, flags: { force?: boolean }) => setExit((await import('./commands/init-workload.js')).initWorkloadCommand(name, flags)));
  reportOptions(
    root
      .command('compare')
      .description('analyse a run (RUN.json), or a run against a baseline (BASE.json HEAD.json)')
      .argument('<files...>'),
  )
    .option('--fail-on-regression', 'exit 1 when a gating metric regressed beyond its fail threshold, 3 when one may have and the data cannot decide')
    .option('--all', 'against a baseline: every case and metric as a row, none folded into counts')
    .action(async (files: string[], flags: CompareFlags) => setExit((await import('./commands/compare.js')).compareCommand(files, flags)));
  reportOptions(
    root.command('report').description('render a run (and optionally its baseline) as a report, HTML by default').argument('<run>').argument('[baseline]'),
  ).action(async (run: string, baseline: string | undefined, flags: CompareFlags) =>
    setExit((await import('./commands/compare.js')).reportCommand(baseline ? [run, baseline] : [run], flags)),
  );
  root
    .command('baseline')
    .description('manage stored baselines')
    .command('save')
    .description('store a run as results/baselines/<name>.json; refused when it regressed against the one it replaces')
    .argument('<run>')
    .option('--name <name>', 'baseline name (default: the scenario name)')
    .option('--force', 'replace the baseline even if the run regressed')
    .option('--thresholds <file>', 'regression thresholds (default scenarios/thresholds.json)')
    .option('--results-dir <dir>', 'where baselines/ lives (default ./results)', parseWritableFolder)
    .action(async (run: string, flags: BaselineFlags) => setExit((await import('./commands/baseline.js')).baselineSaveCommand(run, flags)));
  root
    .command('check')
    .description('check a run against absolute targets, each with a severity')
    .argument('<run>')
    .option('--targets <file>', 'targets file (default scenarios/targets.default.json)')
    .option('--json', 'the check report as JSON on stdout')
    .action(async (run: string, flags: { targets?: string; json?: boolean }) => setExit((await import('./commands/check.js')).checkCommand(run, flags)));
  root
    .command('history')
    .description('the runs in the results folder: date, scenario, machine, commit, complete or not, headline ratios decided')
    .option('--results-dir <dir>', 'where the results are (default ./results)')
    .option('--json', 'the list as JSON on stdout')
    .action(async (flags: { resultsDir?: string; json?: boolean }) => setExit((await import('./commands/history.js')).historyCommand(flags)));
  root
    .command('trend')
    .description('each headline threads/processes ratio and throughput over the runs, as a self-contained HTML page (or Markdown), shifts and machine changes marked')
    .option('--scenario <name>', 'only runs of this scenario')
    .addOption(new Option('--days <n>', 'only runs of the last n days').argParser(wholeNumber(1)))
    .option('--filter <text>', 'only the points that match, as for lab run')
    .option('--results-dir <dir>', 'where the results are (default ./results)')
    .option('--out <file>', 'where to write it (default <results-dir>/trend.html; .md for Markdown)', parseOutFile)
    .addOption(new Option('--format <format>', 'html or markdown (default from --out, else html)').choices(['html', 'markdown']))
    .action(async (flags: import('./commands/history.js').TrendFlags) => setExit((await import('./commands/history.js')).trendCommand(flags)));
  root
    .command('merge')
    .description('join runs of one scenario from different machines or CPU sets into one result, keyed by environment')
    .argument('<files...>')
    .option('--out <file>', 'where to write the merged result (default results/<scenario>-merged.json)', parseOutFile)
    .action(async (files: string[], flags: MergeFlags) => setExit((await import('./commands/merge.js')).mergeCommand(files, flags)));
  root
    .command('list')
    .description('workloads, backends and scenarios')
    .option('--json', 'as JSON')
    .action(async (flags: { json?: boolean }) => setExit((await import('./commands/list.js')).listCommand(flags)));
  return root;
}

async function main(argv: string[]): Promise<number> {
  let exitCode = 0;
  try {
    await program((code) => (exitCode = code)).parseAsync(argv);
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.exitCode === 0) return 0;
      const message = error.message.replace(/^error: /, '').split('\n')[0];
      process.stderr.write(`lab: ${message} (see lab --help)\n`);
      return EXIT_BAD_INPUT;
    }
    if (error instanceof UserError) {
      const cause = process.env.LAB_DEBUG && error.cause instanceof Error ? `\n${error.cause.stack}` : '';
      process.stderr.write(`lab: ${error.message}${cause}\n`);
      return EXIT_BAD_INPUT;
    }
    const detail = process.env.LAB_DEBUG ? `\n${(error as Error).stack}` : ' (set LAB_DEBUG=1 for the stack)';
    process.stderr.write(`lab: internal error: ${(error as Error).message}${detail}\n`);
    return 1;
  }
}

process.exitCode = await main(process.argv);
