import { performance } from 'node:perf_hooks';
import { FAULT_KINDS, type FaultKind, type FaultTask } from './kinds.js';
import type { BackendSide } from '../../src/backends/registry.js';
import { createHistogram, recordMs } from '../../src/kernel/histogram.js';
import { HarnessLink, type LinkOptions } from './link.js';
import { combineChecksums, numberParam, range, stringParam, type CaseParams, type ColdWorkload, type Repetition } from '../../src/workloads/types.js';

interface FaultPlan {
  fault: FaultKind;
  agents: number;
  rounds: number;
  steps: number;
  timeoutMs: number;
  /** The round in which the misbehaving agent (agent 0) breaks; flaky has none. */
  faultRound: number;
  failurePercent: number;
  /** Attempts a task gets in all. */
  attempts: number;
}

function planOf(params: CaseParams): FaultPlan {
  const fault = stringParam(params, 'fault') as FaultKind;
  const rounds = numberParam(params, 'rounds');
  return {
    fault,
    agents: numberParam(params, 'agents'),
    rounds,
    steps: numberParam(params, 'steps'),
    timeoutMs: numberParam(params, 'timeoutMs'),
    faultRound: fault === 'flaky' ? -1 : Math.floor(rounds / 2),
    failurePercent: fault === 'flaky' ? numberParam(params, 'failurePercent') : 0,
    attempts: 1 + (fault === 'flaky' ? numberParam(params, 'retries') : 1),
  };
}

function linkOptions(side: BackendSide, params: CaseParams): LinkOptions {
  const agents = numberParam(params, 'agents');
  const perWorker = Math.min(agents, numberParam(params, 'agentsPerWorker'));
  const timeoutMs = numberParam(params, 'timeoutMs');
  const heapLimitMb = params.heapLimitMb === undefined ? undefined : numberParam(params, 'heapLimitMb');
  return {
    config: {
      side: side.label,
      pool: { poolSize: Math.ceil(agents / perWorker), tasksPerWorker: perWorker, taskTimeoutMs: timeoutMs, ...(heapLimitMb ? { heapLimitMb } : {}) },
      beatMs: Math.max(5, Math.floor(timeoutMs / 10)),
    },
    // Inline agents live on the host's own heap, so the same limit applies to it.
    execArgv: heapLimitMb && side.kind === 'inline' ? [`--max-old-space-size=${heapLimitMb}`] : [],
    silenceMs: timeoutMs,
    limitMs: 20_000 + 4 * timeoutMs,
  };
}

/** Healthy tasks completed in a span of the run, for throughput before, during and after the fault. */
class Phase {
  tasks = 0;
  startMs = Number.NaN;
  endMs = Number.NaN;

  add(startMs: number, endMs: number, tasks: number): void {
    if (Number.isNaN(this.startMs)) this.startMs = startMs;
    this.endMs = endMs;
    this.tasks += tasks;
  }

  perSec(): number | undefined {
    return this.tasks > 0 && this.endMs > this.startMs ? this.tasks / ((this.endMs - this.startMs) / 1000) : undefined;
  }
}

/**
 * Agents doing steady work in rounds (every agent one task per round, all in
 * flight at once, several agents per worker or child) while agent 0
 * misbehaves in the middle round, or every task fails at a seeded rate. The
 * supervisor here plays what a production supervisor does: it counts healthy
 * tasks lost with the culprit (those sharing its worker, child or process),
 * times detection and the return to full strength (a replaced worker or
 * child, or a whole new host when the fault took the host down), and
 * resubmits the lost work, so every side ends with the same results and the
 * same checksum. Each side runs in a sacrificial host process, so a fatal
 * crash on threads or inline ends that host, not the lab.
 *
 * Not a throughput comparison: a repetition reports no operations (so no
 * throughput ratio and no headline), only the fault's figures in its metrics.
 */
export const faults: ColdWorkload = {
  name: 'faults',
  description: 'one agent throws, exits, crashes, hangs or runs out of memory (or all fail at a rate): healthy work lost and time to recover',
  throughputUnit: 'none (see the fault figures)',
  latencyDefinition: 'one healthy task, from its first submission until it succeeded (retries after the fault included), timed by the supervisor',
  lifecycle: 'cold',
  parameters: {
    fault: { description: 'how the misbehaving agent breaks', default: 'crash', choices: FAULT_KINDS },
    agents: { description: 'agents, each with one task in flight per round', default: 8 },
    agentsPerWorker: { description: 'agents sharing one worker thread or child process', default: 2 },
    rounds: { description: 'rounds of one task per agent; the fault strikes in the middle one', default: 4 },
    steps: { description: 'belief updates per task', default: 40 },
    timeoutMs: { description: 'task timeout, and the silence after which a host is called hung', default: 500, min: 50 },
    heapLimitMb: { description: 'heap limit of every agent (MiB)', default: 64, min: 16, appliesWhen: (params) => params.fault === 'oom' },
    failurePercent: { description: 'chance an attempt fails (%)', default: 10, min: 0, appliesWhen: (params) => params.fault === 'flaky' },
    retries: { description: 'retries of a failed task', default: 3, min: 0, appliesWhen: (params) => params.fault === 'flaky' },
  },
  agents: (params) => numberParam(params, 'agents'),
  pool: (params) => {
    const perWorker = Math.min(numberParam(params, 'agents'), numberParam(params, 'agentsPerWorker'));
    return { poolSize: Math.ceil(numberParam(params, 'agents') / perWorker), tasksPerWorker: perWorker };
  },
  run: ({ side, params, seed }) => runFaults(side, params, seed),
};

export async function runFaults(side: BackendSide, params: CaseParams, seed: number): Promise<Repetition> {
  const plan = planOf(params);
  const options = linkOptions(side, params);
  let link = await HarnessLink.start(options);
  const latency = createHistogram();
  const checksums = new Map<number, string>();
  const hitAgents = new Set<number>();
  const phases = { before: new Phase(), during: new Phase(), after: new Phase() };
  const figures = { lostTasks: 0, failedTasks: 0, failedAttempts: 0, hostRestarts: 0, detectMs: Number.NaN, recoveryMs: Number.NaN };
  const started = performance.now();
  try {
    for (let round = 0; round < plan.rounds; round++) {
      const phase = round < plan.faultRound ? phases.before : round === plan.faultRound ? phases.during : phases.after;
      let tasks = range(plan.agents).map((agent): FaultTask => ({
        seed,
        agent,
        round,
        attempt: 1,
        steps: plan.steps,
        ...(round === plan.faultRound && agent === 0 && plan.fault !== 'flaky' ? { fault: plan.fault } : {}),
        ...(plan.failurePercent ? { failurePercent: plan.failurePercent } : {}),
      }));
      const roundStartMs = performance.now();
      while (tasks.length > 0) {
        const sentMs = performance.now();
        const { outcomes, died } = await link.round(tasks);
        const retry: FaultTask[] = [];
        let detectedMs: number | undefined;
        let healthyDone = 0;
        tasks.forEach((task, index) => {
          const outcome = outcomes[index]!;
          if (task.fault) {
            detectedMs = outcome.atMs;
            hitAgents.add(task.agent);
            return;
          }
          if (outcome.ok) {
            checksums.set(task.agent * plan.rounds + round, outcome.checksum);
            recordMs(latency, outcome.atMs - roundStartMs);
            healthyDone++;
            return;
          }
          hitAgents.add(task.agent);
          figures.failedAttempts++;
          if (plan.fault !== 'flaky' || task.attempt === 1) figures.lostTasks++;
          if (task.attempt < plan.attempts) retry.push({ ...task, attempt: task.attempt + 1 });
          else figures.failedTasks++;
        });
        if (died) {
          detectedMs ??= died.atMs;
          figures.hostRestarts++;
          await link.close();
          link = await HarnessLink.start(options);
        } else if (detectedMs !== undefined && !(await link.recover())) {
          throw new Error('the faults host died while recovering');
        }
        if (detectedMs !== undefined && Number.isNaN(figures.detectMs)) {
          figures.detectMs = detectedMs - sentMs;
          figures.recoveryMs = performance.now() - detectedMs;
        }
        phase.add(roundStartMs, performance.now(), healthyDone);
        tasks = retry;
      }
    }
    const durationMs = performance.now() - started;
    const memory = await link.memory();
    return {
      operations: 0,
      durationMs,
      latency,
      // Every healthy task ends with the same result on every side; only how many attempts it took differs.
      checksum: combineChecksums([...[...checksums.entries()].sort(([x], [y]) => x - y).map(([, value]) => value), `failed-${figures.failedTasks}`]),
      metrics: {
        lostTasks: figures.lostTasks,
        agentsHit: hitAgents.size,
        agents: plan.agents,
        failedTasks: figures.failedTasks,
        failedAttempts: figures.failedAttempts,
        hostRestarts: figures.hostRestarts,
        ...(Number.isNaN(figures.detectMs) ? {} : { detectMs: figures.detectMs, recoveryMs: figures.recoveryMs }),
        ...definedRates({
          healthyTasksPerSecBefore: phases.before.perSec(),
          healthyTasksPerSecDuring: phases.during.perSec(),
          healthyTasksPerSecAfter: phases.after.perSec(),
        }),
        ...(memory ? { rssAfterRecoveryBytes: memory.rssBytes, ...(memory.pssBytes !== null ? { pssAfterRecoveryBytes: memory.pssBytes } : {}) } : {}),
      },
    };
  } finally {
    await link.close();
  }
}

function definedRates(rates: Record<string, number | undefined>): Record<string, number> {
  return Object.fromEntries(Object.entries(rates).filter((entry): entry is [string, number] => entry[1] !== undefined));
}
