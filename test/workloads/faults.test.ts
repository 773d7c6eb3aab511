import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, describe, it } from 'node:test';
import { flakyFails } from '../../workloads/faults/agent.js';
import { FAULT_KINDS, type FaultKind } from '../../workloads/faults/kinds.js';
import { parseSide } from '../../src/backends/registry.js';
import { liveChildren } from '../../src/measure/process-tree.js';
import type { RunResult } from '../../src/result/types.js';
import { runFaults } from '../../workloads/faults/driver.js';
import type { CaseParams } from '../../src/workloads/types.js';

const CLI = fileURLToPath(new URL('../../src/cli.js', import.meta.url));
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const SEED = 42;
const AGENTS = 4;
const PER_WORKER = 2;
const ROUNDS = 3;
// Every process these tests start carries this mark in its environment, so leftovers can be found by it alone.
const MARK = `lab-faults-test-${process.pid}`;
process.env.LAB_TEST_MARK = MARK;

/** Processes still alive that carry this test's mark (the hosts and every child of their pools). */
function markedProcesses(): number[] {
  return readdirSync('/proc').filter((entry) => {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) return false;
    try {
      if (/\)\s+Z\s/.test(readFileSync(`/proc/${entry}/stat`, 'utf8'))) return false;
      return readFileSync(`/proc/${entry}/environ`, 'utf8').includes(`LAB_TEST_MARK=${MARK}`);
    } catch {
      return false;
    }
  }).map(Number);
}

async function noneLeft(): Promise<void> {
  // A pool's orphaned children leave when their channel closes; give them a moment to notice.
  for (let attempt = 0; attempt < 50 && markedProcesses().length > 0; attempt++) await new Promise((resolve) => setTimeout(resolve, 100));
  assert.deepEqual(markedProcesses(), [], 'no host or pool child is left behind');
  assert.deepEqual(liveChildren(), []);
}

function params(fault: FaultKind): CaseParams {
  return {
    fault,
    agents: AGENTS,
    agentsPerWorker: PER_WORKER,
    rounds: ROUNDS,
    // Long enough that healthy tasks on other workers are still running when a fatal crash lands.
    steps: 100,
    timeoutMs: 400,
    ...(fault === 'oom' ? { heapLimitMb: 64 } : {}),
    ...(fault === 'flaky' ? { failurePercent: 20, retries: 3 } : {}),
  };
}

/** Healthy tasks lost and agents hit: the culprit's worker-mates, or everyone where the fault ends the host. */
const HOST = { lostTasks: AGENTS - 1, agentsHit: AGENTS, hostRestarts: 1 };
const WORKER = { lostTasks: PER_WORKER - 1, agentsHit: PER_WORKER, hostRestarts: 0 };
const NONE = { lostTasks: 0, agentsHit: 1, hostRestarts: 0 };
const EXPECTED: Record<Exclude<FaultKind, 'flaky'>, Record<string, typeof HOST>> = {
  throw: { inline: NONE, threads: NONE, 'processes:advanced': NONE },
  exit: { inline: HOST, threads: WORKER, 'processes:advanced': WORKER },
  crash: { inline: HOST, threads: HOST, 'processes:advanced': WORKER },
  hang: { inline: HOST, threads: WORKER, 'processes:advanced': WORKER },
  oom: { inline: HOST, threads: WORKER, 'processes:advanced': WORKER },
};

/** The flaky kind's first attempts that fail: seeded, so the same on every side. */
function expectedFlaky(): { lostTasks: number; agentsHit: number } {
  const failing = Array.from({ length: AGENTS }, (_, agent) => Array.from({ length: ROUNDS }, (_, round) => flakyFails(SEED, agent, round, 1, 20)));
  const lostTasks = failing.flat().filter(Boolean).length;
  assert.ok(lostTasks > 0, 'the seed makes some tasks fail');
  return { lostTasks, agentsHit: failing.filter((rounds) => rounds.some(Boolean)).length };
}

describe('faults workload', { timeout: 240_000 }, () => {
  after(noneLeft);

  for (const fault of FAULT_KINDS) {
    it(`${fault}: each side loses the expected healthy tasks, recovers, and ends with the same results`, async () => {
      const checksums = new Set<string>();
      for (const side of ['inline', 'threads', 'processes:advanced']) {
        const repetition = await runFaults(parseSide(side), params(fault), SEED);
        const metrics = repetition.metrics!;
        const expected = fault === 'flaky' ? { ...expectedFlaky(), hostRestarts: 0 } : EXPECTED[fault][side]!;
        assert.deepEqual(
          { lostTasks: metrics.lostTasks, agentsHit: metrics.agentsHit, hostRestarts: metrics.hostRestarts },
          expected,
          `${fault} on ${side}`,
        );
        assert.equal(metrics.failedTasks, 0, 'every lost task succeeded when resubmitted');
        assert.equal(repetition.operations, 0, 'no throughput: faults never make a headline ratio');
        if (fault !== 'flaky') {
          assert.ok(metrics.detectMs! >= 0 && metrics.recoveryMs! >= 0, 'detection and recovery are timed');
          if (fault === 'hang') assert.ok(metrics.detectMs! >= 400, 'a hang is detected at the timeout, not before');
        }
        assert.ok(metrics.rssAfterRecoveryBytes! > 0);
        checksums.add(repetition.checksum);
        await noneLeft();
      }
      assert.equal(checksums.size, 1, 'every side ends with the same results');
    });
  }

  it('the lab survives a fatal crash on threads and reports the blast radius', () => {
    const cwd = mkdtempSync(path.join(os.tmpdir(), 'lab-faults-'));
    try {
      const run = spawnSync(process.execPath, [CLI, 'run', path.join(ROOT, 'fixtures/scenarios/faults.json'), '--out', path.join(cwd, 'run.json')], {
        cwd,
        encoding: 'utf8',
        timeout: 120_000,
      });
      assert.equal(run.status, 0, run.stderr);
      assert.match(run.stdout + run.stderr, /fatal crash \(abort\) in one agent: threads lost 4 of 4 agents .*processes:advanced lost 2 of 4 agents/);
      const result = JSON.parse(readFileSync(path.join(cwd, 'run.json'), 'utf8')) as RunResult;
      const threads = result.cases.find((item) => item.backend === 'threads')!;
      assert.equal(threads.state, 'completed');
      assert.equal(threads.summary!.metrics.hostRestarts, 1);
      const verdict = result.comparisons.find((item) => item.metric === 'agentsHit' && item.b === 'processes:advanced')!;
      assert.equal(verdict.verdict, 'b', 'processes keep the crash to one child');
      assert.equal(result.comparisons.filter((item) => item.headline).length, 0, 'faults make no headline ratio');
    } finally {
      rmSync(cwd, { recursive: true, force: true });
    }
  });
});
