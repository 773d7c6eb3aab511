import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { runFixture } from '../../fixtures/run-scenario.js';
import type { RunResult } from '../../src/result/types.js';
import { STEADY_BATCHES } from '../../src/runner/batch.js';
import { analyseRun } from '../../src/compare/analysis.js';

const directory = mkdtempSync(path.join(os.tmpdir(), 'lab-adaptive-'));
after(() => rmSync(directory, { recursive: true, force: true }));

/** Runs `work` while a busy loop whose parent exits at once runs outside the lab's process tree, like any other program. */
async function besideABusyLoop<T>(work: () => Promise<T>): Promise<T> {
  const outsider = spawn('sh', ['-c', `${JSON.stringify(process.execPath)} -e "const end = Date.now() + 60000; while (Date.now() < end);" >/dev/null 2>&1 & echo $!`]);
  const pid = await new Promise<number>((resolve) => outsider.stdout.once('data', (data: Buffer) => resolve(Number(String(data).trim()))));
  try {
    return await work();
  } finally {
    process.kill(pid, 'SIGKILL');
  }
}

function checkSampling(result: RunResult, target: number): void {
  assert.equal(result.points!.length, 2);
  for (const point of result.points!) {
    assert.ok(point.rounds >= 6 && point.rounds <= 12, `${point.id}: ${point.rounds} rounds within [repeat, maxRounds]`);
    assert.ok(['target', 'max-rounds'].includes(point.stoppedBy), `${point.id} stopped by ${point.stoppedBy}`);
    if (point.stoppedBy === 'target') assert.ok(point.converged && point.halfWidth! <= target, `${point.id} met its target`);
    const cases = result.cases.filter((item) => item.id.startsWith(`${point.id}/`));
    assert.equal(cases.length, 2);
    for (const item of cases) {
      assert.equal(item.samples.length, point.rounds, `${item.id}: one sample per kept round`);
      assert.deepEqual(
        item.samples.map((sample) => sample.round),
        Array.from({ length: point.rounds }, (_, round) => round),
      );
      assert.ok(item.batch! >= 1 && item.batch === point.batch[`${item.backend}${item.variant === 'default' ? '' : `:${item.variant}`}`]);
      // repetitionMs > 0: every side was warmed in batches until steady or for warmupMs at most (default 1 s).
      assert.ok(item.warmup && item.warmup.batches >= 1, `${item.id}: warm-up recorded`);
      if (item.warmup.steady) assert.ok(item.warmup.batches >= 1 + STEADY_BATCHES, `${item.id}: steady after ${item.warmup.batches} batches`);
      else assert.ok(item.warmup.ms >= 1000, `${item.id}: not steady, so warmed for the whole warmupMs (${item.warmup.ms} ms)`);
    }
  }
  const headline = result.comparisons.filter((comparison) => comparison.headline);
  assert.equal(headline.length, 2, 'threads against processes:json on throughput, at each point');
  assert.equal(result.budget!.headline, 2);
  assert.equal(result.budget!.decided, headline.filter((comparison) => comparison.converged).length);
  for (const comparison of headline) assert.equal(comparison.converged, comparison.halfWidth! <= target);
}

describe('adaptive sampling', () => {
  it('runs the minimum rounds, then adds rounds until the headline interval meets its target or the round limit', async () => {
    const { result } = await runFixture('adaptive.json', directory);
    checkSampling(result, 0.5);
    assert.equal(result.budget!.targetHalfWidth, 0.5);
    assert.equal(result.budget!.repetitionMs, 100);
  });

  it('rests a side outside the headline pair once its ratios against both members are decided; the pair samples on', async () => {
    const { result } = await runFixture('resting.json', directory);
    const point = result.points![0]!;
    assert.deepEqual(point.rested, ['inline'], 'inline, 20× faster than both pools, is decided at the minimum rounds');
    assert.equal(point.rounds, 9, 'the unreachable target keeps the pair sampling to the round limit');
    const rounds = (label: string): number[] => result.cases.find((item) => item.id.endsWith(`/${label}`))!.samples.map((sample) => sample.round!);
    assert.deepEqual(rounds('inline'), [0, 1, 2, 3, 4]);
    assert.deepEqual(rounds('threads'), [0, 1, 2, 3, 4, 5, 6, 7, 8]);
    assert.deepEqual(rounds('processes:json'), rounds('threads'));
    const inline = result.comparisons.find((c) => c.metric === 'throughputPerSec' && [c.a, c.b].includes('inline') && [c.a, c.b].includes('threads'));
    assert.equal(inline?.rounds, 5, 'its ratios rest on the rounds it ran');
  });

  it('grows each repetition to the target time: a short workload runs several times per repetition, the batch recorded', async () => {
    const { result } = await runFixture('adaptive.json', directory, { filter: 'exploration', repeat: 6 });
    // 2 agents × 10 steps take a millisecond or two, far under the 100 ms target, so a repetition is a batch of runs.
    assert.ok(result.cases.every((item) => item.batch! > 1), result.cases.map((item) => `${item.id}: batch ${item.batch}`).join('; '));
    for (const item of result.cases) {
      for (const sample of item.samples) assert.equal(sample.operations, item.batch! * 2 * 10, `${item.id}: every run of the batch counted`);
    }
  });

  it('with --repeat, takes exactly that many rounds and says the sampling was fixed', async () => {
    const { result } = await runFixture('adaptive.json', directory, { repeat: 3, filter: 'exploration' });
    assert.deepEqual(result.points!.map((point) => [point.rounds, point.stoppedBy]), [[3, 'fixed']]);
  });

  it('redoes rounds during which a process outside the run took CPU, counts them, and warns with the figure', async () => {
    const { result } = await besideABusyLoop(() => runFixture('adaptive.json', directory, { repeat: 6, filter: 'exploration' }));
    const point = result.points![0]!;
    assert.equal(point.rounds, 6, 'the rounds it needs are still kept');
    assert.ok(point.roundsDisturbed >= 3, `${point.roundsDisturbed} rounds redone`);
    assert.ok(result.noise!.foreignCpuMean > 0.5, `other processes took ${result.noise!.foreignCpuMean} CPUs`);
    assert.ok(result.noise!.warnings.some((warning) => /disturbed by other processes/.test(warning)));
    assert.ok(result.noise!.warnings.some((warning) => /the machine was busy: other processes took \d/.test(warning)));
  });

  it('under a budget, redoes disturbed rounds of the minimum too', async () => {
    const { result } = await besideABusyLoop(() => runFixture('adaptive.json', directory, { budgetSeconds: 60, filter: 'exploration' }));
    assert.ok(result.points![0]!.roundsDisturbed >= 3, `${result.points![0]!.roundsDisturbed} rounds redone`);
  });

  it('leaves out the points a budget cannot fit even at their fewest rounds, names them, and measures the rest', async () => {
    // A budget that the first point's minimum alone uses up: the second cannot fit, so it is left out, not overrun.
    const { result } = await runFixture('adaptive.json', directory, { budgetSeconds: 0.5 });
    assert.deepEqual(result.leftOut, ['messaging/pattern=roundtrip,payloadBytes=64,poolSize=2']);
    assert.deepEqual(result.points!.map((point) => point.id), ['exploration/agents=2,steps=10,poolSize=2']);
    assert.ok(result.cases.every((item) => item.workload === 'exploration'));
    assert.ok(analyseRun(result).warnings.some((warning) => /1 point\(s\) left out to fit the budget/.test(warning)));
  });

  it('stops a point at the budget of the run even before its fewest rounds, and says so, rather than overrunning', async () => {
    // 4 s less the 1 s CPU probe and the 2.5 s kept for the end leave 0.5 s: the pools' opening and warm-up alone take
    // more, so the point gets the one round it always gets and no more of its 6.
    const { result } = await runFixture('adaptive.json', directory, { budgetSeconds: 4, filter: 'exploration' });
    const point = result.points![0]!;
    assert.equal(point.stoppedBy, 'budget');
    assert.ok(point.rounds >= 1 && point.rounds < 6, `${point.rounds} rounds`);
    const headline = result.comparisons.find((comparison) => comparison.headline)!;
    assert.equal(headline.verdict, 'undecided', 'fewer than 5 rounds decide nothing');
    assert.equal(headline.converged, false);
  });

});
